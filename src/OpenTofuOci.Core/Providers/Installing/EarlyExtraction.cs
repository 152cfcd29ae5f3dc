using Microsoft.Win32.SafeHandles;
using OpenTofuOci.Core.FileSystem;
using OpenTofuOci.Core.Oci.Targets;
using OpenTofuOci.Core.Packages;

namespace OpenTofuOci.Core.Providers.Installing;

/// <summary>
/// Extracts a provider package while it downloads (docs/design.md "Extraction during the download").
/// The zip's last bytes, which hold its central directory, are fetched first with a range request and
/// put at the end of the download's file; the same <see cref="SafeZipExtractor"/>, with all its checks,
/// then reads the file as the download fills it, waiting wherever it is ahead. Nothing it built is used
/// unless the download verifies (size and digest) and those early bytes equal the verified file's last
/// bytes, so every byte extracted is a byte of the verified package; otherwise the package is extracted
/// again from the verified file, exactly as without this.
/// </summary>
internal sealed class EarlyExtraction : IAsyncDisposable
{
    /// <summary>Smaller packages download in a moment; the extra request would cost more than it saves.</summary>
    internal const long MinimumSize = 4L * 1024 * 1024;

    /// <summary>What is fetched first: a provider zip's central directory takes well under 1 KiB per file.</summary>
    internal const int TailBytes = 256 * 1024;

    private readonly byte[] _tail;
    private readonly long _tailOffset;
    private readonly Func<Stream, IExtractionProgress, Task<StagedExtraction>> _extract;
    private readonly CountedExtractionProgress _progress;
    private readonly OverlapTurn _turn;
    private FileBeingWritten? _file;
    private Task<StagedExtraction>? _extraction;
    private bool _settled;
    private int _turnHeld = 1;

    private EarlyExtraction(byte[] tail, long tailOffset, TransferTracker tracker, Func<Stream, IExtractionProgress, Task<StagedExtraction>> extract)
    {
        _tail = tail;
        _tailOffset = tailOffset;
        _extract = extract;
        _progress = new CountedExtractionProgress(tracker);
        _turn = tracker.EarlyExtractionTurn;
    }

    /// <summary>
    /// Fetches the package's last bytes when its source can send them alone and the package is large
    /// enough to gain; null otherwise (the install then extracts after the download, as always).
    /// <paramref name="extract"/> stages a zip read from a stream, reporting to the progress given.
    /// </summary>
    public static async Task<EarlyExtraction?> TryPrepareAsync(PlannedPackage package, TransferTracker tracker,
        Func<Stream, IExtractionProgress, Task<StagedExtraction>> extract, CancellationToken cancellationToken)
    {
        var layer = package.Meta.LayerDescriptor;
        // One early extraction per operation at a time: its reads block a thread while they wait for the
        // download, and parallel downloads keep the cores busy anyway; the others extract after theirs.
        var turn = tracker.EarlyExtractionTurn;
        if (layer.Size < MinimumSize || package.Source is not IContentTailFetcher fetcher || !turn.TryTake(layer.Size))
        {
            return null;
        }

        try
        {
            var offset = Math.Max(0, layer.Size - TailBytes);
            var tail = await fetcher.TryFetchTailAsync(layer, offset, cancellationToken).ConfigureAwait(false);
            if (tail is not null && tail.Length == layer.Size - offset)
            {
                return new EarlyExtraction(tail, offset, tracker, extract);
            }
        }
        catch
        {
            turn.Release();
            throw;
        }

        turn.Release();
        return null;
    }

    /// <summary>
    /// The download has created its file (<paramref name="file"/>, shared for reading): the early bytes
    /// go in place at the end and the extraction starts reading. A failure here only means no early
    /// extraction.
    /// </summary>
    public void Start(SafeFileHandle file, string path, long size, CancellationToken cancellationToken)
    {
        try
        {
            RandomAccess.Write(file, _tail, _tailOffset);
            var growing = new FileBeingWritten(path, size);
            growing.TailPlaced(_tailOffset);
            var reader = growing.OpenRead(cancellationToken);
            _file = growing;
            _extraction = Task.Run(async () =>
            {
                try
                {
                    await using (reader.ConfigureAwait(false))
                    {
                        return await _extract(reader, _progress).ConfigureAwait(false);
                    }
                }
                finally
                {
                    ReleaseTurn();
                }
            }, CancellationToken.None);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _file = null;
            _extraction = null;
            ReleaseTurn();
        }
    }

    private void ReleaseTurn()
    {
        if (Interlocked.Exchange(ref _turnHeld, 0) == 1)
        {
            _turn.Release();
        }
    }

    /// <summary>The download wrote its next <paramref name="bytes"/> bytes to the file.</summary>
    public void Advanced(int bytes) => _file?.Advanced(bytes);

    /// <summary>The download starts the file over (a retry): what was read so far may not stay.</summary>
    public void Restarted() => _file?.Fail(new IOException("the download started over"));

    /// <summary>
    /// After the download has verified <paramref name="path"/>: the staged package when the extraction
    /// succeeded and read only the verified bytes; null otherwise (its work undone, progress included),
    /// and the caller extracts from the verified file.
    /// </summary>
    public async Task<StagedExtraction?> FinishAsync(string path, CancellationToken cancellationToken)
    {
        if (_extraction is null)
        {
            return null;
        }

        StagedExtraction staged;
        try
        {
            staged = await _extraction.ConfigureAwait(false);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // A damaged or hostile zip fails again, with its proper error, when extracted from the verified file.
            Discard(null);
            return null;
        }

        if (!TailMatches(path, cancellationToken))
        {
            Discard(staged);
            return null;
        }

        _settled = true;
        return staged;
    }

    private void Discard(StagedExtraction? staged)
    {
        staged?.Dispose();
        _progress.Undo();
        _settled = true;
    }

    private bool TailMatches(string path, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var file = LocalFileStream.OpenRead(path, FileShare.ReadWrite | FileShare.Delete);
        file.Position = _tailOffset;
        var actual = new byte[_tail.Length];
        return file.ReadAtLeast(actual, actual.Length, throwOnEndOfStream: false) == actual.Length && actual.AsSpan().SequenceEqual(_tail);
    }

    /// <summary>Stops an extraction whose result was not taken and removes what it staged.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_extraction is null)
        {
            // Never started (the download failed before its file existed): only the turn to give back.
            ReleaseTurn();
            return;
        }

        if (_settled)
        {
            return;
        }

        _settled = true;
        _file?.Fail(new OperationCanceledException("the install ended before the early extraction was used"));
        try
        {
            (await _extraction.ConfigureAwait(false)).Dispose();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // It failed on its own or because the install ended; either way nothing of it is left.
        }
    }

    // Counts what the early extraction reports, so that a discarded one can take it back.
    private sealed class CountedExtractionProgress(TransferTracker tracker) : IExtractionProgress
    {
        private long _planned;
        private long _written;

        public void Planned(long bytes)
        {
            Interlocked.Add(ref _planned, bytes);
            ((IExtractionProgress)tracker).Planned(bytes);
        }

        public void Written(int bytes)
        {
            Interlocked.Add(ref _written, bytes);
            ((IExtractionProgress)tracker).Written(bytes);
        }

        public void Undo() => tracker.ExtractionUndone(Interlocked.Exchange(ref _planned, 0), Interlocked.Exchange(ref _written, 0));
    }
}
