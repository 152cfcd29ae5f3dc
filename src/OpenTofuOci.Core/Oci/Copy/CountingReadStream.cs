namespace OpenTofuOci.Core.Oci.Copy;

/// <summary>Passes reads through unchanged and tells a callback how many bytes each read returned.</summary>
/// <param name="inner">Read from; disposed with this stream.</param>
/// <param name="onRead">Called with each non-zero read count.</param>
internal sealed class CountingReadStream(Stream inner, Action<int> onRead) : ReadOnlyWrapperStream(inner), IPassThroughStream
{
    public Stream Source => Inner;

    public override long Length => Inner.Length;

    public override int Read(Span<byte> buffer) => Count(Inner.Read(buffer));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await Inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

    private int Count(int n)
    {
        if (n > 0)
        {
            onRead(n);
        }

        return n;
    }
}
