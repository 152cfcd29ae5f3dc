using System.Security.Cryptography;
using OpenTofuOci.Core.Errors;

namespace OpenTofuOci.Core.Oci;

/// <summary>
/// Wraps a content stream and checks it against its descriptor while it is read: more bytes than
/// <c>size</c> throws <see cref="ErrorIds.SizeMismatch"/> at once; at the end, fewer bytes throw
/// <see cref="ErrorIds.SizeMismatch"/> and wrong bytes <see cref="ErrorIds.DigestMismatch"/>, in the read
/// that would have returned 0. So a reader that sees end-of-stream has verified content.
/// </summary>
public sealed class VerifyingStream : ReadOnlyWrapperStream
{
    private readonly Descriptor _expected;
    private readonly Digest _digest;
    private readonly IncrementalHash _hash;
    private readonly string _source;
    private long _read;
    private bool _verified;

    /// <param name="inner">The raw content; disposed with this stream.</param>
    /// <param name="expected">The descriptor the content must match.</param>
    /// <param name="source">Where the content comes from, for messages (e.g. <c>host/repo</c>).</param>
    public VerifyingStream(Stream inner, Descriptor expected, string source)
        : base(inner)
    {
        ArgumentNullException.ThrowIfNull(expected);
        _expected = expected;
        _source = source;
        _digest = expected.ParsedDigest();
        _hash = _digest.Algorithm.CreateHash();
    }

    /// <summary>Bytes read so far.</summary>
    public long BytesRead => _read;

    public override long Length => _expected.Size;

    /// <summary>
    /// True when <paramref name="stream"/> is a <see cref="VerifyingStream"/> for exactly
    /// <paramref name="descriptor"/> (same digest and size) from which nothing has been read yet: all
    /// of its content will still pass its check, so a consumer that reads it to the end (until a read
    /// returns 0) gets size and digest verified and need not hash the bytes a second time.
    /// </summary>
    /// <remarks>
    /// Sees through <see cref="IPassThroughStream"/> wrappers (progress counting), which hand every
    /// read on unchanged: copying a blob between two targets then hashes it once, not twice.
    /// </remarks>
    internal static bool WillVerify(Stream stream, Descriptor descriptor) => stream switch
    {
        VerifyingStream v => !v._verified && v._read == 0
            && v._expected.Size == descriptor.Size
            && string.Equals(v._expected.Digest, descriptor.Digest, StringComparison.Ordinal),
        IPassThroughStream p => WillVerify(p.Source, descriptor),
        _ => false,
    };

    public override int Read(Span<byte> buffer)
    {
        var n = Inner.Read(buffer);
        return Account(buffer[..n]);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var n = await Inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        return Account(buffer.Span[..n]);
    }

    private int Account(ReadOnlySpan<byte> chunk)
    {
        if (chunk.Length == 0)
        {
            Verify();
            return 0;
        }

        _read += chunk.Length;
        if (_read > _expected.Size)
        {
            throw VerificationErrors.SizeMismatch(_expected, _source, $"more than {_expected.Size} bytes");
        }

        _hash.AppendData(chunk);
        return chunk.Length;
    }

    private void Verify()
    {
        if (_verified)
        {
            return;
        }

        if (_read != _expected.Size)
        {
            throw VerificationErrors.SizeMismatch(_expected, _source, $"{_read} bytes");
        }

        var actual = Digest.FromHash(_digest.Algorithm, _hash.GetHashAndReset());
        if (actual.Encoded != _digest.Encoded)
        {
            throw VerificationErrors.DigestMismatch(_expected, _source, actual.ToString());
        }

        _verified = true;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _hash.Dispose();
        }
    }
}
