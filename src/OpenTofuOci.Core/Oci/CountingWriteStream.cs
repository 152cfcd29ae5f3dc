namespace OpenTofuOci.Core.Oci;

/// <summary>
/// Passes writes on to another stream and counts them: offsets within an output that may not be seekable
/// (the deterministic zip writer, docs/opentofu-compatibility.md §2.2), and the running total a download
/// reports as progress (§9.7). Subclasses see each write's bytes in <see cref="OnWritten"/>.
/// </summary>
internal class CountingWriteStream(Stream inner, IProgress<long>? progress = null) : Stream
{
    /// <summary>Bytes written so far.</summary>
    public long Written { get; private set; }

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => Written;
        set => throw new NotSupportedException();
    }

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        inner.Write(buffer);
        Count(buffer);
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        Count(buffer.Span);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <summary>Called after <paramref name="buffer"/> has reached the inner stream, before it is counted.</summary>
    protected virtual void OnWritten(ReadOnlySpan<byte> buffer)
    {
    }

    private void Count(ReadOnlySpan<byte> buffer)
    {
        OnWritten(buffer);
        Written += buffer.Length;
        progress?.Report(Written);
    }
}
