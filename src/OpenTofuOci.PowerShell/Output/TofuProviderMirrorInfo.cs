namespace OpenTofuOci.PowerShell.Output;

/// <summary>
/// One platform of one provider version mirrored by <c>Copy-TofuProvider</c> (docs/opentofu-compatibility.md §9.7).
/// Versions that failed are written as errors, not as objects.
/// </summary>
public sealed class TofuProviderMirrorInfo
{
    internal TofuProviderMirrorInfo(string provider, string version, string platform, string status, string? sourceUrl, string? zipDigest,
        string? indexDigest, string? signedBy, string? provenanceDigest, string repository, string source)
    {
        Provider = provider;
        Version = version;
        Platform = platform;
        Status = status;
        SourceUrl = sourceUrl;
        ZipDigest = zipDigest;
        IndexDigest = indexDigest;
        SignedBy = signedBy;
        ProvenanceDigest = provenanceDigest;
        Repository = repository;
        Source = source;
    }

    /// <summary>The provider address, e.g. <c>registry.opentofu.org/hashicorp/aws</c>.</summary>
    public string Provider { get; }

    /// <summary>The version.</summary>
    public string Version { get; }

    /// <summary>The platform, <c>os_arch</c>.</summary>
    public string Platform { get; }

    /// <summary><c>Published</c> (this run wrote it or its provenance) or <c>AlreadyPresent</c> (nothing was uploaded).</summary>
    public string Status { get; }

    /// <summary>Where the package was read from (URL or path).</summary>
    public string? SourceUrl { get; }

    /// <summary>The zip's digest (<c>sha256:…</c>); its hex is the <c>zh:</c> hash.</summary>
    public string? ZipDigest { get; }

    /// <summary>The digest of the version's multi-platform index in <see cref="Repository"/>.</summary>
    public string? IndexDigest { get; }

    /// <summary>The key id that signed the release's SHA256SUMS, or <c>unsigned</c>.</summary>
    public string? SignedBy { get; }

    /// <summary>The digest of the provenance artifact that refers to the index.</summary>
    public string? ProvenanceDigest { get; }

    /// <summary>Where the version was published.</summary>
    public string Repository { get; }

    /// <summary>Where releases were read from.</summary>
    public string Source { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{Provider} {Version} {Platform}";
}
