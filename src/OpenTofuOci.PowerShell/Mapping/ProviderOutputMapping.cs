using OpenTofuOci.Core.Providers;
using OpenTofuOci.Core.Providers.Installing;
using OpenTofuOci.Core.Providers.Publishing;
using OpenTofuOci.PowerShell.Output;

namespace OpenTofuOci.PowerShell.Mapping;

/// <summary>Maps Core's provider results to the output objects of the provider cmdlets.</summary>
internal static class ProviderOutputMapping
{
    public static TofuProviderVersionInfo ToVersionInfo(ProviderAddress source, string repository, ProviderVersionSummary summary, TofuOciConnection connection)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(summary);
        return new TofuProviderVersionInfo(source.ToString(), summary.Version.ToString(), summary.Tag, repository,
            summary.Platforms.Select(p => p.Platform).ToArray(), summary.IndexDigest, summary.Problem, connection);
    }

    public static TofuProviderPublishInfo ToPublishInfo(ProviderPublishResult result, string repository, string? sourceRepository)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new TofuProviderPublishInfo(repository, result.Tag, result.Version.ToString(), result.Type.Length == 0 ? null : result.Type,
            result.IndexDigest, result.Platforms.Select(p => p.Platform).ToArray(), result.Status.ToString(), result.PreviousDigest,
            result.BytesUploaded, result.BlobsUploaded, result.BlobsSkipped, sourceRepository);
    }

    public static TofuProviderPackageInfo ToPackageInfo(InstalledProviderPackage package)
    {
        ArgumentNullException.ThrowIfNull(package);
        return new TofuProviderPackageInfo(package.Address.ToString(), package.Version.ToString(), package.Platform.ToString(),
            package.Path, package.H1, package.Zh, package.Status.ToString());
    }

    public static TofuLockFileEntryInfo ToLockInfo(LockedProviderPackage package, string lockFile)
    {
        ArgumentNullException.ThrowIfNull(package);
        return new TofuLockFileEntryInfo(package.Address.ToString(), package.Version.ToString(), package.Platform.ToString(),
            package.H1, package.Zh, lockFile);
    }

    /// <summary>The status line and percentage of a transfer progress report.</summary>
    public static (string Status, int Percent) Progress(Core.Oci.Targets.TransferProgress progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        var percent = progress.BytesTotal <= 0 ? 0 : (int)Math.Clamp(progress.BytesDone * 100 / progress.BytesTotal, 0, 100);
        var status = $"{progress.ItemsDone} of {progress.ItemsTotal} item(s), {FormatBytes(progress.BytesDone)} of {FormatBytes(progress.BytesTotal)}";
        return (status, percent);
    }

    /// <summary>
    /// Status and percentage of an install's extraction (uncompressed bytes written of what the
    /// packages being extracted declare), shown as a child of the install's progress.
    /// </summary>
    public static (string Status, int Percent) UnpackProgress(Core.Oci.Targets.TransferProgress progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        var percent = progress.UnpackedTotal <= 0 ? 0 : (int)Math.Clamp(progress.UnpackedDone * 100 / progress.UnpackedTotal, 0, 100);
        return ($"{FormatBytes(progress.UnpackedDone)} of {FormatBytes(progress.UnpackedTotal)} written", percent);
    }

    private static string FormatBytes(long bytes) => bytes switch
    {
        >= 1L << 30 => $"{bytes / (double)(1L << 30):0.0} GiB",
        >= 1L << 20 => $"{bytes / (double)(1L << 20):0.0} MiB",
        >= 1L << 10 => $"{bytes / (double)(1L << 10):0.0} KiB",
        _ => $"{bytes} B",
    };
}
