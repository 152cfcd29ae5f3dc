namespace OpenTofuOci.Core.Packages;

/// <summary>
/// Limits and destination handling for <see cref="SafeZipExtractor"/>. OpenTofu itself extracts
/// without limits (docs/opentofu-compatibility.md §2.6); these stop zip bombs before they fill a disk.
/// </summary>
public sealed class ZipExtractionOptions
{
    /// <summary>1 GiB.</summary>
    public const long OneGiB = 1L << 30;

    /// <summary>Most entries (files, directories, links) an archive may have. Default 10 000.</summary>
    public int MaxEntries { get; init; } = 10_000;

    /// <summary>
    /// Most uncompressed bytes in total, counted as they are really decompressed (headers are not
    /// trusted). Default 4 GiB: the largest provider binaries today are well under 1 GiB.
    /// </summary>
    public long MaxTotalBytes { get; init; } = 4 * OneGiB;

    /// <summary>
    /// When the destination exists and is not empty: false (default) fails with
    /// <c>DestinationExists</c>; true replaces it once the new content is complete.
    /// An existing empty directory is always replaced.
    /// </summary>
    public bool Overwrite { get; init; }

    /// <summary>
    /// Also compute the <c>h1:</c> of the extracted directory while writing it
    /// (<see cref="ZipExtractionResult.H1"/>): every written file's bytes are hashed as they are
    /// written, under its final relative name, so the result equals
    /// <see cref="DirHash.HashDirectoryAsync"/> of the destination without reading it back.
    /// </summary>
    public bool ComputeH1 { get; init; }

    /// <summary>Defaults for provider packages (4 GiB, 10 000 entries).</summary>
    public static ZipExtractionOptions ForProviders { get; } = new();

    /// <summary>Defaults for module packages (1 GiB, 10 000 entries).</summary>
    public static ZipExtractionOptions ForModules { get; } = new() { MaxTotalBytes = OneGiB };
}

/// <summary>What <see cref="SafeZipExtractor"/> wrote.</summary>
/// <param name="Destination">Full path of the extracted directory.</param>
/// <param name="FileCount">Regular files written (symlink entries included, written as files).</param>
/// <param name="TotalBytes">Uncompressed bytes written.</param>
public sealed record ZipExtractionResult(string Destination, int FileCount, long TotalBytes)
{
    /// <summary>The <c>h1:</c> of the extracted directory when <see cref="ZipExtractionOptions.ComputeH1"/> was set; otherwise null.</summary>
    public PackageHash? H1 { get; init; }
}
