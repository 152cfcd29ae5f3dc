namespace OpenTofuOci.Core.Modules;

/// <summary>What <see cref="ModulePublisher"/> did.</summary>
/// <param name="Repository">Where, as users write it (<c>host/repo</c> or <c>oci-layout:&lt;dir&gt;</c>).</param>
/// <param name="Tags">The tags now pointing at the package (all that were asked for).</param>
/// <param name="ManifestDigest">The image manifest's digest.</param>
/// <param name="LayerDigest">The zip's digest.</param>
/// <param name="LayerSize">The zip's size in bytes.</param>
/// <param name="FileName">The layer title (the zip's file name).</param>
/// <param name="Files">The entry names packaged, sorted.</param>
/// <param name="Source">The address pinned to the manifest digest, to paste into configuration (or into Save).</param>
/// <param name="BytesUploaded">Bytes actually sent; 0 when everything was there already.</param>
/// <param name="BlobsUploaded">Blobs (zip, config) sent.</param>
/// <param name="BlobsSkipped">Blobs the target already had.</param>
public sealed record ModulePublishResult(
    string Repository,
    IReadOnlyList<string> Tags,
    string ManifestDigest,
    string LayerDigest,
    long LayerSize,
    string FileName,
    IReadOnlyList<string> Files,
    string Source,
    long BytesUploaded,
    int BlobsUploaded,
    int BlobsSkipped)
{
    /// <summary>Whether tags were created, left alone or moved.</summary>
    public ModulePublishStatus Status { get; init; } = ModulePublishStatus.Published;

    /// <summary>The tags a forced publish moved, with what they pointed at before, in tag order.</summary>
    public IReadOnlyList<ModuleTagReplacement> ReplacedTags { get; init; } = [];

    /// <summary>True when <see cref="Source"/> names a layout, which OpenTofu cannot read: copy it to a registry first.</summary>
    public bool IsLayout => Source.StartsWith(Oci.Targets.TargetAddress.LayoutPrefix, StringComparison.Ordinal);
}
