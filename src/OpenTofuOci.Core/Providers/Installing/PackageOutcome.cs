using OpenTofuOci.Core.Errors;

namespace OpenTofuOci.Core.Providers.Installing;

/// <summary>What became of one package: its result, or the error that stopped it.</summary>
internal readonly record struct PackageOutcome<T>(T? Value, TofuOciException? Error)
    where T : class;

/// <summary>Runs packages so that one failing does not stop the others, and turns the outcomes into per-provider results.</summary>
internal static class PackageOutcome
{
    /// <summary>
    /// Runs <paramref name="work"/>; a typed failure or a file system error is the package's outcome.
    /// Cancellation and bugs still end the whole call.
    /// </summary>
    public static async Task<PackageOutcome<T>> RunAsync<T>(PlannedPackage package, Func<Task<T>> work)
        where T : class
    {
        try
        {
            return new PackageOutcome<T>(await work().ConfigureAwait(false), null);
        }
        catch (TofuOciException e)
        {
            return new PackageOutcome<T>(null, e);
        }
        catch (Exception e) when (FileSystemErrors.Handles(e))
        {
            var translated = FileSystemErrors.Translate(e);
            return new PackageOutcome<T>(null, new TofuOciException(translated.ErrorId, translated.Kind,
                $"Provider {package.Meta.Address} {package.Meta.Version} {package.Platform}: {translated.Message}", translated.Target, e));
        }
    }

    /// <summary>
    /// The providers whose every package succeeded, and one failure per other provider in the order
    /// asked: its planning failure, or its first failed package in platform order.
    /// </summary>
    public static (IReadOnlyList<PlannedProvider> Succeeded, IReadOnlyList<ProviderFailure> Failures) Group<T>(
        IReadOnlyList<ProviderRequirement> requested, InstallPlan plan, IReadOnlyList<PlannedPackage> work, IReadOnlyList<PackageOutcome<T>> outcomes)
        where T : class
    {
        var succeeded = new List<PlannedProvider>();
        var failures = new List<ProviderFailure>();
        foreach (var requirement in requested)
        {
            if (plan.Failures.FirstOrDefault(f => f.Address == requirement.Address) is { } refused)
            {
                failures.Add(refused);
                continue;
            }

            var provider = plan.Providers.First(p => p.Requirement.Address == requirement.Address);
            var failed = work.Select((package, i) => (package, outcomes[i]))
                .FirstOrDefault(x => provider.Packages.Contains(x.package) && x.Item2.Error is not null);
            if (failed.package is not null)
            {
                failures.Add(new ProviderFailure(requirement.Address, failed.Item2.Error!));
            }
            else
            {
                succeeded.Add(provider);
            }
        }

        return (succeeded, failures);
    }
}
