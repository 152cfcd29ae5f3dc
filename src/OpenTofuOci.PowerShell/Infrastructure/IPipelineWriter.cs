using System.Management.Automation;
using OpenTofuOci.Core.Errors;

namespace OpenTofuOci.PowerShell.Infrastructure;

/// <summary>
/// What code running on a worker thread may send to the pipeline. Every call is queued and carried
/// out on the pipeline thread, because PowerShell forbids <c>Write*</c> from any other thread.
/// </summary>
internal interface IPipelineWriter
{
    void WriteObject(object? item);

    void WriteVerbose(string text);

    void WriteDebug(string text);

    void WriteWarning(string text);

    /// <summary>Queues a progress record; updates that come faster than the throttle allows are
    /// dropped, completions never are.</summary>
    void WriteProgress(ProgressRecord record);

    /// <summary>A non-terminating error: the cmdlet goes on with the next item.</summary>
    void WriteError(ErrorRecord record);

    /// <summary>A Core failure as a non-terminating error (see <see cref="ErrorMapping"/>).</summary>
    void WriteError(TofuOciException exception);

    /// <summary>Asks <c>ShouldProcess</c> on the pipeline thread (it may prompt for -Confirm) and
    /// completes with the answer; cancelled when the pipeline stops.</summary>
    Task<bool> ShouldProcessAsync(string target, string action);
}
