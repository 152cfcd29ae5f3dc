using OpenTofuOci.Core.Oci.Targets;

namespace OpenTofuOci.Core.Oci.Copy;

/// <summary>
/// Copies a tagged or pinned artifact with everything it references (index → manifests → config and
/// layers) between any two targets, bytes and digests unchanged.
/// </summary>
public static class ArtifactCopier
{
    /// <param name="source">Where to read.</param>
    /// <param name="sourceReference">Tag or digest in the source.</param>
    /// <param name="destination">Where to write.</param>
    /// <param name="destinationTag">Tag to give it in the destination (null: keep it untagged unless the source reference was a tag, then the same tag).</param>
    public static Task<CopyResult> CopyAsync(IReadOnlyTarget source, string sourceReference, ITarget destination, string? destinationTag,
        CopyOptions? options = null, IProgress<TransferProgress>? progress = null, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();
}
