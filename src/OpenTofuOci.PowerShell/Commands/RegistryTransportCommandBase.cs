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

    /// <summary>Maps the TLS parameters for the one registry <paramref name="address"/> names (none for a layout).</summary>
    private protected TransportRequest MapTransport(Core.Oci.Targets.TargetAddress address) =>
        MapTransport(address.IsLayout ? [] : [address.Remote!.Registry]);

    /// <summary>Warns that registry parameters were given for a layout directory, which does not use them.</summary>
    private protected void WarnIgnoredForLayout(IReadOnlyList<string> ignored)
    {
        if (ignored.Count > 0)
        {
            WriteWarning($"{string.Join(" and ", ignored)} do not apply to a layout directory and were ignored.");
        }
    }
}
