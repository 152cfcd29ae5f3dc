using System.Management.Automation;
using System.Security;
using OpenTofuOci.Core.Access;
using OpenTofuOci.Core.Oci.Transport;
using OpenTofuOci.Core.Providers;
using OpenTofuOci.PowerShell.Infrastructure;
using OpenTofuOci.PowerShell.Mapping;

namespace OpenTofuOci.PowerShell.Commands;

/// <summary>
/// The TLS and retry parameters of every cmdlet that talks to registries: an extra CA bundle, a client
/// certificate for mutual TLS, skipping certificate verification for the command's registry
/// (docs/design.md "Transport security"), and how often a failed read is retried
/// (docs/oci-registries.md "Retries and timeouts").
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

    [Parameter]
    [ValidateRange(0, RetrySettings.MostRetries)]
    public int? MaximumRetryCount { get; set; }

    /// <summary>
    /// The Core access request for <paramref name="addresses"/> (or, without them, <paramref name="template"/>
    /// or the CLI configuration) with this cmdlet's TLS parameters and the given registry parameters.
    /// </summary>
    private protected AccessRequest AccessRequest(IReadOnlyList<AddressInput> addresses, PSCredential? credential, bool plainHttp,
        string? template = null, string? credentialRegistry = null, IReadOnlyList<ProviderAddress>? providers = null) => new()
        {
            Addresses = addresses,
            RepositoryTemplate = template,
            Providers = providers ?? [],
            Credential = CredentialParameter.ToCore(credential, CredentialParameter.CredentialSource),
            CredentialRegistry = credentialRegistry,
            PlainHttp = plainHttp,
            Tls = new TlsSettings
            {
                CaFile = CertificateAuthorityPath is null ? null : ResolveLayoutPath(CertificateAuthorityPath),
                ClientCertificateFile = ClientCertificatePath is null ? null : ResolveLayoutPath(ClientCertificatePath),
                ClientKeyFile = ClientKeyPath is null ? null : ResolveLayoutPath(ClientKeyPath),
                ClientCertificatePassword = ClientCertificatePassword is null ? null : new System.Net.NetworkCredential(string.Empty, ClientCertificatePassword).Password,
            },
            SkipCertificateCheck = SkipCertificateCheck.IsPresent,
            MaxRetries = MaximumRetryCount,
            ResolveLayoutPath = ResolveLayoutPath,
            Environment = Access,
        };

    /// <summary>The sinks of a worker: HTTP log to debug, warnings to warning, what was read and chosen to verbose.</summary>
    private protected static AccessSinks Sinks(IPipelineWriter output) =>
        new() { Log = output.WriteDebug, Warning = output.WriteWarning, Verbose = output.WriteVerbose };
}
