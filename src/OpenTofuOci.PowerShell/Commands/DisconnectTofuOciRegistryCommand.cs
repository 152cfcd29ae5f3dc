using System.Management.Automation;
using OpenTofuOci.Core.Credentials.Login;
using OpenTofuOci.Core.Credentials.Policy;
using OpenTofuOci.Core.Credentials;
using OpenTofuOci.PowerShell.Mapping;
using OpenTofuOci.PowerShell.Output;

namespace OpenTofuOci.PowerShell.Commands;

/// <summary><c>Disconnect-TofuOciRegistry</c>: removes the credentials stored for a registry (helper entry and <c>~/.docker/config.json</c> entry).</summary>
[Cmdlet(VerbsCommunications.Disconnect, "TofuOciRegistry", SupportsShouldProcess = true)]
[OutputType(typeof(TofuOciRegistryLoginInfo))]
public sealed class DisconnectTofuOciRegistryCommand : Infrastructure.AsyncCmdletBase
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Registry { get; set; } = string.Empty;

    /// <summary>Writes the result objects; without it the cmdlet writes nothing but progress, warnings and errors, as Install-PSResource does.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        if (!ShouldProcess(Registry, "Remove the stored credentials"))
        {
            return;
        }

        var registry = Registry;
        var passThru = PassThru.IsPresent;
        RunItemOnWorker(async (output, cancellationToken) =>
        {
            var result = await RegistryLogin.LogoutAsync(registry, CredentialEnvironment.Current(), cancellationToken).ConfigureAwait(false);
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
