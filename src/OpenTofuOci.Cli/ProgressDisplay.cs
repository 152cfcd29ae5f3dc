using OpenTofuOci.Core.Oci.Targets;
using Spectre.Console;

namespace OpenTofuOci.Cli;

/// <summary>
/// Draws transfer progress on stderr when it is a terminal (never into redirected output or JSON).
/// </summary>
internal static class ProgressDisplay
{
    public static async Task<T> RunAsync<T>(CliConsole console, string description, Func<IProgress<TransferProgress>?, Task<T>> work)
    {
        if (!console.ErrorIsTerminal)
        {
            return await work(null);
        }

        return await RunWithBarAsync(console, description, work);
    }

    // Kept out of RunAsync so that a run without a terminal never JIT-compiles code that refers to
    // Spectre.Console, and so never loads it (start-up time).
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static async Task<T> RunWithBarAsync<T>(CliConsole console, string description, Func<IProgress<TransferProgress>?, Task<T>> work)
    {
        var ansi = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(console.Error) });
        T result = default!;
        await ansi.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new DownloadedColumn(), new TransferSpeedColumn())
            .StartAsync(async ctx =>
            {
                var task = ctx.AddTask(description, maxValue: 1);
                var progress = new SynchronousProgress(p =>
                {
                    task.MaxValue = Math.Max(1, p.BytesTotal);
                    task.Value = p.BytesDone;
                });
                result = await work(progress);
                task.Value = task.MaxValue;
            });
        return result;
    }

    /// <summary>Reports on the caller's thread; Spectre's task is thread-safe and throttles redraws itself.</summary>
    private sealed class SynchronousProgress(Action<TransferProgress> report) : IProgress<TransferProgress>
    {
        public void Report(TransferProgress value) => report(value);
    }
}
