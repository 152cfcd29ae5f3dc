using System.Management.Automation;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci.Targets;
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
        TagListRequest request;
        try
        {
            var credential = Credential is null || Credential == PSCredential.Empty ? null : Credential;
            request = TagRequestMapping.Create(Repository, credential?.UserName, credential?.GetNetworkCredential().Password,
                PlainHttp.IsPresent, Name, VersionOnly.IsPresent, ResolveLayoutPath, Credentials.Provider);
            request.Transport = MapTransport(request.Address);
        }
        catch (TofuOciException e)
        {
            WriteError(ErrorMapping.ToErrorRecord(e, Repository));
            return;
        }

        WarnIgnoredForLayout(request.IgnoredParameters);

        WriteVerbose(request.Describe());
        RunItemOnWorker((output, cancellationToken) => ListAsync(request, output, cancellationToken), Repository);
    }

    private static async Task ListAsync(TagListRequest request, IPipelineWriter output, CancellationToken cancellationToken)
    {
        var target = TargetFactory.Open(request.Address, request.CreateTargetOptions(output.WriteDebug, output.WriteWarning));
        try
        {
            var entries = await TagQuery.ListAsync(target, request.RepositoryText, cancellationToken).ConfigureAwait(false);
            var selection = TagInfoMapping.Select(entries, request.Filter, request.VersionOnly, request.RepositoryText, request.Connection());
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
