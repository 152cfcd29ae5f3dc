using System.Collections.Concurrent;
using System.Diagnostics;
using System.Management.Automation;
using OpenTofuOci.Core.Errors;

namespace OpenTofuOci.PowerShell.Infrastructure;

/// <summary>
/// The worker side of <see cref="PipelinePump"/>: each call becomes an action queued for the
/// pipeline thread, which drains the queue until the work has finished.
/// </summary>
internal sealed class QueuedPipelineWriter(IPipelineSink cmdlet, BlockingCollection<Action> queue, CancellationToken stopping)
    : IPipelineWriter
{
    private readonly ProgressThrottle _throttle = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public void WriteObject(object? item) => Post(() => cmdlet.WriteObject(item));

    public void WriteVerbose(string text) => Post(() => cmdlet.WriteVerbose(text));

    public void WriteDebug(string text) => Post(() => cmdlet.WriteDebug(text));

    public void WriteWarning(string text) => Post(() => cmdlet.WriteWarning(text));

    public void WriteProgress(ProgressRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (_throttle.ShouldWrite(record.ActivityId, record.RecordType == ProgressRecordType.Completed, _clock.Elapsed))
        {
            Post(() => cmdlet.WriteProgress(record));
        }
    }

    public void WriteError(ErrorRecord record) => Post(() => cmdlet.WriteError(record));

    public void WriteError(TofuOciException exception) => WriteError(ErrorMapping.ToErrorRecord(exception));

    public Task<bool> ShouldProcessAsync(string target, string action)
    {
        var answer = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        // If the pipeline stops before the question is asked, the worker must not wait forever.
        var registration = stopping.Register(() => answer.TrySetCanceled(stopping));
        Post(() =>
        {
            try
            {
                answer.TrySetResult(cmdlet.ShouldProcess(target, action));
            }
            catch (Exception e)
            {
                answer.TrySetException(e);
                throw;
            }
            finally
            {
                registration.Dispose();
            }
        });
        return answer.Task;
    }

    private void Post(Action action)
    {
        try
        {
            queue.Add(action, CancellationToken.None);
        }
        catch (InvalidOperationException) when (queue.IsAddingCompleted)
        {
            // The pipeline has stopped draining (stopped or failed); there is nobody left to tell.
        }
    }
}
