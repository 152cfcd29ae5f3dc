using System.Management.Automation;
using OpenTofuOci.Core.Oci.Targets;
using OpenTofuOci.PowerShell.Mapping;

namespace OpenTofuOci.PowerShell.Infrastructure;

/// <summary>
/// Turns Core's transfer progress into throttled <c>WriteProgress</c> records with a stable activity
/// id. Reports synchronously (unlike <see cref="Progress{T}"/>, which would post them out of order).
/// </summary>
internal sealed class TransferProgressReporter(IPipelineWriter output, int activityId, string activity) : IProgress<TransferProgress>
{
    /// <summary>Stable activity ids, one per kind of work.</summary>
    public const int PublishActivityId = 4101;
    public const int CopyActivityId = 4102;
    public const int InstallActivityId = 4103;
    public const int LockActivityId = 4104;

    public void Report(TransferProgress value)
    {
        var (status, percent) = ProviderOutputMapping.Progress(value);
        output.WriteProgress(new ProgressRecord(activityId, activity, status) { PercentComplete = percent });
    }

    /// <summary>Ends the activity; call it in a <c>finally</c>.</summary>
    public void Complete() =>
        output.WriteProgress(new ProgressRecord(activityId, activity, "Done") { PercentComplete = 100, RecordType = ProgressRecordType.Completed });
}
