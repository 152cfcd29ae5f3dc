using OpenTofuOci.Core.FileSystem;
using OpenTofuOci.Core.LockFiles;
using OpenTofuOci.Core.Oci.Targets;
using OpenTofuOci.Core.Packages;

namespace OpenTofuOci.Core.Providers.Installing;

/// <summary>
/// Records <c>h1:</c> and <c>zh:</c> for every requested platform in <c>.terraform.lock.hcl</c>
/// straight from an OCI mirror, without installing: what <c>tofu providers lock</c> does for other
/// mirrors but cannot do for OCI ones (OpenTofu issue #3620). Versions are chosen and checked as for
/// an install (<see cref="ProviderInstaller"/>), including the pre-download lock check.
/// </summary>
/// <remarks>
/// Each package is downloaded (verified) to a temporary file and its <c>h1:</c> is Go's
/// <c>HashZip</c> of the zip, not the dirhash of an extracted directory as <c>tofu init</c> records
/// (spec/opentofu-compat.md §2.2, §8.15). The two agree for provider zips, which are flat (no
/// directory entries, no duplicate names); a zip with directory entries would get an <c>h1:</c> that
/// OpenTofu does not reproduce, and then only its <c>zh:</c> would match.
/// </remarks>
public sealed class ProviderLocker
{
    private readonly ProviderSourceResolver _sources;

    /// <param name="sources">Where each provider's repository is.</param>
    public ProviderLocker(ProviderSourceResolver sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        _sources = sources;
    }

    /// <summary>
    /// Downloads every package to a temporary file, hashes it, and merges the hashes of every provider
    /// that succeeded into the lock file (re-read and written under its lock, see
    /// <see cref="LockFileUpdater"/>). A provider that fails is reported in
    /// <see cref="ProviderLockResult.Failures"/> and not recorded; the others are.
    /// </summary>
    public async Task<ProviderLockResult> LockAsync(ProviderLockRequest request, IProgress<TransferProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(request.LockFilePath);
        var platforms = ProviderInstaller.Platforms(request.Platforms);
        ProviderInstaller.CheckParallelism(request.MaxParallelDownloads);
        ProviderInstaller.CheckLockTimeout(request.LockTimeout);
        var lockPath = Path.GetFullPath(request.LockFilePath);
        var lockFile = await LockFileReader.ReadFileAsync(lockPath, cancellationToken).ConfigureAwait(false);

        var plan = await PackagePlanner.PlanAsync(_sources, request.Providers, platforms, lockFile, lockPath, cancellationToken).ConfigureAwait(false);
        var work = plan.Providers.SelectMany(p => p.Packages).ToList();
        var tracker = new TransferTracker(progress, work.Sum(p => p.Meta.LayerDescriptor.Size), work.Count);
        var outcomes = new PackageOutcome<LockedProviderPackage>[work.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, work.Count),
            new ParallelOptions { MaxDegreeOfParallelism = request.MaxParallelDownloads, CancellationToken = cancellationToken },
            async (i, token) => outcomes[i] = await PackageOutcome.RunAsync(work[i], () => HashAsync(work[i], tracker, token)).ConfigureAwait(false)).ConfigureAwait(false);

        var (succeeded, failures) = PackageOutcome.Group(request.Providers, plan, work, outcomes);
        var recorded = work.Select((package, i) => (Package: package, Locked: outcomes[i].Value))
            .Where(x => succeeded.Any(p => p.Packages.Contains(x.Package)))
            .ToList();
        if (succeeded.Count > 0)
        {
            await LockFileUpdater.UpdateAsync(lockPath, current => PackagePlanner.Record(current, succeeded.Select(provider => (provider,
                recorded.Where(x => provider.Packages.Contains(x.Package)).SelectMany(x => new[] { x.Locked!.H1, x.Locked.Zh })))),
                request.LockTimeout, cancellationToken).ConfigureAwait(false);
        }

        return new ProviderLockResult(recorded.Select(x => x.Locked!).ToList(), lockPath) { Failures = failures };
    }

    private static async Task<LockedProviderPackage> HashAsync(PlannedPackage package, TransferTracker tracker, CancellationToken cancellationToken)
    {
        var temp = TempPaths.InSystemTemp(package.Meta.Filename);
        try
        {
            await PackageDownloader.DownloadAsync(package, temp, tracker, cancellationToken).ConfigureAwait(false);
            PackageDownloader.CheckExecutable(package, temp);
            var h1 = await DirHash.HashZipAsync(temp, cancellationToken).ConfigureAwait(false);
            return new LockedProviderPackage(package.Meta.Address, package.Meta.Version, package.Platform, h1.ToString(), package.Meta.ZipHash);
        }
        finally
        {
            Cleanup.DeleteFile(temp);
        }
    }
}
