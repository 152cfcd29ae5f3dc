namespace OpenTofuOci.PowerShell.Output;

/// <summary>One provider version published or copied by <c>Publish-TofuProvider</c>.</summary>
public sealed class TofuProviderPublishInfo
{
    internal TofuProviderPublishInfo(string repository, string tag, string version, string? type, string digest, string[] platforms,
        string status, string? previousDigest, long bytesUploaded, int blobsUploaded, int blobsSkipped, string? sourceRepository)
    {
        Repository = repository;
        Tag = tag;
        Version = version;
        Type = type;
        Digest = digest;
        Platforms = platforms;
        Status = status;
        PreviousDigest = previousDigest;
        BytesUploaded = bytesUploaded;
        BlobsUploaded = blobsUploaded;
        BlobsSkipped = blobsSkipped;
        SourceRepository = sourceRepository;
    }

    /// <summary>Where the version now is: <c>host[:port]/repository</c> or <c>oci-layout:&lt;absolute directory&gt;</c>.</summary>
    public string Repository { get; }

    /// <summary>The version's tag (<c>+</c> written as <c>_</c>).</summary>
    public string Tag { get; }

    /// <summary>The provider version.</summary>
    public string Version { get; }

    /// <summary>The provider type from the file names (e.g. <c>aws</c>); null for a copy, which only knows the index.</summary>
    public string? Type { get; }

    /// <summary>The digest of the multi-platform index the tag points at.</summary>
    public string Digest { get; }

    /// <summary>The platforms (<c>os_arch</c>) of the version, in index order.</summary>
#pragma warning disable CA1819 // PowerShell users expect a plain array they can index and pipe.
    public string[] Platforms { get; }
#pragma warning restore CA1819

    /// <summary><c>Published</c> (new tag), <c>Unchanged</c> (identical content was there) or <c>Replaced</c> (-Force).</summary>
    public string Status { get; }

    /// <summary>The digest the tag pointed at before it was replaced, or null.</summary>
    public string? PreviousDigest { get; }

    /// <summary>Bytes actually sent; 0 when everything was there already (or mounted).</summary>
    public long BytesUploaded { get; }

    /// <summary>Blobs sent: the zips and the config blob; for a copy, the manifests and blobs sent.</summary>
    public int BlobsUploaded { get; }

    /// <summary>Blobs the target already had (so not sent); for a copy, the manifests and blobs already there or mounted.</summary>
    public int BlobsSkipped { get; }

    /// <summary>For a copy, the repository the version was copied from; null for a publish from files.</summary>
    public string? SourceRepository { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{Repository}:{Tag}";
}
