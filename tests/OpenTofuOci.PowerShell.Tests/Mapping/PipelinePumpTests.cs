using System.Management.Automation;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.PowerShell.Infrastructure;
using Xunit;

namespace OpenTofuOci.PowerShell.Tests.Mapping;

public sealed class PipelinePumpTests
{
    private sealed class RecordingSink(Func<string, bool>? answer = null, Action<object?>? onObject = null) : IPipelineSink
    {
        public List<(string Kind, object? Value, int Thread)> Calls { get; } = [];

        public void WriteObject(object? item)
        {
            Record("object", item);
            onObject?.Invoke(item);
        }

        public void WriteVerbose(string text) => Record("verbose", text);

        public void WriteDebug(string text) => Record("debug", text);

        public void WriteWarning(string text) => Record("warning", text);

        public void WriteProgress(ProgressRecord record) => Record("progress", record);

        public void WriteError(ErrorRecord record) => Record("error", record);

        public bool ShouldProcess(string target, string action)
        {
            Record("shouldprocess", target);
            return answer?.Invoke(target) ?? true;
        }

        private void Record(string kind, object? value) => Calls.Add((kind, value, Environment.CurrentManagedThreadId));
    }

    [Fact]
    public void Output_is_replayed_in_order_on_the_calling_thread_while_work_runs_elsewhere()
    {
        var sink = new RecordingSink();
        using var stopping = new CancellationTokenSource();
        var workThread = 0;
        PipelinePump.Run(sink, stopping, async (output, ct) =>
        {
            workThread = Environment.CurrentManagedThreadId;
            output.WriteVerbose("start");
            await Task.Yield();
            output.WriteObject(1);
            output.WriteDebug("GET /v2/ 200");
            output.WriteWarning("careful");
            output.WriteObject(2);
        });

        Assert.Equal(["verbose", "object", "debug", "warning", "object"], sink.Calls.Select(c => c.Kind));
        Assert.Equal([1, 2], sink.Calls.Where(c => c.Kind == "object").Select(c => c.Value));
        Assert.All(sink.Calls, c => Assert.Equal(Environment.CurrentManagedThreadId, c.Thread));
        Assert.NotEqual(Environment.CurrentManagedThreadId, workThread);
    }

    [Fact]
    public void Failures_of_the_work_are_rethrown_unwrapped_after_its_output()
    {
        var sink = new RecordingSink();
        using var stopping = new CancellationTokenSource();
        var e = Assert.Throws<TofuOciException>(() => PipelinePump.Run(sink, stopping, async (output, ct) =>
        {
            output.WriteObject("before");
            await Task.Yield();
            throw new TofuOciException(ErrorIds.NotFound, ErrorKind.NotFound, "gone", "r");
        }));
        Assert.Equal(ErrorIds.NotFound, e.ErrorId);
        Assert.Equal(["object"], sink.Calls.Select(c => c.Kind));
    }

    [Fact]
    public void Stopping_the_pipeline_cancels_the_work_and_reports_PipelineStopped()
    {
        using var stopping = new CancellationTokenSource();
        var cancelled = false;
        Assert.Throws<PipelineStoppedException>(() => PipelinePump.Run(new RecordingSink(), stopping, async (output, ct) =>
        {
            stopping.CancelAfter(50);
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
                cancelled = true;
                throw;
            }
        }));
        Assert.True(cancelled);
    }

    [Fact]
    public void ShouldProcess_is_asked_on_the_pipeline_thread_and_answered_to_the_worker()
    {
        var sink = new RecordingSink(answer: target => target != "skip-me");
        using var stopping = new CancellationTokenSource();
        var answers = new List<bool>();
        PipelinePump.Run(sink, stopping, async (output, ct) =>
        {
            answers.Add(await output.ShouldProcessAsync("take-me", "Publish"));
            answers.Add(await output.ShouldProcessAsync("skip-me", "Publish"));
        });

        Assert.Equal([true, false], answers);
        Assert.All(sink.Calls, c => Assert.Equal(Environment.CurrentManagedThreadId, c.Thread));
    }

    [Fact]
    public async Task When_the_pipeline_refuses_output_the_work_is_cancelled()
    {
        var sink = new RecordingSink(onObject: _ => throw new InvalidOperationException("downstream stopped"));
        using var stopping = new CancellationTokenSource();
        var workCancelled = new TaskCompletionSource();
        Assert.Throws<InvalidOperationException>(() => PipelinePump.Run(sink, stopping, async (output, ct) =>
        {
            output.WriteObject(1);
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            finally
            {
                workCancelled.TrySetResult();
            }
        }));
        await workCancelled.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(stopping.IsCancellationRequested);
    }
}
