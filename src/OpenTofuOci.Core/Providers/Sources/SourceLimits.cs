namespace OpenTofuOci.Core.Providers.Sources;

/// <summary>
/// The most a source may send for each small document, so a runaway or hostile server cannot exhaust
/// memory (docs/opentofu-compatibility.md §9.1). Packages are streamed and have no cap here.
/// </summary>
internal static class SourceLimits
{
    /// <summary>Service discovery, versions, download metadata and mirror index JSON.</summary>
    public const long Json = 4 * 1024 * 1024;

    /// <summary>A SHA256SUMS file.</summary>
    public const long Checksums = 1024 * 1024;

    /// <summary>A detached signature.</summary>
    public const long Signature = 64 * 1024;

    /// <summary>All the armored public keys of one download metadata document.</summary>
    public const long Keys = 1024 * 1024;

    /// <summary>Redirects followed for one request, as Go's HTTP client does.</summary>
    public const int Redirects = 10;

    /// <summary>Shown in messages.</summary>
    public static string Describe(long bytes) => bytes >= 1024 * 1024 ? $"{bytes / (1024 * 1024)} MiB" : $"{bytes / 1024} KiB";
}
