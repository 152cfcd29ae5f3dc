using System.Management.Automation;
using System.Security;
using OpenTofuOci.PowerShell.Infrastructure;
using OpenTofuOci.PowerShell.Mapping;

namespace OpenTofuOci.PowerShell.Commands;

/// <summary>
/// The TLS parameters of every cmdlet that talks to registries: an extra CA bundle, a client
/// certificate for mutual TLS, and skipping certificate verification for the command's registry
/// (docs/design.md "Transport security").
/// </summary>
public abstract class RegistryTransportCommandBase : AsyncCmdletBase
{
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? CertificateAuthorityPath { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ClientCertificatePath { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ClientKeyPath { get; set; }

    [Parameter]
    [ValidateNotNull]
    public SecureString? ClientCertificatePassword { get; set; }

    [Parameter]
    public SwitchParameter SkipCertificateCheck { get; set; }

    /// <summary>Maps the TLS parameters; <paramref name="registries"/> as for <see cref="TransportMapping.Create"/>. Writes the -Verbose line.</summary>
    private protected TransportRequest MapTransport(IReadOnlyCollection<string>? registries)
    {
        var password = ClientCertificatePassword is null ? null : new System.Net.NetworkCredential(string.Empty, ClientCertificatePassword).Password;
        var request = TransportMapping.Create(
            CertificateAuthorityPath is null ? null : ResolveLayoutPath(CertificateAuthorityPath),
            ClientCertificatePath is null ? null : ResolveLayoutPath(ClientCertificatePath),
            ClientKeyPath is null ? null : ResolveLayoutPath(ClientKeyPath),
            password, SkipCertificateCheck.IsPresent, registries);
        if (request.Describe() is { } line)
        {
            WriteVerbose(line);
        }

        return request;
    }
}
