using System.Buffers;
using System.Net;
using System.Security.Cryptography;
using OpenTofuOci.Core.Errors;

namespace OpenTofuOci.Core.Oci.Remote;

/// <summary>
/// The caller's content stream on its way to the registry: read through one fixed buffer, hashed
/// and counted as it goes, so a source that does not match its descriptor is caught before the
/// upload is committed (the final piece is held back until the digest is known). Memory stays at
/// one buffer whatever the blob size (docs/design.md "Core shape").
/// </summary>
internal sealed class BlobSource : IDisposable
{
    private const int BufferSize = 81920;

    private readonly Stream _source;
    private readonly Descriptor _expected;
    private readonly Digest _digest;
    private readonly IncrementalHash _hash;
    private readonly string _target;
    private readonly byte[] _buffer;
    private readonly bool _sourceVerifies;

    public BlobSource(Stream source, Descriptor expected, string target)
    {
        _source = source;
        _expected = expected;
        _digest = expected.ParsedDigest();
        _hash = _digest.Algorithm.CreateHash();
        // A source that verifies this descriptor itself (e.g. a fetch from another registry or a
        // layout) throws in the probe read of VerifyEndAsync, before the last bytes are sent;
        // hashing it here as well would verify nothing new.
        _sourceVerifies = VerifyingStream.WillVerify(source, expected);
        _target = target;
        _buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
    }

    /// <summary>Bytes taken from the source so far.</summary>
    public long Position { get; private set; }

    /// <summary>
    /// Copies the next <paramref name="count"/> bytes to <paramref name="destination"/>. With
    /// <paramref name="final"/>, the source must end exactly there with the right digest, checked
    /// before the last bytes are written so a wrong blob never completes its request body.
    /// </summary>
    public async Task CopyAsync(Stream destination, long count, bool final, CancellationToken cancellationToken)
    {
        var remaining = count;
        while (remaining > 0)
        {
            var n = await _source.ReadAsync(_buffer.AsMemory(0, (int)Math.Min(remaining, BufferSize)), cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                throw SizeMismatch($"{Position} bytes");
            }

            if (!_sourceVerifies)
            {
                _hash.AppendData(_buffer, 0, n);
            }

            Position += n;
            remaining -= n;
            if (final && remaining == 0)
            {
                await VerifyEndAsync(cancellationToken).ConfigureAwait(false);
            }

            await destination.WriteAsync(_buffer.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
        }

        if (final && count == 0)
        {
            await VerifyEndAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Checks that the source has ended at the descriptor's size and hashes to its digest.</summary>
    public async Task VerifyEndAsync(CancellationToken cancellationToken)
    {
        if (Position != _expected.Size)
        {
            throw SizeMismatch($"{Position} bytes");
        }

        var probe = new byte[1];
        if (await _source.ReadAsync(probe, cancellationToken).ConfigureAwait(false) > 0)
        {
            throw SizeMismatch($"more than {_expected.Size} bytes");
        }

        if (_sourceVerifies)
        {
            return;
        }

        var actual = Digest.FromHash(_digest.Algorithm, _hash.GetCurrentHash());
        if (actual.Encoded != _digest.Encoded)
        {
            throw new TofuOciException(ErrorIds.DigestMismatch, ErrorKind.InvalidData,
                $"The content given for {_expected.Digest} hashes to {actual}; the upload to {_target} was cancelled and nothing was stored. " +
                "The source file changed or its descriptor is wrong: rebuild the artifact.", _expected.Digest);
        }
    }

    private TofuOciException SizeMismatch(string got) =>
        new(ErrorIds.SizeMismatch, ErrorKind.InvalidData,
            $"The content given for {_expected.Digest} should be {_expected.Size} bytes but is {got}; the upload to {_target} was cancelled and nothing was stored. " +
            "The source file changed or its descriptor is wrong: rebuild the artifact.", _expected.Digest);

    public void Dispose()
    {
        _hash.Dispose();
        ArrayPool<byte>.Shared.Return(_buffer);
    }

    /// <summary>Creates the request body for the next <paramref name="count"/> bytes; it can be sent once.</summary>
    public HttpContent Content(long count, bool final) => new PieceContent(this, count, final);

    private sealed class PieceContent : HttpContent
    {
        private readonly BlobSource _owner;
        private readonly long _count;
        private readonly bool _final;

        public PieceContent(BlobSource owner, long count, bool final)
        {
            _owner = owner;
            _count = count;
            _final = final;
            Headers.ContentType = new("application/octet-stream");
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
            _owner.CopyAsync(stream, _count, _final, CancellationToken.None);

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
            _owner.CopyAsync(stream, _count, _final, cancellationToken);

        protected override bool TryComputeLength(out long length)
        {
            length = _count;
            return true;
        }
    }
}
