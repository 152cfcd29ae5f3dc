using System.Management.Automation;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Modules;
using OpenTofuOci.Core.Access;
using OpenTofuOci.PowerShell.Infrastructure;
using OpenTofuOci.PowerShell.Mapping;
using OpenTofuOci.PowerShell.Output;

namespace OpenTofuOci.PowerShell.Commands;

/// <summary>
/// <c>Publish-TofuModule</c>: zips a module directory deterministically and publishes it as an OpenTofu
/// module package (docs/opentofu-compatibility.md §3), tagged with <c>-Tag</c> (default <c>latest</c>).
/// </summary>
[Cmdlet(VerbsData.Publish, "TofuModule", DefaultParameterSetName = PathSet, SupportsShouldProcess = true)]
[OutputType(typeof(TofuModulePublishInfo))]
public sealed class PublishTofuModuleCommand : RegistryTransportCommandBase
{
    private const string PathSet = "Path";
    private const string LiteralPathSet = "LiteralPath";
    internal const int ActivityId = 4151;

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet)]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    public string Path { get; set; } = string.Empty;

    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string LiteralPath { get; set; } = string.Empty;

    [Parameter(Mandatory = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(RepositoryArgumentCompleter))]
    public string Repository { get; set; } = string.Empty;

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? Tag { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? Exclude { get; set; }

    [Parameter]
    public SwitchParameter NoDefaultExclude { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? SourceUrl { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ModuleVersion { get; set; }

    [Parameter]
    public DateTimeOffset? Created { get; set; }

    [Parameter]
    [Credential]
    [ValidateNotNull]
    public PSCredential? Credential { get; set; }

    [Parameter]
    public SwitchParameter PlainHttp { get; set; }

    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void ProcessRecord()
    {
        var given = ParameterSetName == LiteralPathSet ? LiteralPath : Path;
        ModuleMapping.PublishPlan plan;
        try
        {
            var directory = ResolveDirectory(given);
            plan = ModuleMapping.CreatePublish(PlanAccess(AccessRequest([new AddressInput(Repository)], Credential, PlainHttp.IsPresent)),
                directory, Tag, Exclude, NoDefaultExclude.IsPresent, SourceUrl, ModuleVersion, Created);
        }
        catch (TofuOciException e)
        {
            WriteError(ErrorMapping.ToErrorRecord(e, given));
            return;
        }

        var force = Force.IsPresent;
        RunItemOnWorker((output, cancellationToken) => PublishAsync(plan, force, output, cancellationToken), given);
    }

    private string ResolveDirectory(string given)
    {
        List<string> paths;
        try
        {
            paths = ParameterSetName == LiteralPathSet
                ? [SessionState.Path.GetUnresolvedProviderPathFromPSPath(given)]
                : SessionState.Path.GetResolvedProviderPathFromPSPath(given, out _).ToList();
        }
        catch (Exception e) when (e is ItemNotFoundException or SessionStateException or ProviderInvocationException or NotSupportedException)
        {
            throw new TofuOciException(ErrorIds.NotFound, ErrorKind.NotFound,
                $"No directory matches \"{given}\"; give the module directory (use -LiteralPath for names with [ ] in them).", given, e);
        }

        if (paths.Count != 1)
        {
            throw new TofuOciException(ErrorIds.InvalidArgument, ErrorKind.InvalidArgument,
                $"\"{given}\" matches {paths.Count} paths ({string.Join(", ", paths)}); publish one module directory at a time.", given);
        }

        if (!Directory.Exists(paths[0]))
        {
            throw new TofuOciException(ErrorIds.NotFound, ErrorKind.NotFound,
                $"\"{paths[0]}\" is not a directory on the file system; give the module directory.", given);
        }

        return paths[0];
    }

    private static async Task PublishAsync(ModuleMapping.PublishPlan plan, bool force, IPipelineWriter output, CancellationToken cancellationToken)
    {
        output.WriteVerbose($"Publishing {plan.Directory} to {(await plan.Access.DescribeAsync(cancellationToken).ConfigureAwait(false)).Text}.");
        var target = plan.Access.Open(plan.Repository, output.WriteDebug, output.WriteWarning, output.WriteVerbose);
        var request = plan.ToRequest(target, force);
        // Listing first checks the directory, links and patterns before asking, and lets -WhatIf say what would go in.
        var files = ModulePublisher.ListFiles(request);
        var action = $"Publish module {plan.Directory} ({files.Count} file(s)){(force ? ", moving tags that point at other content" : string.Empty)}";
        if (!await output.ShouldProcessAsync(plan.ShouldProcessTarget, action).ConfigureAwait(false))
        {
            return;
        }

        var progress = new TransferProgressReporter(output, ActivityId, $"Publishing {plan.Directory} to {plan.Repository.RepositoryText}");
        ModulePublishResult result;
        try
        {
            result = await ModulePublisher.PublishAsync(request, progress, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            progress.Complete();
        }

        output.WriteVerbose(result.Status == ModulePublishStatus.Unchanged
            ? $"{plan.ShouldProcessTarget} already is {result.ManifestDigest}; nothing was written."
            : $"{plan.ShouldProcessTarget} is {result.ManifestDigest}; {result.BlobsUploaded} blob(s) sent, {result.BlobsSkipped} already there.");
        foreach (var moved in result.ReplacedTags)
        {
            output.WriteVerbose($"Moved tag {moved.Tag} from {moved.PreviousDigest}.");
        }

        if (result.IsLayout)
        {
            output.WriteVerbose("OpenTofu cannot read OCI layouts: copy the layout to a registry and use oci://host/repository?digest=… there; Save-TofuModule reads the layout address.");
        }

        output.WriteObject(ModuleOutputMapping.ToPublishInfo(result));
    }
}
