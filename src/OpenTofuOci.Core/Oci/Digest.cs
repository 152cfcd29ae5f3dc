using System.Security.Cryptography;
using System.Text.RegularExpressions;
using OpenTofuOci.Core.Errors;

namespace OpenTofuOci.Core.Oci;

/// <summary>
/// A validated content digest <c>algorithm:hex</c>, following go-digest's rules
/// (docs/opentofu-compatibility.md §4.4, <see href="https://github.com/opencontainers/image-spec/blob/v1.1.1/descriptor.md#digests">image-spec digests</see>).
/// </summary>
public readonly partial record struct Digest
{
    private Digest(DigestAlgorithm algorithm, string encoded)
    {
        Algorithm = algorithm;
        Encoded = encoded;
    }

    /// <summary>The registered algorithm.</summary>
    public DigestAlgorithm Algorithm { get; }

    /// <summary>Lowercase hex of the hash.</summary>
    public string Encoded { get; }

    /// <summary>Parses and validates a digest; throws <see cref="TofuOciException"/> with id
    /// <see cref="ErrorIds.InvalidDigest"/> or <see cref="ErrorIds.UnsupportedDigestAlgorithm"/>.</summary>
    public static Digest Parse(string text)
    {
        if (TryParse(text, out var digest, out var problem))
        {
            return digest;
        }

        var unsupported = problem == UnsupportedAlgorithmText;
        throw new TofuOciException(
            unsupported ? ErrorIds.UnsupportedDigestAlgorithm : ErrorIds.InvalidDigest,
            ErrorKind.InvalidArgument,
            unsupported
                ? $"Digest \"{text}\" uses an unsupported algorithm; use sha256, sha384 or sha512."
                : $"Digest \"{text}\" is not valid ({problem}); write it as sha256: followed by 64 lowercase hex characters.",
            text);
    }

    internal const string InvalidFormatText = "invalid checksum digest format";
    internal const string UnsupportedAlgorithmText = "unsupported digest algorithm";

    /// <summary>Validates without throwing. <paramref name="problem"/> is go-digest's wording.</summary>
    public static bool TryParse(string? text, out Digest digest, out string? problem)
    {
        digest = default;
        problem = InvalidFormatText;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == text.Length - 1)
        {
            return false;
        }

        var algorithm = DigestAlgorithm.Find(text[..colon]);
        if (algorithm is null)
        {
            problem = AnyDigestShape().IsMatch(text) ? UnsupportedAlgorithmText : InvalidFormatText;
            return false;
        }

        var encoded = text[(colon + 1)..];
        if (encoded.Length != algorithm.HexLength || !IsLowerHex(encoded))
        {
            return false;
        }

        problem = null;
        digest = new Digest(algorithm, encoded);
        return true;
    }

    /// <summary>Hashes bytes with the given algorithm (sha256 by default).</summary>
    public static Digest Compute(ReadOnlySpan<byte> content, DigestAlgorithm? algorithm = null)
    {
        algorithm ??= DigestAlgorithm.Sha256;
        using var hash = algorithm.CreateHash();
        hash.AppendData(content);
        return FromHash(algorithm, hash.GetHashAndReset());
    }

    /// <summary>Hashes a whole stream through a fixed-size buffer.</summary>
    public static async Task<Digest> ComputeAsync(Stream content, DigestAlgorithm? algorithm = null, CancellationToken cancellationToken = default)
    {
        algorithm ??= DigestAlgorithm.Sha256;
        using var hash = algorithm.CreateHash();
        var buffer = new byte[81920];
        int read;
        while ((read = await content.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            hash.AppendData(buffer, 0, read);
        }

        return FromHash(algorithm, hash.GetHashAndReset());
    }

    /// <summary>Builds a digest from a finished hash value.</summary>
    public static Digest FromHash(DigestAlgorithm algorithm, ReadOnlySpan<byte> hash) =>
        new(algorithm, Convert.ToHexString(hash).ToLowerInvariant());

    public override string ToString() => Algorithm is null ? string.Empty : $"{Algorithm.Name}:{Encoded}";

    private static bool IsLowerHex(string s)
    {
        foreach (var c in s)
        {
            if (c is not ((>= '0' and <= '9') or (>= 'a' and <= 'f')))
            {
                return false;
            }
        }

        return true;
    }

    [GeneratedRegex("^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex AnyDigestShape();
}
