using OpenTofuOci.Core.Errors;

namespace OpenTofuOci.Core.Oci.Remote;

/// <summary>
/// A response body that owns its <see cref="HttpResponseMessage"/> (so disposing the stream frees
/// the connection) and reports a body cut off by the network as the size problem it is for the
/// content being verified, rather than a bare <see cref="IOException"/>.
/// </summary>
internal sealed class ResponseStream(HttpResponseMessage response, Stream inner, Descriptor expected, string source) : Stream
{
    private long _read;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _read; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        try
        {
            var n = inner.Read(buffer);
            _read += n;
            return n;
        }
        catch (IOException ex)
        {
            throw CutOff(ex);
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            var n = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            _read += n;
            return n;
        }
        catch (IOException ex)
        {
            throw CutOff(ex);
        }
    }

    private TofuOciException CutOff(IOException ex) =>
        new(ErrorIds.SizeMismatch, ErrorKind.InvalidData,
            $"Content {expected.Digest} from {source} should be {expected.Size} bytes but the connection broke off after {_read} bytes ({ex.Message.TrimEnd('.')}); nothing was stored. Retry.",
            expected.Digest, ex);

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
            response.Dispose();
        }

        base.Dispose(disposing);
    }
}
