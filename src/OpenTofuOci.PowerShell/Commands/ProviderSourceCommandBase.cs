using System.Management.Automation;
using OpenTofuOci.Core.Providers;
using OpenTofuOci.Core.Providers.Installing;
using OpenTofuOci.PowerShell.Infrastructure;
using OpenTofuOci.PowerShell.Mapping;

namespace OpenTofuOci.PowerShell.Commands;

/// <summary>
/// The parameters every cmdlet that reads providers from a mirror shares (<c>Install-TofuProvider</c>,
/// <c>Update-TofuLockFile</c>): which providers, versions and platforms; the mirror parameters come
/// from <see cref="ProviderRepositoryCommandBase"/>.
/// </summary>
public abstract class ProviderSourceCommandBase : ProviderRepositoryCommandBase
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

    /// <summary>Maps the shared parameters; throws the Core errors a bad address, template or platform gives.</summary>
    private protected (ProviderSourceRequest Source, IReadOnlyList<ProviderRequirement> Requirements, IReadOnlyList<ProviderPlatform> Platforms) MapProviderSource()
    {
        return (MapRepositorySource(), ProviderRequirementMapping.Requirements(Source, Version), ProviderRequirementMapping.Platforms(Platform));
    }
}
