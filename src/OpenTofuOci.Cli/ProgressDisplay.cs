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

    // One look for every transfer bar: description, bar, percentage, bytes, speed; cleared when done.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static Progress Bars(CliConsole console) =>
        // Only ever called when stderr is a terminal (CliConsole.ErrorIsTerminal), so Spectre need not guess.
        AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(console.Error), Ansi = AnsiSupport.Yes, Interactive = InteractionSupport.Yes })
            .Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new DownloadedColumn(), new TransferSpeedColumn());

    // Kept out of RunAsync so that a run without a terminal never JIT-compiles code that refers to
    // Spectre.Console, and so never loads it (start-up time).
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static async Task<T> RunWithBarAsync<T>(CliConsole console, string description, Func<IProgress<TransferProgress>?, Task<T>> work)
    {
        T result = default!;
        await Bars(console).StartAsync(async ctx =>
            {
                var task = ctx.AddTask(description, maxValue: 1);
                ProgressTask? unpack = null;
                var gate = new object();
                var progress = new SynchronousProgress(p =>
                {
                    task.MaxValue = Math.Max(1, p.BytesTotal);
                    task.Value = p.BytesDone;
                    if (p.UnpackedTotal > 0)
                    {
                        // An install's extraction: the download bar is full long before a large provider is unpacked.
                        lock (gate)
                        {
                            unpack ??= ctx.AddTask("unpack", maxValue: 1);
                        }

                        unpack.MaxValue = p.UnpackedTotal;
                        unpack.Value = p.UnpackedDone;
                    }
                });
                result = await work(progress);
                task.Value = task.MaxValue;
                if (unpack is not null)
                {
                    unpack.Value = unpack.MaxValue;
                }
            });
        return result;
    }

    /// <summary>
    /// As <see cref="RunAsync{T}"/>, with one bar per file: each report names its file (with what happens to it,
    /// e.g. "download x.zip") and that file's transfer. A total of 0 (a download whose size is not known yet)
    /// draws an indeterminate bar.
    /// </summary>
    public static async Task<T> RunPerFileAsync<T>(CliConsole console, Func<IProgress<FileTransfer>?, Task<T>> work)
    {
        if (!console.ErrorIsTerminal)
        {
            return await work(null);
        }

        return await RunWithBarsAsync(console, work);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static async Task<T> RunWithBarsAsync<T>(CliConsole console, Func<IProgress<FileTransfer>?, Task<T>> work)
    {
        T result = default!;
        await Bars(console).StartAsync(async ctx =>
            {
                var tasks = new Dictionary<string, ProgressTask>(StringComparer.Ordinal);
                var gate = new object();
                var progress = new SynchronousFileProgress(f =>
                {
                    lock (gate)
                    {
                        if (!tasks.TryGetValue(f.Description, out var task))
                        {
                            // Markup characters in a file name would be read as styles.
                            task = ctx.AddTask(Markup.Escape(f.Description), maxValue: 1);
                            tasks.Add(f.Description, task);
                        }

                        task.IsIndeterminate = f.Transfer.BytesTotal <= 0;
                        task.MaxValue = Math.Max(1, f.Transfer.BytesTotal);
                        task.Value = f.Transfer.BytesDone;
                    }
                });
                result = await work(progress);
            });
        return result;
    }

    /// <summary>One file's transfer for <see cref="RunPerFileAsync{T}"/>.</summary>
    public sealed record FileTransfer(string Description, TransferProgress Transfer);

    private sealed class SynchronousFileProgress(Action<FileTransfer> report) : IProgress<FileTransfer>
    {
        public void Report(FileTransfer value) => report(value);
    }

    /// <summary>Reports on the caller's thread; Spectre's task is thread-safe and throttles redraws itself.</summary>
    private sealed class SynchronousProgress(Action<TransferProgress> report) : IProgress<TransferProgress>
    {
        public void Report(TransferProgress value) => report(value);
    }
}
