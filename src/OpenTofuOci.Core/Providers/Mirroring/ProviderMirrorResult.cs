using OpenTofuOci.Core.Errors;

namespace OpenTofuOci.Core.Providers.Mirroring;

/// <summary>What happened to one platform of one mirrored version.</summary>
public enum ProviderMirrorStatus
{
    /// <summary>The version was published (or its provenance added) by this run.</summary>
    Published,
    /// <summary>The target already had exactly this version and its provenance; nothing was uploaded.</summary>
    AlreadyPresent,
    /// <summary>The version could not be mirrored; nothing of it was tagged. See <see cref="ProviderMirrorItem.Error"/>.</summary>
    Failed,
}

/// <summary>One platform of one version, as <see cref="ProviderMirrorer"/> left it (docs/opentofu-compatibility.md §9.7).</summary>
/// <param name="Version">The version.</param>
/// <param name="Platform">The platform.</param>
/// <param name="SourceUrl">Where the package was read from (URL or path), when known.</param>
/// <param name="ZipDigest">The zip's digest (<c>sha256:…</c>), once downloaded and verified.</param>
/// <param name="IndexDigest">The digest of the version's index in the target, once published.</param>
/// <param name="SignedBy">The key id (16 upper-case hex digits) that signed the release's checksum list, or <c>unsigned</c>; null when not verified.</param>
/// <param name="ProvenanceDigest">The provenance artifact manifest's digest, once pushed.</param>
/// <param name="Status">Published, already present or failed.</param>
/// <param name="Error">Why the version failed, with its own error id; null otherwise.</param>
public sealed record ProviderMirrorItem(
    ProviderVersion Version,
    ProviderPlatform Platform,
    string? SourceUrl,
    string? ZipDigest,
    string? IndexDigest,
    string? SignedBy,
    string? ProvenanceDigest,
    ProviderMirrorStatus Status,
    TofuOciException? Error);

/// <summary>A version that could not be mirrored, and why.</summary>
/// <param name="Version">The version.</param>
/// <param name="Error">The failure, with its own error id (e.g. <c>ChecksumMismatch</c>, <c>SignatureInvalid</c>, <c>UnsignedRelease</c>).</param>
public sealed record ProviderMirrorFailure(ProviderVersion Version, TofuOciException Error);

/// <summary>Everything <see cref="ProviderMirrorer.MirrorAsync"/> did.</summary>
/// <param name="Provider">The provider.</param>
/// <param name="Source">Where releases were read from.</param>
/// <param name="SourceKind">The kind of source.</param>
/// <param name="Repository">Where they were published, as shown in messages.</param>
/// <param name="Items">One per version and platform, versions oldest first, platforms by OS then architecture.</param>
/// <param name="Failures">One per version that failed, oldest first.</param>
/// <param name="BytesUploaded">Bytes sent to the target (packages, manifests, provenance); 0 when everything was there.</param>
public sealed record ProviderMirrorResult(
    ProviderAddress Provider,
    string Source,
    Sources.ProviderSourceKind SourceKind,
    string Repository,
    IReadOnlyList<ProviderMirrorItem> Items,
    IReadOnlyList<ProviderMirrorFailure> Failures,
    long BytesUploaded)
{
    /// <summary>True when every version was mirrored.</summary>
    public bool IsComplete => Failures.Count == 0;

    /// <summary>
    /// <see cref="ErrorIds.ProviderMirrorIncomplete"/> summarising <see cref="Failures"/> (each version keeps its
    /// own error), or null when the mirror is complete.
    /// </summary>
    public TofuOciException? Incomplete => IsComplete
        ? null
        : new TofuOciException(ErrorIds.ProviderMirrorIncomplete, ErrorKind.InvalidData,
            $"{Failures.Count} of {Items.Select(i => i.Version).Distinct().Count()} version(s) of {Provider} could not be mirrored from {Source} to {Repository} "
            + $"({string.Join(", ", Failures.Select(f => $"{f.Version}: {f.Error.ErrorId}"))}); nothing was published for them. "
            + "The other versions were published. Fix or skip the failed versions and run the mirror again; what is already there is not uploaded again.",
            Repository);
}
