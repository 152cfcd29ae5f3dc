using Org.BouncyCastle.Bcpg.OpenPgp;
using OpenTofuOci.Core.Errors;

namespace OpenTofuOci.Core.Signing;

/// <summary>
/// A set of OpenPGP public keys that signatures are checked against: a registry's
/// <c>gpg_public_keys</c>, a trusted-key file, or both combined.
/// See docs/opentofu-compatibility.md §9.5.
/// </summary>
public sealed class OpenPgpKeyRing
{
    private OpenPgpKeyRing(IReadOnlyList<OpenPgpCertificate> certificates)
    {
        Certificates = certificates;
        Keys = certificates.Select(c => c.Info).ToList();
    }

    /// <summary>The primary keys in the ring, in the order they were read.</summary>
    public IReadOnlyList<OpenPgpKeyInfo> Keys { get; }

    /// <summary>True when the ring holds no key.</summary>
    public bool IsEmpty => Keys.Count == 0;

    /// <summary>An empty ring.</summary>
    public static OpenPgpKeyRing Empty { get; } = new([]);

    internal IReadOnlyList<OpenPgpCertificate> Certificates { get; }

    /// <summary>
    /// Reads armored (<c>-----BEGIN PGP PUBLIC KEY BLOCK-----</c>) or binary public keys; several
    /// blocks may follow each other. <paramref name="source"/> names where they came from in errors.
    /// Throws <see cref="Errors.ErrorIds.InvalidSigningKey"/> when nothing readable is there.
    /// </summary>
    public static OpenPgpKeyRing Parse(ReadOnlySpan<byte> keys, string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (keys.Length > OpenPgpLimits.MaxKeyBytes)
        {
            throw Invalid(source, $"it is {keys.Length} bytes, more than the {OpenPgpLimits.Describe(OpenPgpLimits.MaxKeyBytes)} a key file may be");
        }

        var certificates = new List<OpenPgpCertificate>();
        try
        {
            foreach (var packets in OpenPgpArmor.Packets(keys, OpenPgpArmor.PublicKeyLabel, "an armored public key"))
            {
                ReadPackets(packets, certificates);
            }
        }
        catch (Exception ex) when (OpenPgpFailures.IsParseFailure(ex))
        {
            throw Invalid(source, OpenPgpFailures.Describe(ex), ex);
        }

        if (certificates.Count == 0)
        {
            throw Invalid(source, "it holds no OpenPGP public key");
        }

        return new OpenPgpKeyRing(certificates).Deduplicated();
    }

    /// <summary>Reads a key file (see <see cref="Parse"/>); a missing file is <see cref="Errors.ErrorIds.NotFound"/>.</summary>
    public static OpenPgpKeyRing Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[] bytes;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            if (stream.Length > OpenPgpLimits.MaxKeyBytes)
            {
                throw Invalid(path, $"it is {stream.Length} bytes, more than the {OpenPgpLimits.Describe(OpenPgpLimits.MaxKeyBytes)} a key file may be");
            }

            bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new TofuOciException(ErrorIds.NotFound, ErrorKind.NotFound,
                $"The key file {path} does not exist. Give the path of an OpenPGP public key file (armored or binary).", path, ex);
        }
        catch (Exception ex) when (FileSystemErrors.Handles(ex))
        {
            throw FileSystemErrors.Translate(ex);
        }

        return Parse(bytes, path);
    }

    /// <summary>All keys of all rings (duplicates by fingerprint kept once).</summary>
    /// <remarks>
    /// Two copies of one key are merged rather than one dropped: if a registry's copy lacks a
    /// revocation that a trusted-key file carries, the combined key is revoked.
    /// </remarks>
    public static OpenPgpKeyRing Combine(IEnumerable<OpenPgpKeyRing> rings)
    {
        ArgumentNullException.ThrowIfNull(rings);
        return new OpenPgpKeyRing(rings.SelectMany(r => r.Certificates).ToList()).Deduplicated();
    }

    private OpenPgpKeyRing Deduplicated()
    {
        var merged = new List<OpenPgpCertificate>();
        var byFingerprint = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var certificate in Certificates)
        {
            if (byFingerprint.TryGetValue(certificate.Info.Fingerprint, out var index))
            {
                try
                {
                    merged[index] = OpenPgpCertificate.Read(PgpPublicKeyRing.Join(merged[index].Ring, certificate.Ring) ?? merged[index].Ring);
                }
                catch (Exception ex) when (OpenPgpFailures.IsParseFailure(ex))
                {
                    throw Invalid("two copies of key " + certificate.Info.KeyId, OpenPgpFailures.Describe(ex), ex);
                }
            }
            else
            {
                byFingerprint[certificate.Info.Fingerprint] = merged.Count;
                merged.Add(certificate);
            }
        }

        return merged.Count == Certificates.Count ? this : new OpenPgpKeyRing(merged);
    }

    private static void ReadPackets(byte[] data, List<OpenPgpCertificate> certificates)
    {
        var factory = new PgpObjectFactory(data);
        while (factory.NextPgpObject() is { } item)
        {
            switch (item)
            {
                case PgpPublicKeyRing ring:
                    if (certificates.Count >= OpenPgpLimits.MaxKeys)
                    {
                        throw new OpenPgpInputException($"it holds more than {OpenPgpLimits.MaxKeys} keys");
                    }

                    certificates.Add(OpenPgpCertificate.Read(ring));
                    break;
                case PgpMarker:
                    break;
                case PgpSecretKeyRing:
                    throw new OpenPgpInputException("it holds a secret key, which must never be shared; give the public key only");
                default:
                    throw new OpenPgpInputException($"it holds {Describe(item)} where public keys were expected");
            }
        }
    }

    internal static string Describe(object item) => item switch
    {
        PgpSignatureList => "a signature",
        PgpCompressedData => "compressed data",
        PgpLiteralData => "literal data",
        PgpEncryptedDataList => "encrypted data",
        PgpOnePassSignatureList => "a signed message",
        PgpPublicKeyRing => "a public key",
        _ => "another kind of OpenPGP packet",
    };

    private static TofuOciException Invalid(string source, string reason, Exception? inner = null) =>
        new(ErrorIds.InvalidSigningKey, ErrorKind.InvalidData,
            $"The OpenPGP public keys from {UntrustedText.Escape(source)} cannot be used: {reason}. Give the publisher's public key, complete and unmodified, as gpg exports it (armored or binary).",
            source, inner);
}
