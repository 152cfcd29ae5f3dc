using OpenTofuOci.Core.Errors;

namespace OpenTofuOci.Core.Oci.Remote;

/// <summary>
/// A response body that owns its <see cref="HttpResponseMessage"/> (so disposing the stream frees
/// the connection) and reports a body cut off by the network as the size problem it is for the
/// content being verified, rather than a bare <see cref="IOException"/>.
/// </summary>
internal sealed class ResponseStream(HttpResponseMessage response, Stream inner, Descriptor expected, string source) : ReadOnlyWrapperStream(inner)
{
    private long _read;

    public override int Read(Span<byte> buffer)
    {
        try
        {
            var n = Inner.Read(buffer);
            _read += n;
            return n;
        }
        catch (IOException ex)
        {
            throw CutOff(ex);
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            var n = await Inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
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

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            response.Dispose();
        }
    }
}
