using System.Management.Automation;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Access;
using OpenTofuOci.Core.Tags;
using OpenTofuOci.PowerShell.Infrastructure;
using OpenTofuOci.PowerShell.Mapping;
using OpenTofuOci.PowerShell.Output;

namespace OpenTofuOci.PowerShell.Commands;

/// <summary>
/// <c>Get-TofuOciTag</c>: lists the tags of a registry repository or an OCI image-layout directory,
/// with the provider version each tag stands for.
/// </summary>
[Cmdlet(VerbsCommon.Get, "TofuOciTag")]
[OutputType(typeof(TofuOciTagInfo))]
public sealed class GetTofuOciTagCommand : RegistryTransportCommandBase
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(RepositoryArgumentCompleter))]
    public string Repository { get; set; } = string.Empty;

    [Parameter]
    [Credential]
    [ValidateNotNull]
    public PSCredential? Credential { get; set; }

    [Parameter]
    public SwitchParameter PlainHttp { get; set; }

    [Parameter]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[]? Name { get; set; }

    [Parameter]
    public SwitchParameter VersionOnly { get; set; }

    protected override void ProcessRecord()
    {
        AccessPlan plan;
        TagNameFilter filter;
        try
        {
            plan = PlanAccess(AccessRequest([new AddressInput(Repository)], Credential, PlainHttp.IsPresent));
            filter = TagNameFilter.Create(Name);
        }
        catch (TofuOciException e)
        {
            WriteError(ErrorMapping.ToErrorRecord(e, Repository));
            return;
        }

        var versionOnly = VersionOnly.IsPresent;
        RunItemOnWorker((output, cancellationToken) => ListAsync(plan, filter, versionOnly, output, cancellationToken), Repository);
    }

    private static async Task ListAsync(AccessPlan plan, TagNameFilter filter, bool versionOnly, IPipelineWriter output, CancellationToken cancellationToken)
    {
        output.WriteVerbose($"Listing tags of {(await plan.DescribeAsync(cancellationToken).ConfigureAwait(false)).Text}.");
        var repository = plan.Repository;
        var target = plan.Open(repository, output.WriteDebug, output.WriteWarning, output.WriteVerbose);
        try
        {
            var entries = await TagQuery.ListAsync(target, repository.RepositoryText, cancellationToken).ConfigureAwait(false);
            var selection = TagInfoMapping.Select(entries, filter, versionOnly, repository.RepositoryText, new TofuOciConnection(plan.AccessTo(repository)));
            output.WriteVerbose($"{target.DisplayName} has {entries.Count} tag(s); {selection.Tags.Count} selected.");
            foreach (var tag in selection.Tags)
            {
                output.WriteObject(tag);
            }

            foreach (var missing in selection.MissingNames)
            {
                output.WriteError(missing);
            }
        }
        finally
        {
            // Targets hold no unmanaged state today; disposing when they do keeps this call site right.
            (target as IDisposable)?.Dispose();
        }
    }
}
