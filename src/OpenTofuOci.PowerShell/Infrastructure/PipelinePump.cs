using System.Collections.Concurrent;
using System.Management.Automation;

namespace OpenTofuOci.PowerShell.Infrastructure;

/// <summary>
/// Runs asynchronous work on a worker thread and replays everything it writes on the calling
/// (pipeline) thread, the only thread PowerShell allows <c>Write*</c> and <c>ShouldProcess</c> on.
/// </summary>
internal static class PipelinePump
{
    private static readonly TimeSpan WorkerUnwindTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Runs <paramref name="work"/> and pumps its output into <paramref name="sink"/> until it ends. The
    /// work's exceptions are rethrown here unwrapped; cancellation through <paramref name="stopping"/>
    /// becomes <see cref="PipelineStoppedException"/>. If the sink throws (e.g. a downstream
    /// <c>Select-Object -First</c> stops the pipeline) the work is cancelled and the exception propagates.
    /// </summary>
    public static void Run(IPipelineSink sink, CancellationTokenSource stopping, Func<IPipelineWriter, CancellationToken, Task> work)
    {
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(stopping);
        ArgumentNullException.ThrowIfNull(work);
        var token = stopping.Token;
        var queue = new BlockingCollection<Action>();
        var writer = new QueuedPipelineWriter(sink, queue, token);
        var task = Task.Run(() => work(writer, token), token);
        _ = task.ContinueWith(_ => queue.CompleteAdding(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        try
        {
            foreach (var action in queue.GetConsumingEnumerable(token))
            {
                action();
            }

            task.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
        finally
        {
            if (task.IsCompleted)
            {
                queue.Dispose();
            }
            else
            {
                // Left early: stop the worker and give it a bounded time to unwind, so that its
                // cleanup (temp files, upload sessions) is done before the cmdlet returns. Its
                // writes after this point go into the queue and are dropped with it.
                stopping.Cancel();
                try
                {
                    task.Wait(WorkerUnwindTimeout, CancellationToken.None);
                }
                catch (AggregateException)
                {
                    // The worker's own failure after a stop is not news to the user.
                }
            }
        }
    }
}
