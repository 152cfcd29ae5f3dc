using System.Management.Automation;
using OpenTofuOci.Core.Access;
using OpenTofuOci.Core.Auditing;
using OpenTofuOci.Core.Auditing.Scopes;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Providers;
using OpenTofuOci.PowerShell.Infrastructure;
using OpenTofuOci.PowerShell.Output;

namespace OpenTofuOci.PowerShell.Commands;

/// <summary>
/// <c>Test-TofuProviderMirror</c>: reports each reason <c>tofu init</c> would refuse or misbehave with a provider mirror
/// (and a configuration's <c>oci://</c> module sources), one object per finding, and repairs what is safe with
/// <c>-Fix</c> (docs/opentofu-compatibility.md §12, the same audit as <c>tofu-oci provider audit</c>).
/// </summary>
/// <remarks>
/// A Test cmdlet answers rather than fails: findings are objects, never error records; <c>-Quiet</c> gives the answer
/// as one bool. Errors are for what stops the audit itself (a bad address, an unreadable configuration).
/// </remarks>
[Cmdlet(VerbsDiagnostic.Test, "TofuProviderMirror", DefaultParameterSetName = ProviderSets.Configuration, SupportsShouldProcess = true)]
[OutputType(typeof(TofuAuditFindingInfo), typeof(bool))]
public sealed class TestTofuProviderMirrorCommand : ProviderRepositoryCommandBase
{
    /// <summary>The information-stream tag of the summary record.</summary>
    public const string SummaryTag = "Summary";

    [Parameter(Position = 0, ParameterSetName = ProviderSets.Configuration)]
    [Parameter(Position = 0, ParameterSetName = ProviderSets.Repository)]
    [Parameter(Position = 0, ParameterSetName = ProviderSets.Template)]
    [ValidateNotNullOrEmpty]
    public string[] Provider { get; set; } = [];

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ConfigurationPath { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? LockFile { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(PlatformArgumentCompleter))]
    public string[] Platform { get; set; } = [];

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Version { get; set; }

    [Parameter]
    public SwitchParameter Deep { get; set; }

    [Parameter]
    public SwitchParameter Fix { get; set; }

    [Parameter]
    public SwitchParameter Quiet { get; set; }

    protected override void ProcessRecord()
    {
        var target = (object?)Repository ?? RepositoryTemplate ?? ConfigurationPath ?? string.Join(", ", Provider);
        MirrorAuditScope scope;
        try
        {
            scope = new MirrorAuditScope
            {
                Repository = Repository,
                Template = RepositoryTemplate,
                Providers = Provider.Select(ProviderAddress.Parse).ToList(),
                ConfigurationDirectory = ConfigurationPath is null ? null : ResolveLayoutPath(ConfigurationPath),
                LockFilePath = LockFile is null ? null : ResolveLayoutPath(LockFile),
                ExpectedPlatforms = Platform.Select(ProviderPlatform.Parse).ToList(),
                Versions = Version is null ? null : VersionConstraint.Parse(Version),
                Deep = Deep.IsPresent,
            };
        }
        catch (TofuOciException e)
        {
            WriteError(ErrorMapping.ToErrorRecord(e, target));
            return;
        }

        MirrorAuditPreparation? prepared = null;
        if (!RunItemOnWorker(async (_, cancellationToken) => prepared = await MirrorAudit.PrepareAsync(scope, cancellationToken).ConfigureAwait(false), target))
        {
            return;
        }

        // Planned here, on the pipeline thread: planning resolves layout paths through PowerShell's session and warns.
        List<AccessPlan> plans;
        try
        {
            plans = prepared!.Accesses
                .Select(a => PlanAccess(AccessRequest(a.Addresses, Credential, PlainHttp.IsPresent, a.Template, CredentialRegistry, a.Providers)))
                .ToList();
        }
        catch (TofuOciException e)
        {
            WriteError(ErrorMapping.ToErrorRecord(e, target));
            return;
        }

        MirrorAuditResult? result = null;
        if (!RunItemOnWorker(async (output, cancellationToken) => result = await AuditAsync(prepared, plans, output, cancellationToken).ConfigureAwait(false), target))
        {
            return;
        }

        var summary = result!.Report.Summary;
        var info = new TofuAuditSummaryInfo(summary.Repositories, summary.Versions, summary.Platforms, summary.Modules, summary.Errors, summary.Warnings, summary.Fixed);
        WriteVerbose(info.ToString());
        WriteInformation(info, [SummaryTag]);
        if (Quiet.IsPresent)
        {
            WriteObject(summary.Passed);
        }
    }

    private async Task<MirrorAuditResult> AuditAsync(MirrorAuditPreparation prepared, IReadOnlyList<AccessPlan> plans, IPipelineWriter output,
        CancellationToken cancellationToken)
    {
        foreach (var plan in plans)
        {
            output.WriteVerbose($"Auditing {(await plan.DescribeAsync(cancellationToken).ConfigureAwait(false)).Text}.");
        }

        // -WhatIf and -Confirm are asked once per repair, on the pipeline thread; the fixer waits for the answer.
        Func<AuditFix, bool>? shouldFix = Fix.IsPresent
            ? fix => output.ShouldProcessAsync(
                fix.Finding.Version is null ? fix.Finding.Repository : $"{fix.Finding.Repository}:{fix.Finding.Version}", fix.Action)
                .GetAwaiter().GetResult()
            : null;
        var result = await MirrorAudit.RunAsync(prepared, plans, Sinks(output), shouldFix, cancellationToken).ConfigureAwait(false);
        foreach (var fix in result.Fixes.Where(f => f.Applied))
        {
            output.WriteVerbose($"Fixed {fix.Finding.Rule} on {fix.Finding.Subject} {fix.Finding.Version}: {fix.Action}");
        }

        if (!Quiet.IsPresent)
        {
            foreach (var f in result.Report.Findings)
            {
                output.WriteObject(new TofuAuditFindingInfo(f.Severity.ToString(), f.Rule, f.Subject, f.Repository, f.Version, f.Platform, f.Digest,
                    f.Message, f.Fix, f.Fixable));
            }
        }

        return result;
    }
}
