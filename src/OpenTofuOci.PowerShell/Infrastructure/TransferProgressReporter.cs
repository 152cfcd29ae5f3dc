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

    /// <summary>An install's extraction is a child activity with this id added to the install's.</summary>
    public const int UnpackActivityOffset = 100;

    // The extraction's last status, kept for its completion record (throttling may drop the last update).
    private volatile string? _unpacked;

    public void Report(TransferProgress value)
    {
        var (status, percent) = ProviderOutputMapping.Progress(value);
        output.WriteProgress(new ProgressRecord(activityId, activity, status) { PercentComplete = percent });
        if (value.UnpackedTotal > 0)
        {
            // The download bar is full long before a large provider is unpacked; this one shows the rest.
            var (unpackStatus, unpackPercent) = ProviderOutputMapping.UnpackProgress(value);
            _unpacked = unpackStatus;
            output.WriteProgress(new ProgressRecord(activityId + UnpackActivityOffset, "Unpacking", unpackStatus)
            {
                ParentActivityId = activityId,
                PercentComplete = unpackPercent,
            });
        }
    }

    /// <summary>Ends the activity (and its extraction child); call it in a <c>finally</c>.</summary>
    public void Complete()
    {
        if (_unpacked is { } unpacked)
        {
            output.WriteProgress(new ProgressRecord(activityId + UnpackActivityOffset, "Unpacking", unpacked)
            {
                ParentActivityId = activityId,
                PercentComplete = 100,
                RecordType = ProgressRecordType.Completed,
            });
        }

        output.WriteProgress(new ProgressRecord(activityId, activity, "Done") { PercentComplete = 100, RecordType = ProgressRecordType.Completed });
    }
}
