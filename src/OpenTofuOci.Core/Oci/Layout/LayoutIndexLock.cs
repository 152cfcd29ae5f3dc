namespace OpenTofuOci.Core.Oci.Layout;

/// <summary>
/// Serialises read-modify-write of <c>index.json</c> across processes and threads: an
/// exclusive handle on <c>index.json.lock</c>. FileShare.None is enforced per handle (a Windows share
/// mode, an advisory <c>flock</c> on Unix), and the OS drops it when a process dies, so there are
/// no stale locks. The file is left in place on release: deleting it would let a waiter holding the
/// old file and a newcomer creating a new one both believe they own the lock.
/// </summary>
internal sealed class LayoutIndexLock : IAsyncDisposable
{
    private readonly FileStream _handle;

    private LayoutIndexLock(FileStream handle) => _handle = handle;

    /// <summary>How long to wait for another writer before giving up.</summary>
    public static TimeSpan DefaultTimeout { get; } = TimeSpan.FromSeconds(60);

    public static async Task<LayoutIndexLock> AcquireAsync(LayoutPaths paths, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var started = DateTime.UtcNow;
        var delay = 5;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                return new LayoutIndexLock(new FileStream(paths.IndexLock, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (DateTime.UtcNow - started < timeout)
            {
                // Held by someone else; index updates take milliseconds, so poll quickly with a little jitter
                // to keep many waiters from retrying in lockstep.
                await Task.Delay(delay + Random.Shared.Next(delay), cancellationToken).ConfigureAwait(false);
                delay = Math.Min(delay * 2, 100);
            }
            catch (IOException)
            {
                throw LayoutErrors.Busy(paths.Directory, paths.IndexLock, timeout);
            }
        }
    }

    public ValueTask DisposeAsync() => _handle.DisposeAsync();
}
