using System.Security.Cryptography;
using OpenTofuOci.Core.Oci;

namespace OpenTofuOci.Core.Providers.Mirroring;

/// <summary>
/// Passes what a source writes on to a file while computing its sha256 and length, so a downloaded
/// package is read from the network once and never read back just to be hashed (docs/opentofu-compatibility.md §9.7).
/// </summary>
internal sealed class HashingWriteStream(Stream inner, IProgress<long>? progress) : CountingWriteStream(inner, progress)
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    /// <summary>The sha256 of everything written, lower-case hex; call once, after the last write.</summary>
    public string Sha256Hex() => Convert.ToHexString(_hash.GetHashAndReset()).ToLowerInvariant();

    protected override void OnWritten(ReadOnlySpan<byte> buffer) => _hash.AppendData(buffer);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash.Dispose();
        }

        base.Dispose(disposing);
    }
}
