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

    /// <summary>Record only versions with a signed, verified provenance artifact, and zh: of every platform it signs (docs/opentofu-compatibility.md §9.6).</summary>
    [Parameter]
    public SwitchParameter RequireProvenance { get; set; }

    /// <summary>OpenPGP public key files whose keys are the only ones trusted to sign provenance.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? TrustedKey { get; set; }

    protected override void ProcessRecord() =>
        ProcessSources(
            source => ProviderInstallMapping.CreateLock(source.Requirements, source.Platforms, ResolveLayoutPath(Path),
                RequireProvenance.IsPresent, TrustedKey?.Select(ResolveLayoutPath).ToList()),
            request => $"Record h1: and zh: hashes in {request.LockFilePath}",
            ProviderInstallMapping.WithProviders,
            LockAsync);

    private static async Task LockAsync(ProviderItem<ProviderLockRequest> item, IPipelineWriter output, CancellationToken cancellationToken)
    {
        var request = item.Request;
        var resolver = await item.ResolverAsync(output, cancellationToken).ConfigureAwait(false);
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
            if (item.PassThru)
            {
                output.WriteObject(ProviderOutputMapping.ToLockInfo(package, result.LockFilePath));
            }
        }

        item.WriteFailures(result.Failures, output);
    }
}
