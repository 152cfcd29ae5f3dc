namespace OpenTofuOci.PowerShell.Output;

/// <summary>A module package saved into a directory by <c>Save-TofuModule</c>.</summary>
public sealed class TofuModuleSaveInfo
{
    internal TofuModuleSaveInfo(string source, string pinnedSource, string digest, string layerDigest, string? subdir, string path, int fileCount, long totalBytes)
    {
        Source = source;
        PinnedSource = pinnedSource;
        Digest = digest;
        LayerDigest = layerDigest;
        Subdir = subdir;
        Path = path;
        FileCount = fileCount;
        TotalBytes = totalBytes;
    }

    /// <summary>The module source as given.</summary>
    public string Source { get; }

    /// <summary>The source pinned to the manifest digest that was saved.</summary>
    public string PinnedSource { get; }

    /// <summary>The image manifest's digest.</summary>
    public string Digest { get; }

    /// <summary>The zip layer's digest (verified).</summary>
    public string LayerDigest { get; }

    /// <summary>The <c>//subdir</c> saved, or null for the whole package.</summary>
    public string? Subdir { get; }

    /// <summary>Full path of the saved module directory.</summary>
    public string Path { get; }

    /// <summary>Files saved.</summary>
    public int FileCount { get; }

    /// <summary>Bytes saved.</summary>
    public long TotalBytes { get; }

    /// <inheritdoc/>
    public override string ToString() => Path;
}
