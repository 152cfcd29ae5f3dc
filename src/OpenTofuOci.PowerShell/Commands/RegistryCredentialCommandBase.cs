using System.Management.Automation;

namespace OpenTofuOci.PowerShell.Commands;

/// <summary>
/// The credential parameters of every cmdlet that may reach several registries (a repository template,
/// the CLI configuration's mirrors, a bundle's repositories): explicit credentials, the registry they
/// belong to when the registries are not known up front, and plain HTTP (docs/design.md "Access: one way
/// to reach a registry").
/// </summary>
public abstract class RegistryCredentialCommandBase : RegistryTransportCommandBase
{
    [Parameter]
    [Credential]
    [ValidateNotNull]
    public PSCredential? Credential { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? CredentialRegistry { get; set; }

    [Parameter]
    public SwitchParameter PlainHttp { get; set; }
}
