using System.Diagnostics;

namespace OpenTofuOci.Core.Tests.Fixtures;

/// <summary>
/// Another process taking the lock OpenTofu takes on its plugin cache: a POSIX <c>fcntl</c> record
/// lock over the whole file (OpenTofu's <c>internal/flock</c>, <c>F_SETLKW</c>), taken by Debian's
/// always-present perl. Linux only (the <c>struct flock</c> layout of 64-bit Linux is packed here).
/// </summary>
internal static class PosixRecordLock
{
    // struct flock on 64-bit Linux: short l_type, short l_whence, (pad), off_t l_start, off_t l_len, pid_t l_pid, (pad).
    private const string Flock = "pack('s s x4 q q i x4', F_WRLCK, 0, 0, 0, 0)";

    /// <summary>
    /// Starts a process that waits for the lock on <paramref name="path"/>, holds it for
    /// <paramref name="hold"/> and exits; returns once it holds the lock.
    /// </summary>
    public static async Task<Process> HoldAsync(string path, TimeSpan hold)
    {
        var ready = path + ".held-" + Guid.NewGuid().ToString("N")[..8];
        var process = Start("use Fcntl; open(my $f, '+>>', $ARGV[0]) or die \"open: $!\"; my $l = " + Flock + "; fcntl($f, F_SETLKW, $l) or die \"fcntl: $!\"; "
            + "open(my $r, '>', $ARGV[1]) or die; close($r); select(undef, undef, undef, $ARGV[2]);",
            path, ready, hold.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var clock = Stopwatch.StartNew();
        while (!File.Exists(ready))
        {
            if (process.HasExited || clock.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new InvalidOperationException($"perl did not take the lock on {path}: {await process.StandardError.ReadToEndAsync()}");
            }

            await Task.Delay(10);
        }

        File.Delete(ready);
        return process;
    }

    /// <summary>True when another process could take the lock on <paramref name="path"/> right now (non-blocking <c>F_SETLK</c>).</summary>
    public static async Task<bool> IsFreeAsync(string path)
    {
        using var process = Start("use Fcntl; open(my $f, '+>>', $ARGV[0]) or die \"open: $!\"; my $l = " + Flock + "; exit(fcntl($f, F_SETLK, $l) ? 0 : 3);", path);
        await process.WaitForExitAsync();
        return process.ExitCode switch
        {
            0 => true,
            3 => false,
            _ => throw new InvalidOperationException($"perl failed ({process.ExitCode}): {await process.StandardError.ReadToEndAsync()}"),
        };
    }

    private static Process Start(string script, params string[] args)
    {
        var start = new ProcessStartInfo("perl") { UseShellExecute = false, RedirectStandardError = true };
        start.ArgumentList.Add("-e");
        start.ArgumentList.Add(script);
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        return Process.Start(start) ?? throw new InvalidOperationException("perl did not start");
    }
}
