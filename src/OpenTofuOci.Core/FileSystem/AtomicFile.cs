namespace OpenTofuOci.Core.FileSystem;

/// <summary>
/// Files that are replaced whole: the new content goes to a temporary file beside the final name
/// (<see cref="TempPaths.Beside"/>) and is renamed over it only when complete, so a reader (OpenTofu,
/// docker, another tofu-oci) sees the old file or the new one, never part of one, and a failed or
/// cancelled write leaves the old file untouched and no temporary file behind.
/// </summary>
internal static class AtomicFile
{
    private const int WindowsReplaceAttempts = 20;

    /// <summary>
    /// Replaces (or creates) <paramref name="path"/> with <paramref name="bytes"/>, flushed to disk before
    /// it becomes visible (a crash must not leave an empty file under the real name).
    /// </summary>
    /// <param name="unixCreateMode">The new file's mode on Unix (e.g. owner-only for credentials); the umask's default when null. Ignored on Windows.</param>
    public static async Task WriteAsync(string path, ReadOnlyMemory<byte> bytes, UnixFileMode? unixCreateMode, CancellationToken cancellationToken)
    {
        var temp = TempPaths.Beside(path);
        try
        {
            var options = new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                Share = FileShare.None,
                Options = FileOptions.Asynchronous,
            };
            if (unixCreateMode is { } mode && !OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = mode;
            }

            var stream = new FileStream(temp, options);
            await using (stream.ConfigureAwait(false))
            {
                await stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }

            await RenameAsync(temp, path, overwrite: true, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Cleanup.DeleteFile(temp);
        }
    }

    /// <summary>
    /// Writes content that every concurrent writer writes identically (a layout's <c>oci-layout</c> header,
    /// its first <c>index.json</c>). With <paramref name="overwrite"/> false an existing file is kept. A
    /// rename refused because another writer's file is already there counts as done.
    /// </summary>
    public static void WriteIdentical(string path, byte[] bytes, bool overwrite)
    {
        var temp = TempPaths.Beside(path);
        try
        {
            File.WriteAllBytes(temp, bytes);
            MoveUnlessDone(temp, path, overwrite, File.Exists);
        }
        finally
        {
            Cleanup.DeleteFile(temp);
        }
    }

    /// <summary>
    /// Renames the finished file <paramref name="source"/> to <paramref name="target"/>. When the rename fails
    /// and <paramref name="isDone"/> says the target already holds what this writer meant to put there (a
    /// concurrent writer of the same content got there first: Windows refuses to replace a file someone has
    /// open, and <paramref name="overwrite"/> false refuses any existing file), that is success.
    /// </summary>
    public static void MoveUnlessDone(string source, string target, bool overwrite, Func<string, bool> isDone)
    {
        try
        {
            File.Move(source, target, overwrite);
        }
        catch (IOException) when (isDone(target))
        {
        }
    }

    /// <summary>
    /// Renames <paramref name="source"/> to <paramref name="target"/> (over it when <paramref name="overwrite"/>).
    /// On Windows a replacing rename is retried for about five seconds while a reader that did not allow
    /// deleting (another tool) has the target open; such reads are short. On Unix a rename over an open file
    /// always succeeds, so a failure there is final at once.
    /// </summary>
    public static async Task RenameAsync(string source, string target, bool overwrite, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                File.Move(source, target, overwrite);
                return;
            }
            catch (Exception ex) when (overwrite && OperatingSystem.IsWindows() && attempt < WindowsReplaceAttempts && ex is IOException or UnauthorizedAccessException)
            {
                await Task.Delay(25 * attempt, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
