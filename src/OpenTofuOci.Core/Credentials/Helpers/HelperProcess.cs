using System.Buffers;
using System.Diagnostics;
using System.Text;

namespace OpenTofuOci.Core.Credentials.Helpers;

/// <summary>
/// One run of a helper executable: start, write stdin, read stdout and stderr, wait for exit, all
/// within one deadline and with a cap on what it may print. Reading is part of the deadline because a
/// helper that exits while a process it started keeps its output open would otherwise hang the
/// command; the cap keeps a runaway helper from filling memory.
/// </summary>
internal static class HelperProcess
{
    /// <summary>The most a helper may print on stdout or on stderr; a credential is a few hundred bytes.</summary>
    public const int MaxOutputBytes = 1024 * 1024;

    /// <summary>How the run ended when it did not end normally.</summary>
    public enum Failure
    {
        None,

        /// <summary>The deadline passed while the helper was still running.</summary>
        TimedOut,

        /// <summary>The deadline passed after the helper exited, with its output still open.</summary>
        OutputHeldOpen,

        /// <summary>stdout passed <see cref="MaxOutputBytes"/>.</summary>
        StdoutTooLarge,

        /// <summary>stderr passed <see cref="MaxOutputBytes"/>.</summary>
        StderrTooLarge,
    }

    public sealed record Result(Failure Failure, int ExitCode, string Stdout, string Stderr);

    /// <summary>Runs a started <paramref name="process"/> to its end; cancellation by the caller propagates.</summary>
    public static async Task<Result> RunAsync(Process process, string input, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        var stdout = new CappedOutput(process.StandardOutput.BaseStream, limit);
        var stderr = new CappedOutput(process.StandardError.BaseStream, limit);
        var failure = Failure.None;
        try
        {
            try
            {
                await process.StandardInput.WriteAsync(input.AsMemory(), limit.Token).ConfigureAwait(false);
                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // The helper exited without reading its input; its exit code tells the rest.
            }

            await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
            await Task.WhenAll(stdout.Completion, stderr.Completion).WaitAsync(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            cancellationToken.ThrowIfCancellationRequested();
            failure = stdout.TooLarge ? Failure.StdoutTooLarge
                : stderr.TooLarge ? Failure.StderrTooLarge
                : Exited(process) ? Failure.OutputHeldOpen
                : Failure.TimedOut;
        }
        finally
        {
            if (failure != Failure.None || cancellationToken.IsCancellationRequested)
            {
                Kill(process);
            }
        }

        return new Result(failure, failure == Failure.None ? process.ExitCode : -1, stdout.Text(), stderr.Text());
    }

    private static bool Exited(Process process)
    {
        try
        {
            return process.HasExited;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            // A process the helper started and that outlived it is no longer in its tree; closing our
            // ends of the pipes (when the caller disposes the process) is all that reaches it.
            process.Kill(entireProcessTree: true);
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Already gone.
        }
    }

    /// <summary>Reads one stream to its end, up to the cap; passing the cap cancels the whole run.</summary>
    private sealed class CappedOutput
    {
        private readonly ArrayBufferWriter<byte> _buffer = new();
        private volatile bool _tooLarge;

        public CappedOutput(Stream stream, CancellationTokenSource run) => Completion = ReadAsync(stream, run);

        public Task Completion { get; }

        public bool TooLarge => _tooLarge;

        /// <summary>What was read so far, decoded; the part read before a timeout is still worth showing.</summary>
        public string Text()
        {
            lock (_buffer)
            {
                return Encoding.UTF8.GetString(_buffer.WrittenSpan);
            }
        }

        private async Task ReadAsync(Stream stream, CancellationTokenSource run)
        {
            var chunk = new byte[16 * 1024];
            while (true)
            {
                var n = await stream.ReadAsync(chunk, run.Token).ConfigureAwait(false);
                if (n == 0)
                {
                    return;
                }

                lock (_buffer)
                {
                    if (_buffer.WrittenCount + n > MaxOutputBytes)
                    {
                        _tooLarge = true;
                        run.Cancel();
                        return;
                    }

                    _buffer.Write(chunk.AsSpan(0, n));
                }
            }
        }
    }
}
