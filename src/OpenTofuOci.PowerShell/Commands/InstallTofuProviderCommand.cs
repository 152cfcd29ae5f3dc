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

    /// <summary>Install only versions with a signed, verified provenance artifact (docs/opentofu-compatibility.md §9.6).</summary>
    [Parameter]
    public SwitchParameter RequireProvenance { get; set; }

    /// <summary>OpenPGP public key files whose keys are the only ones trusted to sign provenance.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? TrustedKey { get; set; }

    protected override void ProcessRecord() =>
        ProcessSources(
            source => ProviderInstallMapping.CreateInstall(source.Requirements, source.Platforms, Destination is null ? null : ResolveLayoutPath(Destination),
                Packed.IsPresent, Force.IsPresent, LockFile is null ? null : ResolveLayoutPath(LockFile),
                RequireProvenance.IsPresent, TrustedKey?.Select(ResolveLayoutPath).ToList()),
            request => $"Install provider ({(request.Layout == PackageLayout.Packed ? "packed" : "unpacked")}) into {ProviderInstallMapping.DestinationText(request)}",
            ProviderInstallMapping.WithProviders,
            InstallAsync);

    private static async Task InstallAsync(ProviderItem<ProviderInstallRequest> item, IPipelineWriter output, CancellationToken cancellationToken)
    {
        var request = item.Request;
        if (request.Destination.Length == 0)
        {
            // No -Destination: the plugin cache of the CLI configuration, as the CLI's --destination default.
            var config = await item.Source.Plan.Environment.GetCliConfigurationAsync(output.WriteVerbose, output.WriteWarning, cancellationToken).ConfigureAwait(false);
            request = ProviderInstallMapping.WithDestination(request, ProviderInstallMapping.PluginCacheDestination(config));
            output.WriteVerbose($"Installing into the plugin cache directory {request.Destination} (TF_PLUGIN_CACHE_DIR / plugin_cache_dir).");
        }

        var resolver = await item.ResolverAsync(output, cancellationToken).ConfigureAwait(false);
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
            if (item.PassThru)
            {
                output.WriteObject(ProviderOutputMapping.ToPackageInfo(package));
            }
        }

        item.WriteFailures(result.Failures, output);

        if (result.LockFilePath is not null && result.Failures.Count < request.Providers.Count)
        {
            output.WriteVerbose($"Recorded the hashes in {result.LockFilePath}.");
        }
    }
}
