using System.Globalization;

namespace OpenTofuOci.Core.Packages;

/// <summary>
/// Limits and destination handling for <see cref="SafeZipExtractor"/> (and the limits for hashing a
/// zip, <see cref="DirHash.HashZipAsync(string, ZipExtractionOptions?, CancellationToken)"/>). OpenTofu
/// itself extracts without limits (docs/opentofu-compatibility.md §2.6); these stop zip bombs before
/// they fill a disk or burn minutes of CPU. Each can be raised through an environment variable
/// (<see cref="FromVariables"/>) for the rare genuine giant, and the errors name it.
/// </summary>
public sealed record ZipExtractionOptions
{
    /// <summary>1 GiB.</summary>
    public const long OneGiB = 1L << 30;

    /// <summary>Overrides <see cref="MaxTotalBytes"/> (bytes).</summary>
    public const string MaxBytesVariable = "TOFU_OCI_MAX_EXTRACT_BYTES";

    /// <summary>Overrides <see cref="MaxRatio"/>.</summary>
    public const string MaxRatioVariable = "TOFU_OCI_MAX_EXTRACT_RATIO";

    /// <summary>Overrides <see cref="MaxEntries"/>.</summary>
    public const string MaxEntriesVariable = "TOFU_OCI_MAX_EXTRACT_ENTRIES";

    /// <summary>The default <see cref="MaxRatio"/>.</summary>
    public const int DefaultMaxRatio = 100;

    /// <summary>
    /// What an entry may produce before <see cref="MaxRatio"/> is checked: small, very repetitive files
    /// (a few MiB of zeros or padding) are normal, only bombs keep expanding like that.
    /// </summary>
    public const long RatioGraceBytes = 8L << 20;

    /// <summary>Most entries (files, directories, links) an archive may have. Default 10 000.</summary>
    public int MaxEntries { get; init; } = 10_000;

    /// <summary>
    /// Most uncompressed bytes in total, counted as they are really decompressed (headers are not
    /// trusted). Default 4 GiB: the largest provider binaries today are well under 1 GiB.
    /// </summary>
    public long MaxTotalBytes { get; init; } = 4 * OneGiB;

    /// <summary>
    /// Most an entry may expand, as decompressed bytes over the compressed bytes really read for it,
    /// once it has produced <see cref="RatioGraceBytes"/>. Default 100: executables and text compress
    /// 2 to 10 times, a deflate bomb about 1000 times.
    /// </summary>
    public int MaxRatio { get; init; } = DefaultMaxRatio;

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

    /// <summary>Limits for provider packages: 4 GiB, ratio 100, 10 000 entries, or what the process environment sets.</summary>
    public static ZipExtractionOptions ForProviders => FromVariables(Environment.GetEnvironmentVariable, 4 * OneGiB);

    /// <summary>Limits for module packages: 1 GiB, ratio 100, 10 000 entries, or what the process environment sets.</summary>
    public static ZipExtractionOptions ForModules => FromVariables(Environment.GetEnvironmentVariable, OneGiB);

    /// <summary>
    /// The limits with <paramref name="defaultMaxBytes"/>, each replaced by its variable
    /// (<see cref="MaxBytesVariable"/>, <see cref="MaxRatioVariable"/>, <see cref="MaxEntriesVariable"/>)
    /// when that holds a positive whole number; anything else keeps the default, as
    /// <c>TOFU_OCI_CREDENTIAL_HELPER_TIMEOUT</c> does.
    /// </summary>
    public static ZipExtractionOptions FromVariables(Func<string, string?> variable, long defaultMaxBytes)
    {
        ArgumentNullException.ThrowIfNull(variable);
        return new ZipExtractionOptions
        {
            MaxTotalBytes = Positive(variable(MaxBytesVariable)) ?? defaultMaxBytes,
            MaxRatio = (int)Math.Min(int.MaxValue, Positive(variable(MaxRatioVariable)) ?? DefaultMaxRatio),
            MaxEntries = (int)Math.Min(int.MaxValue, Positive(variable(MaxEntriesVariable)) ?? 10_000),
        };
    }

    private static long? Positive(string? text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : null;
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
