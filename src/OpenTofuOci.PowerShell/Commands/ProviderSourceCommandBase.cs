using System.Management.Automation;
using OpenTofuOci.Core.Access;
using OpenTofuOci.Core.Providers;
using OpenTofuOci.Core.Providers.Installing;
using OpenTofuOci.PowerShell.Infrastructure;
using OpenTofuOci.PowerShell.Mapping;
using OpenTofuOci.PowerShell.Output;

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

    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = ProviderSets.Configuration)]
    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = ProviderSets.Repository)]
    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = ProviderSets.Template)]
    [ValidateNotNullOrEmpty]
    public string? Version { get; set; }

    /// <summary>Versions piped from <c>Get-TofuProviderVersion</c>: each is read from its own repository, the way it was listed.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = ProviderSets.InputObject)]
    [ValidateNotNull]
    public TofuProviderVersionInfo[] InputObject { get; set; } = [];

    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(PlatformArgumentCompleter))]
    public string[]? Platform { get; set; }

    /// <summary>
    /// Each provider of -Source as the user named it, for the target of its error record (a piped
    /// version is one item with one provider: the item names it).
    /// </summary>
    private protected IReadOnlyDictionary<ProviderAddress, object> ItemNames()
    {
        if (ParameterSetName == ProviderSets.InputObject)
        {
            return new Dictionary<ProviderAddress, object>();
        }

        var names = new Dictionary<ProviderAddress, object>();
        foreach (var text in Source)
        {
            // Mapping has parsed every address by now; the first spelling of a duplicate names it.
            names.TryAdd(ProviderAddress.Parse(text), text);
        }

        return names;
    }

    /// <summary>
    /// What to read this time: one item per piped version in the InputObject set (each from its own
    /// repository, exactly that version), otherwise the -Source addresses with -Version.
    /// </summary>
    private protected IEnumerable<(object Target, Func<ProviderSource> Map)> SourcesToRead()
    {
        if (ParameterSetName != ProviderSets.InputObject)
        {
            yield return (string.Join(", ", Source), () =>
            {
                var requirements = ProviderRequirementMapping.Requirements(Source, Version);
                var plan = PlanRepositorySource(requirements.Select(r => r.Address).ToList());
                return new ProviderSource(plan, false, requirements, ProviderRequirementMapping.Platforms(Platform));
            });
            yield break;
        }

        foreach (var item in InputObject)
        {
            yield return (item.ToString(), () =>
                new ProviderSource(PlanPipedVersion(item), true, ProviderRequirementMapping.Exact(item.Source, item.Version), ProviderRequirementMapping.Platforms(Platform)));
        }
    }

    /// <summary>Where one item's providers are read from, which of them, and for which platforms.</summary>
    private protected sealed record ProviderSource(AccessPlan Plan, bool Piped, IReadOnlyList<ProviderRequirement> Requirements, IReadOnlyList<ProviderPlatform> Platforms);
}
