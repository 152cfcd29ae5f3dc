using System.Management.Automation;
using OpenTofuOci.Core.Access;
using OpenTofuOci.Core.Errors;
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

    /// <summary>Writes the result objects; without it the cmdlet writes nothing but progress, warnings and errors, as Install-PSResource does.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>
    /// The flow both cmdlets share, per input item: map it to a request (a mapping error is that
    /// item's error), ask -WhatIf/-Confirm once per provider on the pipeline thread before anything
    /// is fetched, then run the approved providers on a worker.
    /// </summary>
    /// <param name="createRequest">The Core request for one item's providers and platforms.</param>
    /// <param name="action">The ShouldProcess action text for a request.</param>
    /// <param name="withProviders">The same request for the providers -WhatIf/-Confirm allowed.</param>
    /// <param name="run">The work for one approved item, on the worker.</param>
    private protected void ProcessSources<TRequest>(Func<ProviderSource, TRequest> createRequest, Func<TRequest, string> action,
        Func<TRequest, IReadOnlyList<ProviderRequirement>, TRequest> withProviders, Func<ProviderItem<TRequest>, IPipelineWriter, CancellationToken, Task> run)
        where TRequest : ProviderPackageRequest
    {
        foreach (var (target, map) in SourcesToRead())
        {
            ProviderSource source;
            TRequest request;
            try
            {
                source = map();
                request = createRequest(source);
            }
            catch (TofuOciException e)
            {
                WriteError(ErrorMapping.ToErrorRecord(e, target));
                continue;
            }

            var what = action(request);
            var approved = request.Providers.Where(p => ShouldProcess(ProviderRequirementMapping.ShouldProcessTarget(p, source.Platforms), what)).ToList();
            if (approved.Count == 0)
            {
                continue;
            }

            var item = new ProviderItem<TRequest>(source, withProviders(request, approved), target, ItemNames(), PassThru.IsPresent);
            RunItemOnWorker((output, cancellationToken) => run(item, output, cancellationToken), target);
        }
    }

    /// <summary>
    /// Each provider of -Source as the user named it, for the target of its error record (a piped
    /// version is one item with one provider: the item names it).
    /// </summary>
    private Dictionary<ProviderAddress, object> ItemNames()
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
    private IEnumerable<(object Target, Func<ProviderSource> Map)> SourcesToRead()
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

    /// <summary>One approved input item on its way through the worker.</summary>
    /// <param name="Target">The item as the user gave it: the target of its error records.</param>
    /// <param name="Names">Each provider of -Source as the user wrote it.</param>
    private protected sealed record ProviderItem<TRequest>(ProviderSource Source, TRequest Request, object Target,
        IReadOnlyDictionary<ProviderAddress, object> Names, bool PassThru)
    {
        /// <summary>Says where the providers are read from, then opens the resolver.</summary>
        public async Task<ProviderSourceResolver> ResolverAsync(IPipelineWriter output, CancellationToken cancellationToken)
        {
            output.WriteVerbose(await DescribeSourceAsync(Source.Plan, Source.Piped, cancellationToken).ConfigureAwait(false));
            return await Source.Plan.CreateResolverAsync(Sinks(output), cancellationToken).ConfigureAwait(false);
        }

        /// <summary>One non-terminating error per provider that failed, targeted as the user named it; the others went ahead.</summary>
        public void WriteFailures(IReadOnlyList<ProviderFailure> failures, IPipelineWriter output)
        {
            foreach (var failure in failures)
            {
                output.WriteError(ErrorMapping.ToErrorRecord(failure, Names.GetValueOrDefault(failure.Address) ?? Target));
            }
        }
    }
}
