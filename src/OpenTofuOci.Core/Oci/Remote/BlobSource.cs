using System.Buffers;
using System.Net;
using System.Security.Cryptography;
using OpenTofuOci.Core.Errors;

namespace OpenTofuOci.Core.Oci.Remote;

/// <summary>
/// The caller's content stream on its way to the registry: read through one fixed buffer, hashed
/// and counted as it goes, so a source that does not match its descriptor is caught before the
/// upload is committed (the final piece is held back until the digest is known). Memory stays at
/// one buffer whatever the blob size (docs/design.md "Core shape"). After a failed request the
/// source can be put back at the offset the registry reports (<see cref="TryResumeAtAsync"/>).
/// Content whose digest is not known yet (<see cref="Hashing"/>) is hashed the same way, and its
/// digest is what the upload is committed under.
/// </summary>
internal sealed class BlobSource : IDisposable
{
    private const int BufferSize = 81920;

    private readonly Stream _source;
    // Null for content whose digest is learnt while it is read (IHashingPusher).
    private readonly Descriptor? _expected;
    private readonly long _size;
    private readonly DigestAlgorithm _algorithm;
    private readonly IncrementalHash _hash;
    private readonly string _target;
    private readonly byte[] _buffer;
    // One reader at a time: a request body abandoned by a failed send may still be running when the
    // source is restarted for the next attempt, and must not take the new attempt's bytes.
    private readonly SemaphoreSlim _reading = new(1, 1);
    private bool _sourceVerifies;
    private int _generation;

    public BlobSource(Stream source, Descriptor expected, string target)
        : this(source, expected, expected.Size, expected.ParsedDigest().Algorithm, target)
    {
    }

    private BlobSource(Stream source, Descriptor? expected, long size, DigestAlgorithm algorithm, string target)
    {
        _source = source;
        _expected = expected;
        _size = size;
        _algorithm = algorithm;
        _hash = algorithm.CreateHash();
        // A source that verifies this descriptor itself (e.g. a fetch from another registry or a
        // layout) throws in the probe read of VerifyEndAsync, before the last bytes are sent;
        // hashing it here as well would verify nothing new.
        _sourceVerifies = expected is not null && VerifyingStream.WillVerify(source, expected);
        _target = target;
        _buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
    }

    /// <summary>
    /// Content of <paramref name="size"/> bytes whose digest is not known yet: hashed (sha256) as it
    /// goes, its digest is what <see cref="VerifyEndAsync"/> returns once the source has ended.
    /// </summary>
    public static BlobSource Hashing(Stream source, long size, string target) => new(source, null, size, DigestAlgorithm.Sha256, target);

    /// <summary>Bytes the content must have.</summary>
    public long Size => _size;

    /// <summary>The content for log lines: its digest, or its size while the digest is not known.</summary>
    public string Name => _expected?.Digest ?? $"a blob of {_size} bytes";

    /// <summary>Bytes taken from the source so far.</summary>
    public long Position { get; private set; }

    /// <summary>The content's digest once <see cref="VerifyEndAsync"/> has passed; null before.</summary>
    public Digest? Completed { get; private set; }

    /// <summary>
    /// What the registry may have stored if an attempt's answer was lost: the descriptor given, or, for
    /// content hashed on the way, its digest once the source has ended; null while nothing can be committed.
    /// </summary>
    public Descriptor? Committable => _expected
        ?? (Completed is { } digest ? new Descriptor { MediaType = "application/octet-stream", Digest = digest.ToString(), Size = _size } : null);

