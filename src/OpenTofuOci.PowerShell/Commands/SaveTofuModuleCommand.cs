using System.Management.Automation;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Modules;
using OpenTofuOci.Core.Access;
using OpenTofuOci.PowerShell.Infrastructure;
using OpenTofuOci.PowerShell.Mapping;
using OpenTofuOci.PowerShell.Output;

namespace OpenTofuOci.PowerShell.Commands;

/// <summary>
/// <c>Save-TofuModule</c>: saves an <c>oci://</c> module package into a directory, with every check
/// OpenTofu makes (docs/opentofu-compatibility.md §3.3) and safe extraction; with <c>//subdir</c> only that
/// directory is saved. <c>-Source</c> binds by property name, so <c>Publish-TofuModule</c> output pipes in.
/// </summary>
[Cmdlet(VerbsData.Save, "TofuModule", SupportsShouldProcess = true)]
[OutputType(typeof(TofuModuleSaveInfo))]
public sealed class SaveTofuModuleCommand : RegistryTransportCommandBase
{
    internal const int ActivityId = 4152;

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Source { get; set; } = string.Empty;

    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    public string Destination { get; set; } = string.Empty;

    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Writes the result objects; without it the cmdlet writes nothing but progress, warnings and errors, as Install-PSResource does.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    [Parameter]
    [Credential]
    [ValidateNotNull]
    public PSCredential? Credential { get; set; }

    [Parameter]
    public SwitchParameter PlainHttp { get; set; }

    protected override void ProcessRecord()
    {
        ModuleMapping.SavePlan plan;
        try
        {
            var source = ModuleAddress.Parse(Source);
            var access = PlanAccess(AccessRequest([AddressInput.ForModule(source)], Credential, PlainHttp.IsPresent));
            plan = ModuleMapping.CreateSave(access, source, ResolveLayoutPath(Destination), Force.IsPresent);
        }
        catch (TofuOciException e)
        {
            WriteError(ErrorMapping.ToErrorRecord(e, Source));
            return;
        }

        if (!ShouldProcess(plan.Destination, $"Save module {plan.Address.Text}{(plan.Force ? " (replacing what is there)" : string.Empty)}"))
        {
            return;
        }

        var passThru = PassThru.IsPresent;
        RunItemOnWorker((output, cancellationToken) => SaveAsync(plan, passThru, output, cancellationToken), Source);
    }

    private static async Task SaveAsync(ModuleMapping.SavePlan plan, bool passThru, IPipelineWriter output, CancellationToken cancellationToken)
    {
        output.WriteVerbose($"Saving {plan.Address.Text} from {(await plan.Access.DescribeAsync(cancellationToken).ConfigureAwait(false)).Text}.");
        var target = plan.Access.Open(plan.Access.Repository, output.WriteDebug, output.WriteWarning, output.WriteVerbose);
        var progress = new TransferProgressReporter(output, ActivityId, $"Saving {plan.Address.Text} to {plan.Destination}");
        ModuleSaveResult result;
        try
        {
            result = await ModuleSaver.SaveAsync(target, plan.Address, plan.Destination, plan.Force, progress, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            progress.Complete();
        }

        output.WriteVerbose($"Saved {result.ManifestDigest} ({result.FileCount} file(s)) to {result.Destination}.");
        if (passThru)
        {
            output.WriteObject(ModuleOutputMapping.ToSaveInfo(result));
        }
    }
}
