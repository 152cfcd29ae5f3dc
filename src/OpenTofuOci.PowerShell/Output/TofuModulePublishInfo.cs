namespace OpenTofuOci.PowerShell.Output;

/// <summary>
/// A module package published by <c>Publish-TofuModule</c>. <see cref="Source"/> binds by property name to
/// <c>Save-TofuModule -Source</c>, so <c>Publish-TofuModule … | Save-TofuModule -Destination x</c> saves
/// exactly what was published.
/// </summary>
public sealed class TofuModulePublishInfo
{
    internal TofuModulePublishInfo(string repository, string[] tags, string digest, string source, string layerDigest, long size, int fileCount, long bytesUploaded,
        string status, string[] replacedTags)
    {
        Status = status;
        ReplacedTags = replacedTags;
        Repository = repository;
        Tags = tags;
        Digest = digest;
        Source = source;
        LayerDigest = layerDigest;
        Size = size;
        FileCount = fileCount;
        BytesUploaded = bytesUploaded;
    }

    /// <summary>Where the package is: <c>host[:port]/repository</c> or <c>oci-layout:&lt;absolute directory&gt;</c>.</summary>
    public string Repository { get; }

    /// <summary>The tags now pointing at the package.</summary>
#pragma warning disable CA1819 // PowerShell users expect a plain array they can index and pipe.
    public string[] Tags { get; }
#pragma warning restore CA1819

    /// <summary>The image manifest's digest.</summary>
    public string Digest { get; }

    /// <summary>The address pinned to <see cref="Digest"/>: <c>oci://host/repository?digest=sha256:…</c> to paste into a module block
    /// (for a layout, an <c>oci-layout:</c> address only tofu-oci reads).</summary>
    public string Source { get; }

    /// <summary>The zip layer's digest.</summary>
    public string LayerDigest { get; }

    /// <summary>The zip's size in bytes.</summary>
    public long Size { get; }

    /// <summary>Files in the package.</summary>
    public int FileCount { get; }

    /// <summary>Bytes actually sent; 0 when everything was there already.</summary>
    public long BytesUploaded { get; }

    /// <summary><c>Published</c> (a tag was new), <c>Unchanged</c> (every tag was on this package already; nothing written) or <c>Replaced</c> (-Force moved a tag).</summary>
    public string Status { get; }

    /// <summary>The tags -Force moved from other content (what they pointed at is in the -Verbose output); empty otherwise.</summary>
#pragma warning disable CA1819 // PowerShell users expect a plain array they can index and pipe.
    public string[] ReplacedTags { get; }
#pragma warning restore CA1819

    /// <inheritdoc/>
    public override string ToString() => Source;
}
