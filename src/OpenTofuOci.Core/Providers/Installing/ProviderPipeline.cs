using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.LockFiles;
using OpenTofuOci.Core.Oci.Targets;
using OpenTofuOci.Core.Signing;

namespace OpenTofuOci.Core.Providers.Installing;

/// <summary>
/// What an install or a lock does with each planned package once planning is done: install places it
/// in a destination (<see cref="ProviderInstaller"/>), lock only hashes it (<see cref="ProviderLocker"/>).
/// Everything else is <see cref="ProviderPipeline"/>'s.
/// </summary>
internal abstract class PackageStep<T>
    where T : HashedProviderPackage
{
    /// <summary>Checks that concern this variant's own arguments (a destination that is a file); thrown for the whole call, before anything is read.</summary>
    public virtual void CheckSetup()
    {
    }

    /// <summary>Called once with every package to fetch, before the first one; <see cref="End"/> runs afterwards whatever happened.</summary>
    public virtual void Begin(IReadOnlyList<PlannedPackage> work)
    {
    }

    /// <summary>Called once all packages are done, failed or cancelled, also when <see cref="Begin"/> threw.</summary>
    public virtual void End()
    {
    }

    /// <summary>Fetches one package and does this variant's work with it; a typed or file system failure is that package's outcome.</summary>
    public abstract Task<T> RunAsync(PlannedPackage package, TransferTracker tracker, CancellationToken cancellationToken);
}

/// <summary>What the pipeline did: every package that completed, those of providers that wholly succeeded (and were recorded), and one failure per failed provider.</summary>
/// <param name="Completed">Every package that completed, in the order asked; a failed provider's completed platforms included.</param>
/// <param name="Recorded">The packages of the providers whose every package completed, in the order asked: what the lock file records.</param>
/// <param name="Failures">One entry per failed provider, in the order asked.</param>
/// <param name="LockFilePath">The lock file's full path, or null when none was asked for.</param>
internal sealed record PipelineResult<T>(IReadOnlyList<T> Completed, IReadOnlyList<T> Recorded, IReadOnlyList<ProviderFailure> Failures, string? LockFilePath);

/// <summary>
/// The one flow behind <c>provider install</c> and <c>provider lock</c> (docs/opentofu-compatibility.md §2.1,
/// §2.4): check the arguments; read the lock file; plan every provider before the first download (version,
/// packages, descriptor and lock-file checks — a provider refused there becomes its failure and touches
/// nothing); fetch the packages in parallel, each through the variant's <see cref="PackageStep{T}"/>, so
/// one failing package fails only its provider; then merge the hashes of every provider whose packages all
/// completed into the lock file, re-read and written under its lock (<see cref="LockFileUpdater"/>).
/// Setup errors (arguments, the same provider twice, an unreadable lock file) and cancellation throw.
/// </summary>
internal static class ProviderPipeline
{
    /// <param name="lockFilePath">The lock file to honour and update, as given; null for none (install only).</param>
    public static async Task<PipelineResult<T>> RunAsync<T>(ProviderSourceResolver sources, ProviderPackageRequest request, string? lockFilePath,
        PackageStep<T> step, IProgress<TransferProgress>? progress, CancellationToken cancellationToken)
        where T : HashedProviderPackage
    {
        var platforms = Platforms(request.Platforms);
        CheckParallelism(request.MaxParallelDownloads);
        CheckLockTimeout(request.LockTimeout);
        step.CheckSetup();

        var lockPath = lockFilePath is null ? null : Path.GetFullPath(lockFilePath);
        var lockFile = lockPath is null ? DependencyLockFile.Empty : await LockFileReader.ReadFileAsync(lockPath, cancellationToken).ConfigureAwait(false);
        var provenance = Provenance(request);
        var plan = await PackagePlanner.PlanAsync(sources, request.Providers, platforms, lockFile, lockPath, provenance, cancellationToken).ConfigureAwait(false);
        var work = plan.Providers.SelectMany(p => p.Packages).ToList();
        var tracker = new TransferTracker(progress, work.Sum(p => p.Meta.LayerDescriptor.Size), work.Count);
        var outcomes = new PackageOutcome<T>[work.Count];
        try
        {
            step.Begin(work);
            await Parallel.ForEachAsync(Enumerable.Range(0, work.Count),
                new ParallelOptions { MaxDegreeOfParallelism = request.MaxParallelDownloads, CancellationToken = cancellationToken },
                async (i, token) => outcomes[i] = await PackageOutcome.RunAsync(work[i], () => step.RunAsync(work[i], tracker, token)).ConfigureAwait(false)).ConfigureAwait(false);
        }
        finally
        {
            step.End();
        }

        var (succeeded, failures) = PackageOutcome.Group(request.Providers, plan, work, outcomes);
        var recorded = work.Select((package, i) => (Package: package, Outcome: outcomes[i].Value))
            .Where(x => succeeded.Any(p => p.Packages.Contains(x.Package)))
            .ToList();
        if (lockPath is not null && succeeded.Count > 0)
        {
            await LockFileUpdater.UpdateAsync(lockPath, current => PackagePlanner.Record(current, succeeded.Select(provider => (provider,
                recorded.Where(x => provider.Packages.Contains(x.Package)).SelectMany(x => new[] { x.Outcome!.H1, x.Outcome.Zh }).Concat(provider.SignedHashes).Distinct(StringComparer.Ordinal)))),
                request.LockTimeout, cancellationToken).ConfigureAwait(false);
        }

        return new PipelineResult<T>(
            outcomes.Where(o => o.Value is not null).Select(o => o.Value!).ToList(),
            recorded.Select(x => x.Outcome!).ToList(),
            failures,
            lockPath);
    }

    /// <summary>The provenance requirement, trusted key files read once for the whole call; null when not required.</summary>
    private static ProvenanceRequirement? Provenance(ProviderPackageRequest request)
    {
        var files = request.TrustedKeyFiles ?? [];
        if (!request.RequireProvenance)
        {
            if (files.Count > 0)
            {
                throw new TofuOciException(ErrorIds.InvalidArgument, ErrorKind.InvalidArgument,
                    $"Trusted key files ({UserOption.TrustedKey}) say which keys provenance must be signed with, so they need {UserOption.RequireProvenance}. Add {UserOption.RequireProvenance}, or leave out {UserOption.TrustedKey}.");
            }

            return null;
        }

        return new ProvenanceRequirement(files.Count == 0 ? OpenPgpKeyRing.Empty : OpenPgpKeyRing.Combine(files.Select(OpenPgpKeyRing.Load).ToList()));
    }

    private static List<ProviderPlatform> Platforms(IReadOnlyList<ProviderPlatform> requested) =>
        requested is null || requested.Count == 0 ? [ProviderPlatforms.Current] : requested.Distinct().ToList();

    private static void CheckParallelism(int value)
    {
        if (value is < 1 or > 64)
        {
            throw new TofuOciException(ErrorIds.InvalidArgument, ErrorKind.InvalidArgument,
                $"MaxParallelDownloads {value} is out of range; use 1 to 64.");
        }
    }

    private static void CheckLockTimeout(TimeSpan value)
    {
        if (value < TimeSpan.Zero)
        {
            throw new TofuOciException(ErrorIds.InvalidArgument, ErrorKind.InvalidArgument,
                $"LockTimeout {value} is negative; give how long to wait for another process's lock (zero: do not wait).");
        }
    }
}
