using System.Diagnostics;
using System.Management.Automation;

namespace OpenTofuOci.PowerShell.Tests.Runspaces;

/// <summary>A progress record and when it reached the pipeline's progress stream, from the start of the run.</summary>
public sealed record TimedProgress(TimeSpan At, ProgressRecord Record);

/// <summary>
/// A script started with <c>BeginInvoke</c>: every stream is collected as it is written (progress
/// with its arrival time), and the run can be stopped the way Ctrl+C stops it.
/// </summary>
public sealed class RunningPipeline : IDisposable
{
    private readonly System.Management.Automation.PowerShell _shell;
    private readonly TestHost _host;
    private readonly PSDataCollection<PSObject> _output = [];
    private readonly List<TimedProgress> _progress = [];
    private readonly TaskCompletionSource _firstProgress = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly IAsyncResult _invocation;
    private PowerShellRun? _result;

    internal RunningPipeline(System.Management.Automation.PowerShell shell, TestHost host)
    {
        _shell = shell;
        _host = host;
        shell.Streams.Progress.DataAdded += (_, e) =>
        {
            var record = shell.Streams.Progress[e.Index];
            lock (_progress)
            {
                _progress.Add(new TimedProgress(_clock.Elapsed, record));
            }

            _firstProgress.TrySetResult();
        };
        _invocation = shell.BeginInvoke<PSObject, PSObject>(null, _output);
    }

    /// <summary>Completes when the first progress record has been written (faults never: it may simply never come).</summary>
    public Task FirstProgress => _firstProgress.Task;

    /// <summary>Stops the pipeline as Ctrl+C does and returns how long the stop took to end the invocation.</summary>
    public TimeSpan Stop()
    {
        var started = Stopwatch.StartNew();
        _shell.Stop();
        _invocation.AsyncWaitHandle.WaitOne(TimeSpan.FromMinutes(1));
        return started.Elapsed;
    }

    /// <summary>Waits for the end of the run and returns everything it produced; a terminating error is in <see cref="PowerShellRun.Terminating"/>.</summary>
    public PowerShellRun Wait(TimeSpan timeout)
    {
        if (_result is not null)
        {
            return _result;
        }

        if (!_invocation.AsyncWaitHandle.WaitOne(timeout))
        {
            _shell.Stop();
            throw new TimeoutException($"The script did not finish within {timeout}: {_shell.Commands.Commands.FirstOrDefault()?.CommandText}");
        }

        Exception? terminating = null;
        try
        {
            _shell.EndInvoke(_invocation);
        }
        catch (Exception e) when (e is RuntimeException or PipelineStoppedException)
        {
            terminating = e;
        }

        var elapsed = _clock.Elapsed;
        List<TimedProgress> progress;
        lock (_progress)
        {
            progress = [.. _progress];
        }

        var streams = _shell.Streams;
        _result = new PowerShellRun(
            [.. _output],
            [.. streams.Error],
            [.. streams.Warning.Select(w => w.Message)],
            [.. streams.Verbose.Select(v => v.Message)],
            [.. streams.Debug.Select(d => d.Message)],
            [.. streams.Information],
            progress,
            _host.Lines,
            _host.Prompts,
            terminating,
            _shell.InvocationStateInfo.State,
            elapsed);
        return _result;
    }

    public void Dispose()
    {
        if (!_invocation.IsCompleted)
        {
            _shell.Stop();
        }

        _shell.Dispose();
        _output.Dispose();
    }
}
