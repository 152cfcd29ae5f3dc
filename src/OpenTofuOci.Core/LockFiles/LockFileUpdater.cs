using System.Text;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Locking;

namespace OpenTofuOci.Core.LockFiles;

/// <summary>
/// Read-modify-write of a <c>.terraform.lock.hcl</c> that several processes may update at once: under
/// an exclusive lock on <c>&lt;file&gt;.lock</c> beside it, the file is read again, the change is
/// applied to what is there now, and the result replaces the file atomically
/// (<see cref="LockFileWriter.WriteFileAsync"/>). So parallel installs and locks of different providers
/// (or platforms) all keep their hashes. The lock file stays beside it (see
/// <c>docs/design.md</c>, "Concurrency"); a process that dies releases the lock.
/// </summary>
public static class LockFileUpdater
{
    /// <summary>How long to wait for another process's update before failing with <see cref="ErrorIds.LockFileBusy"/>.</summary>
    public static TimeSpan DefaultTimeout { get; } = TimeSpan.FromMinutes(10);

    /// <summary>The lock file that serialises updates of <paramref name="path"/>.</summary>
    public static string LockPathFor(string path) => Path.GetFullPath(path) + ".lock";

    /// <summary>
    /// Applies <paramref name="update"/> to the file's current content under the lock and writes the
    /// result when it differs from the file; returns what the file holds afterwards.
    /// </summary>
    /// <exception cref="LockFileException">The current file is not a valid lock file (nothing is written).</exception>
    /// <exception cref="TofuOciException"><see cref="ErrorIds.LockFileBusy"/> when the lock was not free within <paramref name="timeout"/>.</exception>
    public static async Task<DependencyLockFile> UpdateAsync(string path, Func<DependencyLockFile, DependencyLockFile> update,
        TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(update);
        var full = Path.GetFullPath(path);
        var wait = timeout ?? DefaultTimeout;
        var held = await ExclusiveFileLock.TryAcquireAsync(LockPathFor(full), wait, cancellationToken).ConfigureAwait(false)
            ?? throw Busy(full, wait);
        await using (held.ConfigureAwait(false))
        {
            var current = await ReadAsync(full, cancellationToken).ConfigureAwait(false);
            var updated = update(current.File);
            var bytes = LockFileWriter.ToBytes(updated);
            if (current.Bytes is null || !bytes.AsSpan().SequenceEqual(current.Bytes))
            {
                await LockFileWriter.WriteFileAsync(full, updated, cancellationToken).ConfigureAwait(false);
            }

            return updated;
        }
    }

    private static async Task<(DependencyLockFile File, byte[]? Bytes)> ReadAsync(string path, CancellationToken cancellationToken)
    {
        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return (DependencyLockFile.Empty, null);
        }

        return (LockFileReader.Parse(new UTF8Encoding(false).GetString(bytes).TrimStart('\uFEFF'), path), bytes);
    }

    private static TofuOciException Busy(string path, TimeSpan waited) =>
        new(ErrorIds.LockFileBusy, ErrorKind.InvalidOperation,
            $"Another process has been updating {path} for more than {ExclusiveFileLock.Describe(waited)} (it holds {LockPathFor(path)}). "
            + "Wait for it to finish and run again; a process that ended releases the lock by itself, so there is nothing to delete.",
            path);
}
