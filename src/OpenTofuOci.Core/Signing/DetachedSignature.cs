using System.Globalization;
using Org.BouncyCastle.Bcpg.OpenPgp;
using OpenTofuOci.Core.Errors;

namespace OpenTofuOci.Core.Signing;

/// <summary>
/// Checks a detached OpenPGP signature (armored or binary) over bytes, as OpenTofu checks a
/// release's <c>SHA256SUMS.sig</c> (docs/opentofu-compatibility.md §9.5).
/// </summary>
public static class DetachedSignature
{
    /// <summary>
    /// Returns the key that made a valid signature over <paramref name="signedData"/>, or throws
    /// <see cref="Errors.ErrorIds.SignatureMalformed"/>, <see cref="Errors.ErrorIds.SigningKeyUnknown"/>,
    /// <see cref="Errors.ErrorIds.SigningKeyExpired"/>, <see cref="Errors.ErrorIds.SigningKeyRevoked"/> or
    /// <see cref="Errors.ErrorIds.SignatureInvalid"/>, each naming <paramref name="subject"/> (what was signed, e.g. a URL).
    /// <paramref name="now"/> defaults to the clock.
    /// </summary>
    /// <remarks>
    /// As go-crypto does, the first signature packet whose issuer is in <paramref name="keys"/> is the
    /// one checked; it must be a binary or text document signature with an accepted hash, verify over
    /// the bytes, and come from a key (or bound signing subkey) that is neither revoked nor expired,
    /// at the signature's time or at <paramref name="now"/>.
    /// </remarks>
    public static SignatureVerification Verify(ReadOnlySpan<byte> signedData, ReadOnlySpan<byte> signature, OpenPgpKeyRing keys, string subject, DateTimeOffset? now = null)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(subject);
        var shown = UntrustedText.Escape(subject);
        var at = now ?? DateTimeOffset.UtcNow;
        var signatures = Read(signature, subject, shown);

        foreach (var candidate in signatures)
        {
            var matches = keys.Certificates
                .SelectMany(c => c.Keys.Select(k => (Certificate: c, Key: k)))
                .Where(m => m.Key.Key.KeyId == candidate.KeyId)
                .ToList();
            if (matches.Count > 0)
            {
                return Check(candidate, matches, signedData.ToArray(), subject, shown, at);
            }
        }

