using System.Management.Automation;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Providers;
using OpenTofuOci.Core.Providers.Installing;
using OpenTofuOci.PowerShell.Infrastructure;
using OpenTofuOci.PowerShell.Mapping;
using OpenTofuOci.PowerShell.Output;

namespace OpenTofuOci.PowerShell.Commands;

/// <summary>
/// <c>Install-TofuProvider</c>: installs providers from an OCI mirror the way <c>tofu init</c> would,
/// into a filesystem mirror, plugin cache or packed layout, optionally recording hashes in a lock file.
/// </summary>
[Cmdlet(VerbsLifecycle.Install, "TofuProvider", DefaultParameterSetName = ProviderSets.Configuration, SupportsShouldProcess = true)]
[OutputType(typeof(TofuProviderPackageInfo))]
public sealed class InstallTofuProviderCommand : ProviderSourceCommandBase
{
    /// <summary>Where to install; without it, the CLI configuration's plugin cache directory.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Destination { get; set; }

    [Parameter]
    public SwitchParameter Packed { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? LockFile { get; set; }

    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Writes the result objects; without it the cmdlet writes nothing but progress, warnings and errors, as Install-PSResource does.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        foreach (var (target, map) in SourcesToRead())
        {
            InstallOne(target, map);
        }
    }

    private void InstallOne(object target, Func<ProviderSource> map)
    {
        ProviderSource source;
        ProviderInstallRequest request;
        try
        {
            source = map();
            request = ProviderInstallMapping.CreateInstall(source.Requirements, source.Platforms,
                Destination is null ? null : ResolveLayoutPath(Destination), Packed.IsPresent, Force.IsPresent, LockFile is null ? null : ResolveLayoutPath(LockFile));
        }
        catch (TofuOciException e)
        {
            WriteError(ErrorMapping.ToErrorRecord(e, target));
            return;
        }

        // -WhatIf/-Confirm: asked per provider, on the pipeline thread, before anything is fetched.
        var action = $"Install provider ({(Packed.IsPresent ? "packed" : "unpacked")}) into {ProviderInstallMapping.DestinationText(request)}";
        var approved = request.Providers.Where(p => ShouldProcess(ProviderRequirementMapping.ShouldProcessTarget(p, source.Platforms), action)).ToList();
        if (approved.Count == 0)
        {
            return;
        }

        request = ProviderInstallMapping.WithProviders(request, approved);
        var passThru = PassThru.IsPresent;
        var names = ItemNames();
        RunItemOnWorker((output, cancellationToken) => InstallAsync(source, request, passThru, names, target, output, cancellationToken), target);
    }

    private static async Task InstallAsync(ProviderSource source, ProviderInstallRequest request, bool passThru,
        IReadOnlyDictionary<ProviderAddress, object> names, object target, IPipelineWriter output, CancellationToken cancellationToken)
    {
        output.WriteVerbose(await DescribeSourceAsync(source.Plan, source.Piped, cancellationToken).ConfigureAwait(false));
        if (request.Destination.Length == 0)
        {
            // No -Destination: the plugin cache of the CLI configuration, as the CLI's --destination default.
            var config = await source.Plan.Environment.GetCliConfigurationAsync(output.WriteVerbose, output.WriteWarning, cancellationToken).ConfigureAwait(false);
            request = ProviderInstallMapping.WithDestination(request, ProviderInstallMapping.PluginCacheDestination(config));
            output.WriteVerbose($"Installing into the plugin cache directory {request.Destination} (TF_PLUGIN_CACHE_DIR / plugin_cache_dir).");
        }

        var resolver = await source.Plan.CreateResolverAsync(Sinks(output), cancellationToken).ConfigureAwait(false);

        var progress = new TransferProgressReporter(output, TransferProgressReporter.InstallActivityId, "Installing providers into " + request.Destination);
        ProviderInstallResult result;
        try
        {
            result = await new ProviderInstaller(resolver).InstallAsync(request, progress, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            progress.Complete();
        }

        foreach (var package in result.Packages)
        {
            output.WriteVerbose($"{package.Address} {package.Version} {package.Platform}: {package.Status} at {package.Path}.");
            if (passThru)
            {
                output.WriteObject(ProviderOutputMapping.ToPackageInfo(package));
            }
        }

        // One non-terminating error per provider that failed; the others were installed and recorded.
        foreach (var failure in result.Failures)
        {
            output.WriteError(ErrorMapping.ToErrorRecord(failure, names.GetValueOrDefault(failure.Address) ?? target));
        }

        if (result.LockFilePath is not null && result.Failures.Count < request.Providers.Count)
        {
            output.WriteVerbose($"Recorded the hashes in {result.LockFilePath}.");
        }
    }
}
