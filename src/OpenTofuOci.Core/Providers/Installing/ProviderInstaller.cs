using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.FileSystem;
using OpenTofuOci.Core.LockFiles;
using OpenTofuOci.Core.Oci.Targets;
using OpenTofuOci.Core.Packages;

namespace OpenTofuOci.Core.Providers.Installing;

/// <summary>
/// Installs providers from OCI mirrors the way <c>tofu init</c> does (spec/opentofu-compat.md §2.1,
/// §2.4, §2.5): same version choice, same descriptor and lock checks before any download, downloads
/// verified while they stream, safe extraction into a temporary directory moved into place when
/// complete, and <c>h1:</c>/<c>zh:</c> recorded in the dependency lock file.
/// </summary>
/// <remarks>
/// Destinations: <see cref="PackageLayout.Unpacked"/> (a filesystem mirror or plugin cache,
/// <c>HOST/NAMESPACE/TYPE/VERSION/OS_ARCH/</c>) or <see cref="PackageLayout.Packed"/>
/// (<c>HOST/NAMESPACE/TYPE/terraform-provider-TYPE_VERSION_OS_ARCH.zip</c>). An identical package
/// already there is reported as <see cref="PackageInstallStatus.AlreadyPresent"/>; a different one
/// is <see cref="ErrorIds.PackageMismatch"/> unless <see cref="ProviderInstallRequest.Force"/>.
/// Any number of processes may install into one destination at once (<see cref="PackagePlacement"/>).
/// A provider that fails (not in the mirror, no matching version, a package that does not verify, …)
/// is reported in <see cref="ProviderInstallResult.Failures"/> and the others are installed and
/// recorded; only setup errors (arguments, an unreadable lock file, a destination that cannot be
/// created) and cancellation throw. Temporary files and the empty directories the call created are
/// removed; the lock file records only the providers whose every package succeeded.
/// </remarks>
public sealed class ProviderInstaller
{
    private readonly ProviderSourceResolver _sources;

    /// <param name="sources">Where each provider's repository is.</param>
    public ProviderInstaller(ProviderSourceResolver sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        _sources = sources;
    }

    /// <summary>Installs every requested provider for every requested platform, as many as can be.</summary>
    public async Task<ProviderInstallResult> InstallAsync(ProviderInstallRequest request, IProgress<TransferProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(request.Destination);
        var platforms = Platforms(request.Platforms);
        CheckParallelism(request.MaxParallelDownloads);
        CheckLockTimeout(request.LockTimeout);
        var destination = Path.GetFullPath(request.Destination);
        if (File.Exists(destination))
        {
            throw new TofuOciException(ErrorIds.FileAccessFailed, ErrorKind.InvalidOperation,
                $"The destination {destination} is a file; give a directory (a filesystem mirror or plugin cache) to install into.", destination);
        }

        var lockPath = request.LockFilePath is null ? null : Path.GetFullPath(request.LockFilePath);
        var lockFile = lockPath is null ? DependencyLockFile.Empty : await LockFileReader.ReadFileAsync(lockPath, cancellationToken).ConfigureAwait(false);

        var plan = await PackagePlanner.PlanAsync(_sources, request.Providers, platforms, lockFile, lockPath, cancellationToken).ConfigureAwait(false);
        var work = plan.Providers.SelectMany(p => p.Packages).ToList();
        var created = CreatedDirectories.Before(work.Select(p => Path.GetDirectoryName(PackagePlacement.PackagePath(destination, p, request.Layout))!).Append(destination));
        var tracker = new TransferTracker(progress, work.Sum(p => p.Meta.LayerDescriptor.Size), work.Count);
        var outcomes = new PackageOutcome<InstalledProviderPackage>[work.Count];
        try
        {
            if (work.Count > 0)
            {
                // A destination that cannot be created (its parent is a file, no permission) is a setup
                // error for the whole call, not a failure of each provider in turn.
                Directory.CreateDirectory(destination);
            }

            await Parallel.ForEachAsync(Enumerable.Range(0, work.Count),
                new ParallelOptions { MaxDegreeOfParallelism = request.MaxParallelDownloads, CancellationToken = cancellationToken },
                async (i, token) => outcomes[i] = await PackageOutcome.RunAsync(work[i], () => request.Layout == PackageLayout.Packed
                    ? PackagePlacement.PackedAsync(work[i], destination, request.Force, request.LockTimeout, tracker, token)
                    : PackagePlacement.UnpackedAsync(work[i], destination, request.Force, request.LockTimeout, tracker, token)).ConfigureAwait(false)).ConfigureAwait(false);
        }
        finally
        {
            created.RemoveEmpty();
        }

        var (succeeded, failures) = PackageOutcome.Group(request.Providers, plan, work, outcomes);
        if (lockPath is not null && succeeded.Count > 0)
        {
            await LockFileUpdater.UpdateAsync(lockPath, current => PackagePlanner.Record(current, succeeded.Select(provider => (provider,
                work.Select((p, i) => (Package: p, Outcome: outcomes[i]))
                    .Where(x => provider.Packages.Contains(x.Package))
                    .SelectMany(x => new[] { x.Outcome.Value!.H1, x.Outcome.Value.Zh })))), request.LockTimeout, cancellationToken).ConfigureAwait(false);
        }

        return new ProviderInstallResult(outcomes.Where(o => o.Value is not null).Select(o => o.Value!).ToList(), lockPath) { Failures = failures };
    }

    internal static IReadOnlyList<ProviderPlatform> Platforms(IReadOnlyList<ProviderPlatform> requested) =>
        requested is null || requested.Count == 0 ? [ProviderPlatforms.Current] : requested.Distinct().ToList();

    internal static void CheckParallelism(int value)
    {
        if (value is < 1 or > 64)
        {
            throw new TofuOciException(ErrorIds.InvalidArgument, ErrorKind.InvalidArgument,
                $"MaxParallelDownloads {value} is out of range; use 1 to 64.");
        }
    }

    internal static void CheckLockTimeout(TimeSpan value)
    {
        if (value < TimeSpan.Zero)
        {
            throw new TofuOciException(ErrorIds.InvalidArgument, ErrorKind.InvalidArgument,
                $"LockTimeout {value} is negative; give how long to wait for another process's lock (zero: do not wait).");
        }
    }

}
