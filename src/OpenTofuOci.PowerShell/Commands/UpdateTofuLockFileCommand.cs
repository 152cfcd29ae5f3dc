using System.Management.Automation;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Providers;
using OpenTofuOci.Core.Providers.Installing;
using OpenTofuOci.PowerShell.Infrastructure;
using OpenTofuOci.PowerShell.Mapping;
using OpenTofuOci.PowerShell.Output;

namespace OpenTofuOci.PowerShell.Commands;

/// <summary>
/// <c>Update-TofuLockFile</c>: records <c>h1:</c> and <c>zh:</c> hashes of providers for several
/// platforms in <c>.terraform.lock.hcl</c> straight from an OCI mirror, without installing them.
/// </summary>
[Cmdlet(VerbsData.Update, "TofuLockFile", DefaultParameterSetName = ProviderSets.Configuration, SupportsShouldProcess = true)]
[OutputType(typeof(TofuLockFileEntryInfo))]
public sealed class UpdateTofuLockFileCommand : ProviderSourceCommandBase
{
    [Parameter(Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = string.Empty;

    /// <summary>Writes the result objects; without it the cmdlet writes nothing but progress, warnings and errors, as Install-PSResource does.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        foreach (var (target, map) in SourcesToRead())
        {
            LockOne(target, map);
        }
    }

    private void LockOne(object target, Func<ProviderSource> map)
    {
        ProviderSource source;
        ProviderLockRequest request;
        try
        {
            source = map();
            request = ProviderInstallMapping.CreateLock(source.Requirements, source.Platforms, ResolveLayoutPath(Path));
        }
        catch (TofuOciException e)
        {
            WriteError(ErrorMapping.ToErrorRecord(e, target));
            return;
        }

        var action = $"Record h1: and zh: hashes in {request.LockFilePath}";
        var approved = request.Providers.Where(p => ShouldProcess(ProviderRequirementMapping.ShouldProcessTarget(p, source.Platforms), action)).ToList();
        if (approved.Count == 0)
        {
            return;
        }

        request = ProviderInstallMapping.WithProviders(request, approved);
        var passThru = PassThru.IsPresent;
        var names = ItemNames();
        RunItemOnWorker((output, cancellationToken) => LockAsync(source, request, passThru, names, target, output, cancellationToken), target);
    }

    private static async Task LockAsync(ProviderSource source, ProviderLockRequest request, bool passThru,
        IReadOnlyDictionary<ProviderAddress, object> names, object target, IPipelineWriter output, CancellationToken cancellationToken)
    {
        output.WriteVerbose(await DescribeSourceAsync(source.Plan, source.Piped, cancellationToken).ConfigureAwait(false));
        var resolver = await source.Plan.CreateResolverAsync(Sinks(output), cancellationToken).ConfigureAwait(false);
        var progress = new TransferProgressReporter(output, TransferProgressReporter.LockActivityId, "Hashing provider packages for " + request.LockFilePath);
        ProviderLockResult result;
        try
        {
            result = await new ProviderLocker(resolver).LockAsync(request, progress, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            progress.Complete();
        }

        foreach (var package in result.Packages)
        {
            output.WriteVerbose($"{package.Address} {package.Version} {package.Platform}: {package.H1} and {package.Zh} recorded in {result.LockFilePath}.");
            if (passThru)
            {
                output.WriteObject(ProviderOutputMapping.ToLockInfo(package, result.LockFilePath));
            }
        }

        // One non-terminating error per provider that failed; the others were recorded.
        foreach (var failure in result.Failures)
        {
            output.WriteError(ErrorMapping.ToErrorRecord(failure, names.GetValueOrDefault(failure.Address) ?? target));
        }
    }
}
