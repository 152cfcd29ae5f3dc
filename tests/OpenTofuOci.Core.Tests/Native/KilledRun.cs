using System.Diagnostics;
using System.Text.RegularExpressions;
using OpenTofuOci.Core.FileSystem;

namespace OpenTofuOci.Core.Tests.Native;

/// <summary>
/// Runs the native tofu-oci and kills it (SIGKILL: no clean-up of any kind) at a reproducible point:
/// the <c>n</c>-th <c>--debug</c> line matching a pattern, or the first temporary name appearing
/// under a directory.
/// </summary>
internal static class KilledRun
{
    /// <summary>Where to kill: a debug line (pattern and occurrence) or, when <see cref="TempUnder"/> is set, a temporary file or directory appearing there.</summary>
    public sealed record Point(string Name, string? Line = null, int Occurrence = 1, string? TempUnder = null, bool Interrupt = false)
    {
        public override string ToString() => Name;
    }

    /// <summary>True when the process was killed; false when it finished before the point came.</summary>
    public static async Task<bool> RunAsync(string executable, Point point, params string[] args) =>
        (await RunWithExitCodeAsync(executable, point, args)).Killed;

    /// <summary>Whether the point came, and the exit code (with <see cref="Point.Interrupt"/>, SIGINT is sent instead of SIGKILL).</summary>
    public static async Task<(bool Killed, int ExitCode)> RunWithExitCodeAsync(string executable, Point point, params string[] args)
    {
        // A test run started in the background (`tests/run.sh &`) inherits SIGINT as ignored, and so would
        // tofu-oci: GNU env resets it to the default before it execs tofu-oci (same pid), so the signal counts.
        var start = point.Interrupt
            ? new ProcessStartInfo("env") { ArgumentList = { "--default-signal=INT", executable } }
            : new ProcessStartInfo(executable);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        foreach (var a in args.Append("--debug"))
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var killed = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var seen = 0;
        var pattern = point.Line is null ? null : new Regex(point.Line, RegexOptions.CultureInvariant);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null && pattern is not null && pattern.IsMatch(e.Data) && Interlocked.Increment(ref seen) == point.Occurrence)
            {
                Kill(process, killed, point.Interrupt);
            }
        };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();

        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        if (point.TempUnder is { } directory)
        {
            _ = Task.Run(async () =>
            {
                while (!process.HasExited && !timeout.IsCancellationRequested)
                {
                    if (Directory.Exists(directory) && Directory.EnumerateFileSystemEntries(directory, "*", SearchOption.AllDirectories).Any(TempPaths.IsTemporary))
                    {
                        Kill(process, killed, point.Interrupt);
                        return;
                    }

                    await Task.Delay(1);
                }
            });
        }

        await process.WaitForExitAsync(timeout.Token);
        return (killed.Task.IsCompleted, process.ExitCode);
    }

    private static void Kill(Process process, TaskCompletionSource<bool> killed, bool interrupt)
    {
        if (interrupt)
        {
            if (!killed.Task.IsCompleted)
            {
                using var signal = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
                signal.WaitForExit();
                killed.TrySetResult(true);
            }

            return;
        }

        try
        {
            // Process.Kill is SIGKILL on Unix: the process gets no chance to clean up.
            process.Kill();
            killed.TrySetResult(true);
        }
        catch (InvalidOperationException)
        {
            // It had exited already.
        }
    }
}
