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

    private void LockOne(object target, Func<(ProviderSourceRequest Source, IReadOnlyList<ProviderRequirement> Requirements, IReadOnlyList<ProviderPlatform> Platforms)> map)
    {
        ProviderSourceRequest source;
        ProviderLockRequest request;
        IReadOnlyList<ProviderPlatform> platforms;
        try
        {
            (source, var requirements, platforms) = map();
            request = ProviderInstallMapping.CreateLock(source, requirements, platforms, ResolveLayoutPath(Path));
        }
        catch (TofuOciException e)
        {
            WriteError(ErrorMapping.ToErrorRecord(e, target));
            return;
        }

        WarnIgnored(source);

        var action = $"Record h1: and zh: hashes in {request.LockFilePath}";
        var approved = request.Providers.Where(p => ShouldProcess(ProviderRequirementMapping.ShouldProcessTarget(p, platforms), action)).ToList();
        if (approved.Count == 0)
        {
            return;
        }

        request = ProviderInstallMapping.WithProviders(request, approved);
        WriteVerbose(source.Describe());
        var passThru = PassThru.IsPresent;
        var names = ItemNames();
        RunItemOnWorker((output, cancellationToken) => LockAsync(source, request, passThru, names, target, output, cancellationToken), target);
    }

    private static async Task LockAsync(ProviderSourceRequest source, ProviderLockRequest request, bool passThru,
        IReadOnlyDictionary<ProviderAddress, object> names, object target, IPipelineWriter output, CancellationToken cancellationToken)
    {
        var config = await source.LoadConfigurationAsync(output.WriteVerbose, output.WriteWarning, cancellationToken).ConfigureAwait(false);
        var resolver = source.CreateResolver(request.Providers.Select(p => p.Address).ToList(), config, output.WriteDebug, output.WriteVerbose, output.WriteWarning);
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
