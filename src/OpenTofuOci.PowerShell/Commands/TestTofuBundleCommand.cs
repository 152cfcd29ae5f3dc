using System.Management.Automation;
using OpenTofuOci.Core.Bundles.Import;
using OpenTofuOci.Core.Bundles.Verify;
using OpenTofuOci.Core.LockFiles;
using OpenTofuOci.PowerShell.Infrastructure;
using OpenTofuOci.PowerShell.Output;

namespace OpenTofuOci.PowerShell.Commands;

/// <summary>
/// <c>Test-TofuBundle</c>: checks a bundle offline against its contents, OpenTofu's reading rules and optionally a lock
/// file (docs/opentofu-compatibility.md §13.7). Writes one finding per problem, then a terminating-free
/// <c>BundleVerificationFailed</c> error when any is an error; with <c>-Quiet</c> only <c>$true</c> or <c>$false</c>.
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "TofuBundle")]
[OutputType(typeof(TofuAuditFindingInfo))]
public sealed class TestTofuBundleCommand : AsyncCmdletBase
{
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = string.Empty;

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? LockFile { get; set; }

    [Parameter]
    public SwitchParameter Quiet { get; set; }

    protected override void ProcessRecord()
    {
        var path = ResolveLayoutPath(Path);
        var lockPath = LockFile is null ? null : ResolveLayoutPath(LockFile);
        RunItemOnWorker(async (writer, cancellationToken) =>
        {
            var locks = lockPath is null ? null : await LockFileReader.ReadFileAsync(lockPath, cancellationToken).ConfigureAwait(false);
            using var bundle = await BundleReader.OpenAsync(path, cancellationToken).ConfigureAwait(false);
            var report = await BundleVerifier.VerifyAsync(bundle, locks, cancellationToken).ConfigureAwait(false);
            if (Quiet.IsPresent)
            {
                writer.WriteObject(report.Summary.Passed);
                return;
            }

            foreach (var finding in report.Findings)
            {
                writer.WriteObject(new TofuAuditFindingInfo(finding.Severity.ToString(), finding.Rule, finding.Subject, finding.Repository, finding.Version, finding.Platform,
                    finding.Digest, finding.Message, finding.Fix, finding.Fixable));
            }

            if (!report.Summary.Passed)
            {
                writer.WriteError(BundleVerifier.Failed(bundle.Source, report.Summary));
            }
        }, Path);
    }
}