    /// <summary>
    /// Copies the next <paramref name="count"/> bytes to <paramref name="destination"/>. With
    /// <paramref name="final"/>, the source must end exactly there with the right digest, checked
    /// before the last bytes are written so a wrong blob never completes its request body. A body of
    /// an earlier <paramref name="generation"/> (an attempt given up) stops instead of reading.
    /// </summary>
    private async Task CopyAsync(Stream destination, long count, bool final, int generation, CancellationToken cancellationToken)
    {
        // Each body has its own buffer: an abandoned one may still be writing from it.
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            await CopyThroughAsync(destination, buffer, count, final, generation, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task CopyThroughAsync(Stream destination, byte[] buffer, long count, bool final, int generation, CancellationToken cancellationToken)
    {
        var remaining = count;
        while (remaining > 0)
        {
            int n;
            await _reading.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (generation != _generation)
                {
                    throw new IOException("The upload attempt this body belonged to has been abandoned.");
                }

                n = await ReadAsync(buffer.AsMemory(0, (int)Math.Min(remaining, BufferSize)), cancellationToken).ConfigureAwait(false);
                remaining -= n;
                if (final && remaining == 0)
                {
                    await VerifyEndAsync(cancellationToken).ConfigureAwait(false);
                }
            }
            finally
            {
                _reading.Release();
            }

            await destination.WriteAsync(buffer.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
        }

        if (final && count == 0)
        {
            await VerifyEndAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Puts the source at <paramref name="offset"/>, where a resumed or restarted upload continues:
    /// nothing to do when the failed request took no bytes past it; otherwise the content is read again
    /// from its first byte, hashing (not sending) what the registry already has. False when the
    /// content would have to be read again and cannot be, or the offset is beyond what was read.
    /// </summary>
    public async Task<bool> TryResumeAtAsync(long offset, CancellationToken cancellationToken)
    {
        await _reading.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _generation++;
            if (offset == Position)
            {
                return true;
            }

            if (offset > Position || !await StreamRestart.TryAsync(_source, cancellationToken).ConfigureAwait(false))
            {
                return false;
            }

            _hash.GetHashAndReset();
            Position = 0;
            Completed = null;
            _sourceVerifies = _expected is not null && VerifyingStream.WillVerify(_source, _expected);
            while (Position < offset)
            {
                await ReadAsync(_buffer.AsMemory(0, (int)Math.Min(offset - Position, BufferSize)), cancellationToken).ConfigureAwait(false);
            }

            return true;
        }
        finally
        {
            _reading.Release();
        }
    }

    /// <summary>The next bytes of the source into <paramref name="buffer"/>, hashed and counted; never 0.</summary>
    private async Task<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var n = await _source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        if (n == 0)
        {
            throw SizeMismatch($"{Position} bytes");
        }

        if (!_sourceVerifies)
        {
            _hash.AppendData(buffer.Span[..n]);
        }

        Position += n;
        return n;
    }

    /// <summary>
    /// Checks that the source has ended at the expected size and, for a descriptor, hashes to its
    /// digest; returns the digest the content has.
    /// </summary>
    public async Task<Digest> VerifyEndAsync(CancellationToken cancellationToken)
    {
        if (Position != _size)
        {
            throw SizeMismatch($"{Position} bytes");
        }

        var probe = new byte[1];
        if (await _source.ReadAsync(probe, cancellationToken).ConfigureAwait(false) > 0)
        {
            throw SizeMismatch($"more than {_size} bytes");
        }

        if (_sourceVerifies)
        {
            Completed = _expected!.ParsedDigest();
            return Completed.Value;
        }

        var actual = Digest.FromHash(_algorithm, _hash.GetCurrentHash());
        if (_expected is not null && actual.Encoded != _expected.ParsedDigest().Encoded)
        {
            throw new TofuOciException(ErrorIds.DigestMismatch, ErrorKind.InvalidData,
                $"The content given for {_expected.Digest} hashes to {actual}; the upload to {_target} was cancelled and nothing was stored. " +
                "The source file changed or its descriptor is wrong: rebuild the artifact.", _expected.Digest);
        }

        Completed = actual;
        return actual;
    }

    private TofuOciException SizeMismatch(string got) => _expected is null
        ? new(ErrorIds.SizeMismatch, ErrorKind.InvalidData,
            $"The content given as {_size} bytes is {got}; the upload to {_target} was cancelled and nothing was stored. " +
            "The source file changed while it was read: push it again once it is complete.", _target)
        : new(ErrorIds.SizeMismatch, ErrorKind.InvalidData,
            $"The content given for {_expected.Digest} should be {_expected.Size} bytes but is {got}; the upload to {_target} was cancelled and nothing was stored. " +
            "The source file changed or its descriptor is wrong: rebuild the artifact.", _expected.Digest);

    public void Dispose()
    {
        _hash.Dispose();
        _reading.Dispose();
        ArrayPool<byte>.Shared.Return(_buffer);
    }

    /// <summary>Creates the request body for the next <paramref name="count"/> bytes; it can be sent once.</summary>
    public HttpContent Content(long count, bool final) => new PieceContent(this, count, final);

    private sealed class PieceContent : HttpContent
    {
        private readonly BlobSource _owner;
        private readonly long _count;
        private readonly bool _final;
        private readonly int _generation;

        public PieceContent(BlobSource owner, long count, bool final)
        {
            _owner = owner;
            _generation = owner._generation;
            _count = count;
            _final = final;
            Headers.ContentType = new("application/octet-stream");
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
            _owner.CopyAsync(stream, _count, _final, _generation, CancellationToken.None);

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
            _owner.CopyAsync(stream, _count, _final, _generation, cancellationToken);

        protected override bool TryComputeLength(out long length)
        {
            length = _count;
            return true;
        }
    }
}
