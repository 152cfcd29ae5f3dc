using System.Management.Automation;
using OpenTofuOci.Core.Access;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.PowerShell.Infrastructure;
using OpenTofuOci.PowerShell.Mapping;
using OpenTofuOci.PowerShell.Output;

namespace OpenTofuOci.PowerShell.Commands;

/// <summary>
/// <c>Get-TofuOciCredentialSource</c>: which credential source tofu (and this module) would use for a
/// repository, and why. Never shows a secret.
/// </summary>
[Cmdlet(VerbsCommon.Get, "TofuOciCredentialSource")]
[OutputType(typeof(TofuOciCredentialSourceInfo))]
public sealed class GetTofuOciCredentialSourceCommand : AsyncCmdletBase
{
    private int _warned;

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(RepositoryArgumentCompleter))]
    public string Repository { get; set; } = string.Empty;

    protected override void ProcessRecord()
    {
        RepositoryLocation repository;
        try
        {
            repository = PlanAccess(new AccessRequest { Addresses = [new AddressInput(Repository, AddressUse.CredentialLookup)], Environment = Access }).Repository;
        }
        catch (TofuOciException e)
        {
            WriteError(ErrorMapping.ToErrorRecord(e, Repository));
            return;
        }

        var discovered = Access.DiscoveredCredentials;
        RunItemOnWorker(async (output, cancellationToken) =>
        {
            var policy = await discovered.GetPolicyAsync(cancellationToken).ConfigureAwait(false);
            // The answer is not tofu's when this module reads files tofu does not (DOCKER_CONFIG): say so once per call.
            if (Interlocked.Exchange(ref _warned, 1) == 0)
            {
                foreach (var notice in policy.Notices.Where(n => n.DiffersFromOpenTofu))
                {
                    output.WriteWarning(notice.Message);
                }
            }

            var selection = policy.Select(repository.Registry!, repository.Repository!);
            output.WriteObject(CredentialCmdletMapping.ToInfo(selection));
        }, Repository);
    }
}
