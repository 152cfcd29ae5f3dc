namespace OpenTofuOci.Core.Oci.Copy;

/// <summary>
/// Passes reads through unchanged and tells a callback how many bytes each read returned. When the
/// content is read again (an upload resumed or restarted), only bytes beyond the furthest point
/// reached before are counted, so progress never passes the total.
/// </summary>
/// <param name="inner">Read from; disposed with this stream.</param>
/// <param name="onRead">Called with each non-zero count of new bytes.</param>
internal sealed class CountingReadStream(Stream inner, Action<int> onRead) : ReadOnlyWrapperStream(inner), IPassThroughStream, IRestartableStream
{
    private long _position;
    private long _furthest;

    public Stream Source => Inner;

    public override long Length => Inner.Length;

    public override int Read(Span<byte> buffer) => Count(Inner.Read(buffer));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await Inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

    public async ValueTask<bool> TryRestartAsync(CancellationToken cancellationToken)
    {
        if (!await StreamRestart.TryAsync(Inner, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        _position = 0;
        return true;
    }

    private int Count(int n)
    {
        _position += n;
        if (_position > _furthest)
        {
            var fresh = (int)Math.Min(n, _position - _furthest);
            _furthest = _position;
            onRead(fresh);
        }

        return n;
    }
}
