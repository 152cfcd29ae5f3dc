using System.Management.Automation;
using OpenTofuOci.Core.Credentials.Login;
using OpenTofuOci.Core.Access;
using OpenTofuOci.PowerShell.Mapping;
using OpenTofuOci.PowerShell.Output;

namespace OpenTofuOci.PowerShell.Commands;

/// <summary>
/// <c>Connect-TofuOciRegistry</c>: checks a credential against a registry and stores it where
/// <c>docker login</c> would, so tofu and every OpenTofuOci command find it.
/// </summary>
[Cmdlet(VerbsCommunications.Connect, "TofuOciRegistry", SupportsShouldProcess = true)]
[OutputType(typeof(TofuOciRegistryLoginInfo))]
public sealed class ConnectTofuOciRegistryCommand : RegistryTransportCommandBase
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Registry { get; set; } = string.Empty;

    [Parameter(Mandatory = true)]
    [Credential]
    [ValidateNotNull]
    public PSCredential Credential { get; set; } = PSCredential.Empty;

    [Parameter]
    public SwitchParameter PlainHttp { get; set; }

    /// <summary>Writes the result objects; without it the cmdlet writes nothing but progress, warnings and errors, as Install-PSResource does.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        if (!ShouldProcess(Registry, $"Log in as {Credential.UserName} and store the credentials"))
        {
            return;
        }

        var user = Credential.UserName;
        var password = Credential.GetNetworkCredential().Password;
        AccessPlan plan;
        try
        {
            // The login brings its own credential: the request is only how to reach the registry.
            plan = PlanAccess(AccessRequest([new AddressInput(Registry, AddressUse.Registry)], null, PlainHttp.IsPresent));
        }
        catch (Core.Errors.TofuOciException e)
        {
            WriteError(Infrastructure.ErrorMapping.ToErrorRecord(e, Registry));
            return;
        }

        var passThru = PassThru.IsPresent;
        RunItemOnWorker(async (output, cancellationToken) =>
        {
            var registry = plan.Repository;
            var result = await RegistryLogin.LoginAsync(registry.Registry!, user, password, plan.Environment.Credentials,
                plan.RemoteOptions(registry, output.WriteDebug, output.WriteWarning, output.WriteVerbose), cancellationToken).ConfigureAwait(false);
            output.WriteVerbose(CredentialCmdletMapping.Describe(result));
            foreach (var notice in result.Notices)
            {
                output.WriteWarning(notice.Message);
            }

            if (passThru)
            {
                output.WriteObject(CredentialCmdletMapping.ToInfo(result));
            }
        }, Registry);
    }
}
