namespace OpenTofuOci.Core.FileSystem;

/// <summary>
/// Lets one transfer at a time take a second thread: writing through an <see cref="OverlappedFileWriter"/>
/// (a second thread and three buffers), or, for an install, extracting while it downloads. Transfers
/// running in parallel keep the cores busy anyway, so more would add memory and blocked threads, not
/// speed. Each use (install downloads, layout blobs, early extractions) has its own turn.
/// </summary>
internal sealed class OverlapTurn
{
    private int _taken;

    /// <summary>
    /// True when <paramref name="size"/> bytes are worth a second thread and the turn was free; the
    /// caller then <see cref="Release"/>s it when its write is done, failed or not.
    /// </summary>
    public bool TryTake(long size) => size > 2L * OverlappedFileWriter.BufferSize && Interlocked.CompareExchange(ref _taken, 1, 0) == 0;

    /// <summary>Frees the turn for the next transfer.</summary>
    public void Release() => Volatile.Write(ref _taken, 0);
}
