using System.Management.Automation;
using OpenTofuOci.Core.Providers;
using OpenTofuOci.Core.Providers.Installing;
using OpenTofuOci.PowerShell.Infrastructure;
using OpenTofuOci.PowerShell.Mapping;

namespace OpenTofuOci.PowerShell.Commands;

/// <summary>
/// The parameters every cmdlet that reads providers from a mirror shares (<c>Install-TofuProvider</c>,
/// <c>Update-TofuLockFile</c>): which providers and platforms, and where the mirror is (an explicit
/// repository, a repository template, or OpenTofu's CLI configuration), with its credentials.
/// </summary>
public abstract class ProviderSourceCommandBase : AsyncCmdletBase
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = ProviderSets.Configuration)]
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = ProviderSets.Repository)]
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = ProviderSets.Template)]
    [ValidateNotNullOrEmpty]
    public string[] Source { get; set; } = [];

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? Version { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(PlatformArgumentCompleter))]
    public string[]? Platform { get; set; }

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

    /// <summary>Maps the shared parameters; throws the Core errors a bad address, template or platform gives.</summary>
    private protected (ProviderSourceRequest Source, IReadOnlyList<ProviderRequirement> Requirements, IReadOnlyList<ProviderPlatform> Platforms) MapProviderSource()
    {
        var credential = Credential is null || Credential == PSCredential.Empty ? null : Credential;
        var source = ProviderSourceMapping.Create(Repository, RepositoryTemplate, credential?.UserName, credential?.GetNetworkCredential().Password,
            CredentialRegistry, PlainHttp.IsPresent, ResolveLayoutPath);
        return (source, ProviderRequirementMapping.Requirements(Source, Version), ProviderRequirementMapping.Platforms(Platform));
    }
}
