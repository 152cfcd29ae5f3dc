using System.Management.Automation;
using OpenTofuOci.PowerShell.Infrastructure;
using OpenTofuOci.PowerShell.Mapping;
using OpenTofuOci.PowerShell.Output;

namespace OpenTofuOci.PowerShell.Commands;

/// <summary>
/// The parameters of every cmdlet that reads providers from a mirror: where the mirror is (an explicit
/// repository, a repository template, or OpenTofu's CLI configuration) and how to reach it.
/// </summary>
public abstract class ProviderRepositoryCommandBase : RegistryTransportCommandBase
{
    [Parameter(Mandatory = true, ParameterSetName = ProviderSets.Repository)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(RepositoryArgumentCompleter))]
    public string? Repository { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = ProviderSets.Template)]
    [ValidateNotNullOrEmpty]
    public string? RepositoryTemplate { get; set; }

    [Parameter]
    [Credential]
    [ValidateNotNull]
    public PSCredential? Credential { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? CredentialRegistry { get; set; }

    [Parameter]
    public SwitchParameter PlainHttp { get; set; }

    /// <summary>OpenTofu's CLI configuration, read once for all the items of this invocation.</summary>
    private protected CliConfigurationOnce Configuration { get; } = new();

    /// <summary>Maps the mirror parameters; throws the Core errors a bad address or template gives.</summary>
    private protected ProviderSourceRequest MapRepositorySource()
    {
        var credential = Credential is null || Credential == PSCredential.Empty ? null : Credential;
        var source = ProviderSourceMapping.Create(Repository, RepositoryTemplate, credential?.UserName, credential?.GetNetworkCredential().Password,
            CredentialRegistry, PlainHttp.IsPresent, ResolveLayoutPath, Credentials.Provider, Configuration);
        source.Transport = MapTransport(source.Kind != ProviderSourceKind.Repository ? null : source.Repository!.IsLayout ? [] : [source.Repository.Remote!.Registry]);
        return source;
    }

    /// <summary>
    /// The source of a version piped from Get-TofuProviderVersion: its own repository, reached as its
    /// connection says; -Credential, -PlainHttp and the TLS parameters given here take precedence.
    /// </summary>
    private protected ProviderSourceRequest MapPipedVersion(TofuProviderVersionInfo item)
    {
        var address = Core.Oci.Targets.TargetAddress.Parse(item.Repository);
        var transport = MapTransport(address.IsLayout || address.Selector is not null ? [] : [address.Remote!.Registry]);
        var credential = Credential is null || Credential == PSCredential.Empty
            ? null
            : Core.Credentials.RegistryCredential.Basic(Credential.UserName, Credential.GetNetworkCredential().Password, ProviderSourceMapping.CredentialSourceName);
        var tls = address.IsLayout || address.Selector is not null ? transport.Settings.AllRegistries : transport.Settings.For(address.Remote!.Registry);
        List<string> ignored = CredentialRegistry is null ? [] : ["-CredentialRegistry"];
        return ProviderSourceMapping.FromPipedVersion(item.Repository, item.Connection, new ConnectionOverrides(credential, PlainHttp.IsPresent, tls),
            ResolveLayoutPath, Credentials.Provider, ignored, Configuration);
    }

    /// <summary>Warns about parameters the chosen source does not use.</summary>
    private protected void WarnIgnored(ProviderSourceRequest source)
    {
        if (source.IgnoredParameters.Count > 0)
        {
            WriteWarning($"{string.Join(" and ", source.IgnoredParameters)} do not apply here and were ignored.");
        }
    }

    /// <summary>Warns about parameters the chosen source does not use, then says which source is used.</summary>
    private protected void AnnounceSource(ProviderSourceRequest source)
    {
        WarnIgnored(source);
        WriteVerbose(source.Describe());
    }
}
