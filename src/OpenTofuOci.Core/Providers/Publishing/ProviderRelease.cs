using OpenTofuOci.Core.Oci;

namespace OpenTofuOci.Core.Providers.Publishing;

/// <summary>
/// A checked provider release: one type, one version, one zip per platform, each hashed (and matched
/// against <c>SHA256SUMS</c> when the release has one), or, scanned for publishing, with its digest
/// still to be checked or learnt by the upload. Built by <see cref="ProviderReleaseScanner"/>.
/// </summary>
/// <param name="Type">The provider type from the file names (e.g. <c>aws</c>).</param>
/// <param name="Version">The version from the file names (or the one asked for, which must agree).</param>
/// <param name="Packages">One per platform, sorted by OS then architecture (ordinal) so the index is deterministic.</param>
/// <param name="ChecksumsFile">The <c>SHA256SUMS</c> file every zip was (or, for packages not yet <see cref="ProviderReleasePackage.Verified"/>, is to be) matched against, if any.</param>
public sealed record ProviderRelease(string Type, ProviderVersion Version, IReadOnlyList<ProviderReleasePackage> Packages, string? ChecksumsFile)
{
    /// <summary>True when every zip's digest was computed from its bytes.</summary>
    public bool IsVerified => Packages.All(p => p.Verified);

    /// <summary>The OCI tag of the version (docs/opentofu-compatibility.md §1.3 step 1: <c>+</c> written as <c>_</c>).</summary>
    public string Tag => Version.ToTag();
}

/// <summary>One platform's zip of a <see cref="ProviderRelease"/>.</summary>
/// <param name="Platform">OS and architecture from the file name.</param>
/// <param name="File">The zip.</param>
/// <param name="Digest">sha256 of the zip bytes: the layer digest, and the <c>zh:</c> hash's hex.</param>
/// <param name="Size">Size of the zip in bytes.</param>
/// <param name="Verified">
/// False when <paramref name="Digest"/> is the release's <c>SHA256SUMS</c> entry and <paramref name="Size"/>
/// the file's length, not yet checked against the bytes (<see cref="ProviderReleaseScanner.ScanTrustingChecksumsAsync"/>):
/// <see cref="ProviderPublisher"/> checks them while it uploads the zip, or hashes the zip when the target has it already.
/// </param>
public sealed record ProviderReleasePackage(ProviderPlatform Platform, ProviderReleaseFile File, Digest Digest, long Size, bool Verified = true)
{
    /// <summary>
    /// True when nothing has told the digest yet: the release has no <c>SHA256SUMS</c> and
    /// <see cref="ProviderReleaseScanner.ScanTrustingChecksumsAsync"/> did not hash the zip, so
    /// <see cref="Digest"/> is <c>default</c> and <see cref="Size"/> the file's length at the scan.
    /// <see cref="ProviderPublisher"/> learns the digest while it uploads the zip (or hashes it first when
    /// the version's tag exists, so an unchanged republish sends nothing).
    /// </summary>
    public bool DigestPending { get; init; }

    /// <summary>The <c>zh:</c> hash OpenTofu records for this package (docs/opentofu-compatibility.md §2.2).</summary>
    public string ZipHash => "zh:" + Digest.Encoded;
}