        var issuers = string.Join(", ", signatures.Select(s => KeyId(s.KeyId)).Distinct(StringComparer.Ordinal));
        var trusted = keys.IsEmpty ? "none" : string.Join(", ", keys.Keys.Select(k => k.KeyId));
        throw Failure(ErrorIds.SigningKeyUnknown, subject,
            $"The signature for {shown} was made by key {issuers}, which is not one of the keys trusted for it ({trusted}). " +
            "The release may not come from its publisher: check which keys you trust for this publisher before using it.");
    }

    private static SignatureVerification Check(PgpSignature signature, List<(OpenPgpCertificate Certificate, OpenPgpSigningKey Key)> matches,
        byte[] data, string subject, string shown, DateTimeOffset now)
    {
        var signedAt = new DateTimeOffset(DateTime.SpecifyKind(signature.CreationTime, DateTimeKind.Utc));
        var usable = matches.Where(m => m.Key.Unusable is null).ToList();
        if (usable.Count == 0)
        {
            var (certificate, key) = matches[0];
            throw Failure(ErrorIds.SigningKeyUnknown, subject,
                $"The signature for {shown} was made by {Describe(certificate, key)}, which {key.Unusable}, so it cannot vouch for anything. " +
                "The release may not come from its publisher: ask the publisher for a release signed with a valid key.");
        }

        var first = usable[0];
        if (signature.Version < 4)
        {
            throw Failure(ErrorIds.SignatureInvalid, subject,
                $"The signature for {shown} by {Describe(first.Certificate, first.Key)} is an OpenPGP version {signature.Version} signature, which is not accepted. Ask the publisher to sign the release again with a current tool.");
        }

        if (signature.SignatureType is not (PgpSignature.BinaryDocument or PgpSignature.CanonicalTextDocument))
        {
            throw Failure(ErrorIds.SignatureInvalid, subject,
                $"The signature for {shown} by {Describe(first.Certificate, first.Key)} is not a signature over a document (its type is 0x{signature.SignatureType:X2}). Ask the publisher for the release's detached signature.");
        }

        if (!OpenPgpHashes.IsAccepted(signature.HashAlgorithm))
        {
            throw Failure(ErrorIds.SignatureInvalid, subject,
                $"The signature for {shown} by {Describe(first.Certificate, first.Key)} uses the hash {OpenPgpHashes.Name(signature.HashAlgorithm)}, which is too weak to trust. Ask the publisher to sign with SHA-256 or stronger.");
        }

        var signer = usable.FirstOrDefault(m => Verifies(signature, m.Key.Key, data, subject, shown));
        if (signer.Key is null)
        {
            throw Failure(ErrorIds.SignatureInvalid, subject,
                $"The signature for {shown} by {Describe(first.Certificate, first.Key)} does not match the signed data: the data was changed, or the signature is for other data. " +
                "Do not use this release; fetch it again from its publisher.");
        }

        var primary = signer.Certificate.Keys[0];
        if (primary.Revoked || signer.Key.Revoked)
        {
            throw Failure(ErrorIds.SigningKeyRevoked, subject,
                $"The signature for {shown} was made by {Describe(signer.Certificate, signer.Key)}, which {(primary.Revoked ? "its owner has revoked" : "its owner has revoked as a subkey")}. " +
                "A revoked key may be compromised: do not use this release, and ask the publisher for one signed with a current key.");
        }

        foreach (var key in signer.Key.IsSubkey ? new[] { primary, signer.Key } : [primary])
        {
            if (key.Expires is { } expires && (signedAt > expires || now > expires))
            {
                var when = signedAt > expires ? $"before it made this signature on {Time(signedAt)}" : $"and it is now {Time(now)}";
                throw Failure(ErrorIds.SigningKeyExpired, subject,
                    $"The signature for {shown} was made by {Describe(signer.Certificate, signer.Key)}, {(key.IsSubkey ? "a subkey that" : "which")} expired on {Time(expires)} {when}. " +
                    "Ask the publisher for the key with its expiry extended, or for a release signed with a current key.");
            }
        }

        if (signedAt > now)
        {
            throw Failure(ErrorIds.SignatureInvalid, subject,
                $"The signature for {shown} by {Describe(signer.Certificate, signer.Key)} is dated {Time(signedAt)}, later than now ({Time(now)}). Check this machine's clock, then fetch the release again.");
        }

        var lifetime = signature.GetHashedSubPackets()?.GetSignatureExpirationTime() ?? 0;
        if (lifetime > 0 && now > signedAt.AddSeconds(lifetime))
        {
            throw Failure(ErrorIds.SignatureInvalid, subject,
                $"The signature for {shown} by {Describe(signer.Certificate, signer.Key)} expired on {Time(signedAt.AddSeconds(lifetime))}. Ask the publisher for a current signature.");
        }

        return new SignatureVerification(signer.Certificate.Info, signer.Key.KeyId, signedAt);
    }

    private static bool Verifies(PgpSignature signature, PgpPublicKey key, byte[] data, string subject, string shown)
    {
        try
        {
            signature.InitVerify(key);
            signature.Update(data);
            return signature.Verify();
        }
        catch (Exception ex) when (OpenPgpFailures.IsParseFailure(ex))
        {
            throw Malformed(subject, shown, OpenPgpFailures.Describe(ex), ex);
        }
    }

    private static List<PgpSignature> Read(ReadOnlySpan<byte> signature, string subject, string shown)
    {
        if (signature.Length > OpenPgpLimits.MaxSignatureBytes)
        {
            throw Malformed(subject, shown, $"it is {signature.Length} bytes, more than the {OpenPgpLimits.Describe(OpenPgpLimits.MaxSignatureBytes)} a signature may be");
        }

        var signatures = new List<PgpSignature>();
        try
        {
            foreach (var packets in OpenPgpArmor.Packets(signature, OpenPgpArmor.SignatureLabel, "an armored signature"))
            {
                ReadPackets(packets, signatures);
            }
        }
        catch (Exception ex) when (OpenPgpFailures.IsParseFailure(ex))
        {
            throw Malformed(subject, shown, OpenPgpFailures.Describe(ex), ex);
        }

        return signatures.Count > 0 ? signatures : throw Malformed(subject, shown, "it holds no signature");
    }

    private static void ReadPackets(byte[] data, List<PgpSignature> signatures)
    {
        var factory = new PgpObjectFactory(data);
        while (factory.NextPgpObject() is { } item)
        {
            switch (item)
            {
                case PgpSignatureList list:
                    for (var i = 0; i < list.Count; i++)
                    {
                        if (signatures.Count >= OpenPgpLimits.MaxSignatures)
                        {
                            throw new OpenPgpInputException($"it holds more than {OpenPgpLimits.MaxSignatures} signatures");
                        }

                        signatures.Add(list[i]);
                    }

                    break;
                case PgpMarker:
                    break;
                default:
                    throw new OpenPgpInputException($"it holds {OpenPgpKeyRing.Describe(item)} rather than a detached signature");
            }
        }
    }

    private static string Describe(OpenPgpCertificate certificate, OpenPgpSigningKey key)
    {
        var owner = certificate.Info.UserId is { } userId ? $" ({UntrustedText.Escape(userId)})" : "";
        return key.IsSubkey ? $"subkey {key.KeyId} of key {certificate.Info.KeyId}{owner}" : $"key {key.KeyId}{owner}";
    }

    private static string KeyId(long keyId) => keyId.ToString("X16", CultureInfo.InvariantCulture);

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    private static TofuOciException Malformed(string subject, string shown, string reason, Exception? inner = null) =>
        new(ErrorIds.SignatureMalformed, ErrorKind.InvalidData,
            $"The OpenPGP signature for {shown} cannot be read: {reason}. Check that it is the release's detached signature, complete and unmodified.", subject, inner);

    private static TofuOciException Failure(string id, string subject, string message) =>
        new(id, ErrorKind.InvalidData, message, subject);
}

/// <summary>A good signature (docs/opentofu-compatibility.md §9.5).</summary>
/// <param name="Signer">The key (primary key) that made it; a subkey signature names its primary key.</param>
/// <param name="SigningKeyId">The id of the (sub)key that actually signed, 16 upper-case hex digits.</param>
/// <param name="SignedAt">The signature's creation time.</param>
public sealed record SignatureVerification(OpenPgpKeyInfo Signer, string SigningKeyId, DateTimeOffset SignedAt);
