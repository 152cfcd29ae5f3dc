namespace OpenTofuOci.Core.FileSystem;

/// <summary>
/// A local file read with plain blocking reads, asynchronous reads included. On Unix an asynchronous
/// <see cref="FileStream"/> read is a blocking read handed to the thread pool and back; for a local file,
/// usually in the page cache, that hand-over (and the pool's spinning around it) cost more CPU than the
/// read itself: a fifth of an unchanged republish's CPU (tests/benchmarks/README.md, "Publish CPU").
/// Seekable, so an upload that fails can read the file again from its start.
/// </summary>
internal sealed class LocalFileReadStream : Stream
{
    private readonly FileStream _file;

    private LocalFileReadStream(FileStream file) => _file = file;

    /// <summary>Opens <paramref name="path"/> for sequential reading, shared with other readers (and as <paramref name="share"/> says).</summary>
    public static Stream Open(string path, FileShare share = FileShare.Read) =>
        new LocalFileReadStream(new FileStream(path, FileMode.Open, FileAccess.Read, share, bufferSize: 0, FileOptions.SequentialScan));

    public override bool CanRead => true;
    public override bool CanSeek => true;
    public override bool CanWrite => false;
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

    public override long Seek(long offset, SeekOrigin origin) => _file.Seek(offset, origin);

    public override void Flush() { }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _file.Dispose();
        }

        base.Dispose(disposing);
    }
}
