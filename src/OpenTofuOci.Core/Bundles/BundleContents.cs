namespace OpenTofuOci.Core.Bundles;

/// <summary>
/// What a bundle holds, written as the bundle manifest's layer (docs/opentofu-compatibility.md §13).
/// Lists are sorted (providers by address then version, platforms by name, modules by source) and nothing
/// depends on time or machine, so the same inputs give the same bytes and the same bundle digest.
/// </summary>
public sealed record BundleContents
{
    /// <summary>Always 1 for this format.</summary>
    public int SchemaVersion { get; init; } = 1;

    public IReadOnlyList<BundleProvider> Providers { get; init; } = [];

    public IReadOnlyList<BundleModule> Modules { get; init; } = [];
}

/// <summary>One provider version in a bundle.</summary>
/// <param name="Address">The provider address, <c>host/namespace/type</c>.</param>
/// <param name="Version">The version.</param>
/// <param name="RefNamePrefix">Its repository view's prefix (<see cref="BundleFormat.ProviderRefNamePrefix"/>).</param>
/// <param name="Tag">The version's tag in that view (OpenTofu's tag spelling of the version).</param>
/// <param name="IndexDigest">The digest of the provider index the tag points at.</param>
/// <param name="Platforms">One entry per bundled platform.</param>
/// <param name="ProvenanceDigest">The provenance referrer's manifest digest, or null when the source had none.</param>
/// <param name="Source">Where the version came from (repository or origin URL), for the record.</param>
public sealed record BundleProvider(
    string Address,
    string Version,
    string RefNamePrefix,
    string Tag,
    string IndexDigest,
    IReadOnlyList<BundlePlatform> Platforms,
    string? ProvenanceDigest,
    string Source);

/// <summary>One platform of a bundled provider version, with the hashes a lock file records for it.</summary>
/// <param name="Platform"><c>os_arch</c>.</param>
/// <param name="ManifestDigest">The platform manifest's digest.</param>
/// <param name="ZipDigest">The zip layer's digest.</param>
/// <param name="ZipSize">The zip layer's size in bytes.</param>
/// <param name="H1">The package's <c>h1:</c> hash.</param>
/// <param name="Zh">The zip's <c>zh:</c> hash.</param>
public sealed record BundlePlatform(string Platform, string ManifestDigest, string ZipDigest, long ZipSize, string H1, string Zh);

/// <summary>One module artifact in a bundle.</summary>
/// <param name="Source">The <c>oci://</c> source as the configuration wrote it (without <c>//subdir</c>).</param>
/// <param name="RefNamePrefix">Its repository view's prefix (<see cref="BundleFormat.ModuleRefNamePrefix"/>).</param>
/// <param name="Tag">The tag in that view (the source's tag, or <see cref="BundleFormat.ModuleDigestTag"/>).</param>
/// <param name="Digest">The module manifest's digest.</param>
/// <param name="UsedBy">The module calls that use it (<c>module.a.module.b</c>), sorted.</param>
public sealed record BundleModule(string Source, string RefNamePrefix, string Tag, string Digest, IReadOnlyList<string> UsedBy);
