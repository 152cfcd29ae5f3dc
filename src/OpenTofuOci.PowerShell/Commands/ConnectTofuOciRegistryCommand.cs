using System.Management.Automation;
using OpenTofuOci.Core.Credentials.Login;
using OpenTofuOci.Core.Credentials.Policy;
using OpenTofuOci.Core.Oci.Targets;
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

        var registry = Registry;
        var user = Credential.UserName;
        var password = Credential.GetNetworkCredential().Password;
        var plainHttp = PlainHttp.IsPresent;
        TransportRequest transport;
        try
        {
            transport = MapTransport([registry]);
        }
        catch (Core.Errors.TofuOciException e)
        {
            WriteError(Infrastructure.ErrorMapping.ToErrorRecord(e, registry));
            return;
        }

        var passThru = PassThru.IsPresent;
        RunItemOnWorker(async (output, cancellationToken) =>
        {
            var options = new TargetOptions { PlainHttp = plainHttp, Transport = transport.Settings, Log = output.WriteDebug, Warning = output.WriteWarning };
            var result = await RegistryLogin.LoginAsync(registry, user, password, CredentialEnvironment.Current(),
                TargetFactory.RemoteOptions(registry, options), cancellationToken).ConfigureAwait(false);
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
