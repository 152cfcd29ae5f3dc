using System.Management.Automation;
using OpenTofuOci.Core.Access;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Providers;
using OpenTofuOci.PowerShell.Infrastructure;
using OpenTofuOci.PowerShell.Mapping;
using OpenTofuOci.PowerShell.Output;

namespace OpenTofuOci.PowerShell.Commands;

/// <summary>
/// <c>Get-TofuProviderVersion</c>: the versions of a provider in an OCI mirror, each with its index
/// digest and platforms. The repository is named (-Repository), mapped from the address with a
/// template (-RepositoryTemplate), or found the way <c>tofu</c> finds it (CLI configuration).
/// </summary>
[Cmdlet(VerbsCommon.Get, "TofuProviderVersion", DefaultParameterSetName = ProviderSets.Configuration)]
[OutputType(typeof(TofuProviderVersionInfo))]
public sealed class GetTofuProviderVersionCommand : ProviderRepositoryCommandBase
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = ProviderSets.Configuration)]
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = ProviderSets.Repository)]
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = ProviderSets.Template)]
    [ValidateNotNullOrEmpty]
    public string Source { get; set; } = string.Empty;

    protected override void ProcessRecord()
    {
        AccessPlan plan;
        ProviderAddress address;
        try
        {
            address = ProviderAddress.Parse(Source);
            plan = PlanRepositorySource([address]);
        }
        catch (TofuOciException e)
        {
            WriteError(ErrorMapping.ToErrorRecord(e, Source));
            return;
        }

        RunItemOnWorker((output, cancellationToken) => ListAsync(plan, address, output, cancellationToken), Source);
    }

    private static async Task ListAsync(AccessPlan plan, ProviderAddress address, IPipelineWriter output, CancellationToken cancellationToken)
    {
        output.WriteVerbose(await DescribeSourceAsync(plan, false, cancellationToken).ConfigureAwait(false));
        var target = (await plan.CreateResolverAsync(Sinks(output), cancellationToken).ConfigureAwait(false)).Resolve(address);
        var versions = await ProviderVersionCatalog.ListAsync(target, address, cancellationToken).ConfigureAwait(false);
        var connection = new TofuOciConnection(plan.AccessTo(target));
        foreach (var version in versions)
        {
            if (version.Problem is not null)
            {
                output.WriteWarning($"{target.DisplayName}:{version.Tag}: {version.Problem}");
            }

            output.WriteObject(ProviderOutputMapping.ToVersionInfo(address, target.DisplayName, version, connection));
        }
    }
}
