using OpenTofuOci.Core.Oci;

namespace OpenTofuOci.Core.Providers.Publishing;

/// <summary>What happened to the version's tag.</summary>
public enum ProviderPublishStatus
{
    /// <summary>The tag did not exist; it now points at the new index.</summary>
    Published,
    /// <summary>The tag already pointed at exactly this index; nothing was written.</summary>
    Unchanged,
    /// <summary>The tag pointed at different content and was moved (Force).</summary>
    Replaced,
}

/// <summary>What <see cref="ProviderPublisher"/> or <see cref="ProviderVersionCopier"/> did.</summary>
/// <param name="Type">Provider type (from the file names; empty for a copy, which only knows the index).</param>
/// <param name="Version">The version published.</param>
/// <param name="Repository">Where, as shown in messages.</param>
/// <param name="Tag">The version's tag (<c>+</c> written as <c>_</c>).</param>
/// <param name="Index">The multi-platform index the tag points at.</param>
/// <param name="Platforms">One entry per platform, in index order.</param>
/// <param name="Status">Whether the tag was created, left alone or replaced.</param>
/// <param name="PreviousDigest">The digest the tag pointed at before, when it was replaced.</param>
/// <param name="BytesUploaded">Bytes actually sent (blobs and manifests); 0 when everything was there already.</param>
/// <param name="BlobsUploaded">Blobs (zips and config) sent; for a copy, manifests and blobs sent.</param>
/// <param name="BlobsSkipped">Blobs the target already had; for a copy, manifests and blobs already there or mounted.</param>
public sealed record ProviderPublishResult(
    string Type,
    ProviderVersion Version,
    string Repository,
    string Tag,
    Descriptor Index,
    IReadOnlyList<ProviderPublishedPlatform> Platforms,
    ProviderPublishStatus Status,
    string? PreviousDigest,
    long BytesUploaded,
    int BlobsUploaded,
    int BlobsSkipped)
{
    /// <summary>The index digest, which OpenTofu resolves the tag to.</summary>
    public string IndexDigest => Index.Digest;
}

/// <summary>One platform of a published version.</summary>
/// <param name="Platform"><c>os_arch</c>.</param>
/// <param name="ManifestDigest">The platform's image manifest.</param>
/// <param name="LayerDigest">The zip layer (null after a copy, which does not open platform manifests).</param>
/// <param name="ZipHash"><c>zh:</c> hash of the zip (null when <paramref name="LayerDigest"/> is).</param>
/// <param name="FileName">The zip's file name (layer title), when known.</param>
/// <param name="Size">Zip size in bytes, when known.</param>
public sealed record ProviderPublishedPlatform(string Platform, string ManifestDigest, string? LayerDigest, string? ZipHash, string? FileName, long? Size);
