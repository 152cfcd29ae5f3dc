namespace OpenTofuOci.Core.Oci;

/// <summary>
/// Content that restarts by opening its source again: a file (or a verifying stream over one) or a
/// fetch from another target. Reads pass through unchanged, so whatever the open stream verifies
/// (<see cref="VerifyingStream"/>) is verified for every reading, the first and the repeated ones.
/// </summary>
/// <param name="first">The stream already open; disposed with this one, or when it is replaced.</param>
/// <param name="reopen">Opens the same content again from its first byte.</param>
internal sealed class ReopeningStream(Stream first, Func<CancellationToken, Task<Stream>> reopen) : Stream, IPassThroughStream, IRestartableStream
{
    private Stream _current = first ?? throw new ArgumentNullException(nameof(first));

    /// <summary>Opens a local source, such as a file, whose opening needs no waiting.</summary>
    public static ReopeningStream Of(Func<Stream> open)
    {
        ArgumentNullException.ThrowIfNull(open);
        return new ReopeningStream(open(), _ => Task.FromResult(open()));
    }

    public Stream Source => _current;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => _current.Length;
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public async ValueTask<bool> TryRestartAsync(CancellationToken cancellationToken)
    {
        var next = await reopen(cancellationToken).ConfigureAwait(false);
        await _current.DisposeAsync().ConfigureAwait(false);
        _current = next;
        return true;
    }

    public override int Read(byte[] buffer, int offset, int count) => _current.Read(buffer, offset, count);

    public override int Read(Span<byte> buffer) => _current.Read(buffer);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        _current.ReadAsync(buffer, offset, count, cancellationToken);

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        _current.ReadAsync(buffer, cancellationToken);

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _current.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await _current.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }
}
