namespace OpenTofuOci.Core.FileSystem;

/// <summary>
/// A local file read or written with plain blocking calls, asynchronous ones included. On Unix an
/// asynchronous <see cref="FileStream"/> read or write is a blocking call handed to the thread pool and
/// back; for a local file, usually in the page cache, that hand-over (and the pool's spinning around
/// it) cost more CPU than the call itself: half of an unchanged republish's CPU
/// (docs/design.md "Local files are read and written with blocking calls"). Seekable, so an upload that fails can
/// read the file again from its start.
/// </summary>
internal sealed class LocalFileStream : Stream
{
    private readonly FileStream _file;

    private LocalFileStream(FileStream file) => _file = file;

    /// <summary>
    /// Opens <paramref name="path"/> for sequential reading, shared with other readers (and as
    /// <paramref name="share"/> says); <paramref name="bufferSize"/> &gt; 0 for callers that read in
    /// small pieces (tar headers).
    /// </summary>
    public static Stream OpenRead(string path, FileShare share = FileShare.Read, int bufferSize = 0) =>
        new LocalFileStream(new FileStream(path, FileMode.Open, FileAccess.Read, share, bufferSize, FileOptions.SequentialScan));

    /// <summary>Creates <paramref name="path"/>, which must not exist, for writing; nothing is buffered.</summary>
    public static LocalFileStream CreateNew(string path) =>
        new(new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0, FileOptions.None));

    public override bool CanRead => _file.CanRead;
    public override bool CanSeek => true;
    public override bool CanWrite => _file.CanWrite;
    public override long Length => _file.Length;

    public override long Position
    {
        get => _file.Position;
        set => _file.Position = value;
    }

    public override int Read(byte[] buffer, int offset, int count) => _file.Read(buffer, offset, count);

    public override int Read(Span<byte> buffer) => _file.Read(buffer);

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(_file.Read(buffer.Span));
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => _file.Write(buffer, offset, count);

    public override void Write(ReadOnlySpan<byte> buffer) => _file.Write(buffer);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _file.Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush() => _file.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _file.Flush();
        return Task.CompletedTask;
    }

    /// <summary>Writes what the file holds through to the storage device (fsync).</summary>
    public void FlushToDisk() => _file.Flush(flushToDisk: true);

    public override long Seek(long offset, SeekOrigin origin) => _file.Seek(offset, origin);

    public override void SetLength(long value) => _file.SetLength(value);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _file.Dispose();
        }

        base.Dispose(disposing);
    }
}
