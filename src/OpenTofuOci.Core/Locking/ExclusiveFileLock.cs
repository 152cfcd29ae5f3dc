using System.Diagnostics;
using System.Runtime.Versioning;

namespace OpenTofuOci.Core.Locking;

/// <summary>
/// An exclusive lock on a lock file, held across threads, runspaces and processes, and the same lock
/// OpenTofu takes on its plugin cache (a POSIX <c>fcntl</c> record lock on Unix, <c>LockFileEx</c> on
/// Windows, both byte-range locks that overlap ours), so <c>tofu init</c> and tofu-oci wait for each
/// other. The operating system drops the lock when its process dies, so a crashed holder never blocks
/// anyone; the file itself stays (deleting it would let a waiter that opened the old file and a
/// newcomer that created a new one both believe they hold the lock).
/// </summary>
/// <remarks>
/// POSIX record locks belong to the process, not to the handle: a second handle in the same process
/// would get the lock too, and closing any handle on the file drops it. So within a process a gate per
/// path admits one holder at a time and only that holder ever opens the file. macOS cannot take
/// byte-range locks in .NET; there the whole-file share lock (<c>flock</c>) stands in, which excludes
/// other tofu-oci processes but not OpenTofu.
/// </remarks>
internal sealed class ExclusiveFileLock : IAsyncDisposable
{
    private const int LinuxEagain = 11;
    private const int BsdEagain = 35;
    private const int WindowsSharingViolation = unchecked((int)0x80070020);
    private const int WindowsLockViolation = unchecked((int)0x80070021);

    private static readonly bool UseShareModes = !CanLockRanges;
    private static readonly StringComparer PathComparer = OperatingSystem.IsWindows() || UseShareModes ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
    private static readonly Dictionary<string, Gate> Gates = new(PathComparer);

    private readonly FileStream _handle;
    private readonly Gate _gate;
    private bool _released;

    private ExclusiveFileLock(string path, FileStream handle, Gate gate)
    {
        Path = path;
        _handle = handle;
        _gate = gate;
    }

    /// <summary>The lock file.</summary>
    public string Path { get; }

    /// <summary>
    /// Waits up to <paramref name="timeout"/> for the lock on <paramref name="path"/> (created with its
    /// parent directories when missing); null when another holder kept it all that time.
    /// </summary>
    public static async Task<ExclusiveFileLock?> TryAcquireAsync(string path, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var full = System.IO.Path.GetFullPath(path);
        var clock = Stopwatch.StartNew();
        var gate = Enter(full);
        bool admitted;
        try
        {
            admitted = await gate.Semaphore.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Leave(full, gate);
            throw;
        }

        if (!admitted)
        {
            Leave(full, gate);
            return null;
        }

        try
        {
            var delay = 5;
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var handle = TryLock(full);
                if (handle is not null)
                {
                    return new ExclusiveFileLock(full, handle, gate);
                }

                if (clock.Elapsed >= timeout)
                {
                    Release(full, gate);
                    return null;
                }

                // Installs and lock-file updates hold the lock for milliseconds to seconds: poll quickly
                // at first, with jitter so many waiters do not retry in lockstep.
                var wait = Math.Min(delay + Random.Shared.Next(delay), Math.Max(1, (int)(timeout - clock.Elapsed).TotalMilliseconds));
                await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
                delay = Math.Min(delay * 2, 250);
            }
        }
        catch
        {
            Release(full, gate);
            throw;
        }
    }

    /// <summary>A wait in words for messages: <c>250 ms</c>, <c>45 s</c>, <c>10 min</c>.</summary>
    public static string Describe(TimeSpan wait) =>
        wait < TimeSpan.FromSeconds(1) ? $"{wait.TotalMilliseconds:0} ms"
        : wait >= TimeSpan.FromMinutes(1) && wait.Seconds == 0 ? $"{wait.TotalMinutes:0} min"
        : $"{wait.TotalSeconds:0} s";

    public async ValueTask DisposeAsync()
    {
        if (_released)
        {
            return;
        }

        _released = true;
        try
        {
            await _handle.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            Release(Path, _gate);
        }
    }

    // The open handle when the lock was taken; null when another holder has it.
    private static FileStream? TryLock(string path)
    {
        FileStream handle;
        try
        {
            handle = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite,
                UseShareModes ? FileShare.None : FileShare.ReadWrite | FileShare.Delete);
        }
        catch (DirectoryNotFoundException)
        {
            // The directory was missing, or a failed install elsewhere removed it as empty just now.
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
            return null;
        }
        catch (IOException e) when (UseShareModes && IsContention(e))
        {
            return null;
        }

        if (!CanLockRanges)
        {
            return handle;
        }

        try
        {
            // One byte is enough: OpenTofu locks the whole file, and any overlap conflicts.
            handle.Lock(0, 1);
            return handle;
        }
        catch (Exception e) when (e is IOException io ? IsContention(io) : e is UnauthorizedAccessException)
        {
            // POSIX lets fcntl report a held lock as EAGAIN or EACCES; .NET turns the latter into
            // UnauthorizedAccessException, which for a lock request can only mean contention.
            handle.Dispose();
            return null;
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    [UnsupportedOSPlatformGuard("macos")]
    [UnsupportedOSPlatformGuard("ios")]
    [UnsupportedOSPlatformGuard("tvos")]
    [UnsupportedOSPlatformGuard("maccatalyst")]
    private static bool CanLockRanges =>
        !(OperatingSystem.IsMacOS() || OperatingSystem.IsIOS() || OperatingSystem.IsTvOS() || OperatingSystem.IsMacCatalyst());

    private static bool IsContention(IOException e) =>
        e.HResult is LinuxEagain or BsdEagain or WindowsSharingViolation or WindowsLockViolation;

    private static Gate Enter(string path)
    {
        lock (Gates)
        {
            if (!Gates.TryGetValue(path, out var gate))
            {
                gate = new Gate();
                Gates[path] = gate;
            }

            gate.Users++;
            return gate;
        }
    }

    private static void Release(string path, Gate gate)
    {
        gate.Semaphore.Release();
        Leave(path, gate);
    }

    private static void Leave(string path, Gate gate)
    {
        lock (Gates)
        {
            if (--gate.Users == 0)
            {
                Gates.Remove(path);
                gate.Semaphore.Dispose();
            }
        }
    }

    private sealed class Gate
    {
        public SemaphoreSlim Semaphore { get; } = new(1, 1);

        public int Users { get; set; }
    }
}
