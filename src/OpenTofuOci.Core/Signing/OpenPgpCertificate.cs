using System.Globalization;
using Org.BouncyCastle.Bcpg;
using Org.BouncyCastle.Bcpg.OpenPgp;

namespace OpenTofuOci.Core.Signing;

/// <summary>
/// A transferable public key checked once when read: which user id is primary, when the key expires,
/// whether it is revoked, and which of its keys may sign. Every self-signature that counts is
/// verified cryptographically, so a binding, expiry or revocation someone merely appended is ignored
/// (docs/opentofu-compatibility.md §9.5).
/// </summary>
internal sealed class OpenPgpCertificate
{
    private OpenPgpCertificate(PgpPublicKeyRing ring, OpenPgpKeyInfo info, IReadOnlyList<OpenPgpSigningKey> keys)
    {
        Ring = ring;
        Info = info;
        Keys = keys;
    }

    public PgpPublicKeyRing Ring { get; }

    public OpenPgpKeyInfo Info { get; }

    /// <summary>The primary key first, then the subkeys.</summary>
    public IReadOnlyList<OpenPgpSigningKey> Keys { get; }

    /// <summary>Reads <paramref name="ring"/>; a key that cannot be used at all throws <see cref="FormatException"/> saying why.</summary>
    public static OpenPgpCertificate Read(PgpPublicKeyRing ring)
    {
        var primary = ring.GetPublicKey();
        var keyId = KeyIdOf(primary);
        if (primary.Version < 4)
        {
            throw new FormatException($"key {keyId} is a version {primary.Version} key; only version 4 and later keys are accepted");
        }

        CheckKeyMaterial(primary, keyId);
        var (userId, selfSignature) = PrimaryIdentity(primary)
            ?? throw new FormatException($"key {keyId} has no user id with a valid self-signature");
        var created = new DateTimeOffset(DateTime.SpecifyKind(primary.CreationTime, DateTimeKind.Utc));
        var expires = ExpiryOf(selfSignature, created);
        var revoked = HasValidRevocation(primary, primary, PgpSignature.KeyRevocation);
        var flags = selfSignature.GetHashedSubPackets()?.GetKeyFlags() ?? 0;
        var primaryUnusable = flags != 0 && (flags & PgpKeyFlags.CanSign) == 0 ? "is not marked for signing" : null;

        var keys = new List<OpenPgpSigningKey>
        {
            new(primary, keyId, FingerprintOf(primary), IsSubkey: false, expires, revoked, primaryUnusable),
        };
        foreach (var subkey in ring.GetPublicKeys().Where(k => !k.IsMasterKey))
        {
            keys.Add(ReadSubkey(primary, subkey));
        }

        var info = new OpenPgpKeyInfo(keyId, FingerprintOf(primary), userId, created, expires, revoked,
            OpenPgpArmor.Encode(OpenPgpArmor.PublicKeyLabel, ring.GetEncoded()));
        return new OpenPgpCertificate(ring, info, keys);
    }

    public static string KeyIdOf(PgpPublicKey key) => key.KeyId.ToString("X16", CultureInfo.InvariantCulture);

    public static string FingerprintOf(PgpPublicKey key) => Convert.ToHexString(key.GetFingerprint());

    private static OpenPgpSigningKey ReadSubkey(PgpPublicKey primary, PgpPublicKey subkey)
    {
        var keyId = KeyIdOf(subkey);
        var fingerprint = FingerprintOf(subkey);
        var created = new DateTimeOffset(DateTime.SpecifyKind(subkey.CreationTime, DateTimeKind.Utc));
        try
        {
            CheckKeyMaterial(subkey, keyId);
        }
        catch (FormatException ex)
        {
            return new OpenPgpSigningKey(subkey, keyId, fingerprint, true, null, false, ex.Message);
        }

        var binding = Latest(subkey.GetSignaturesOfType(PgpSignature.SubkeyBinding)
            .Where(sig => sig.KeyId == primary.KeyId && Verifies(sig, primary, s => s.VerifyCertification(primary, subkey))));
        if (binding is null)
        {
            return new OpenPgpSigningKey(subkey, keyId, fingerprint, true, null, false, "has no valid binding signature from its primary key");
        }

        var expires = ExpiryOf(binding, created);
        var revoked = HasValidRevocation(primary, subkey, PgpSignature.SubkeyRevocation);
        var flags = binding.GetHashedSubPackets()?.GetKeyFlags() ?? 0;
        if ((flags & PgpKeyFlags.CanSign) == 0)
        {
            return new OpenPgpSigningKey(subkey, keyId, fingerprint, true, expires, revoked, "is not marked for signing");
        }

        // A signing subkey must sign its primary key back (RFC 9580 §5.2.1.8, "primary key binding"), or
        // anyone could claim someone else's signing key as their own subkey.
        var backSignatures = new List<PgpSignature>();
        foreach (var vector in new[] { binding.GetHashedSubPackets(), binding.GetUnhashedSubPackets() })
        {
            if (vector is null)
            {
                continue;
            }

            var embedded = vector.GetEmbeddedSignatures();
            for (var i = 0; i < embedded.Count; i++)
            {
                backSignatures.Add(embedded[i]);
            }
        }

        var backSigned = backSignatures.Any(sig => sig.SignatureType == PgpSignature.PrimaryKeyBinding
            && Verifies(sig, subkey, s => s.VerifyCertification(primary, subkey)));
        return new OpenPgpSigningKey(subkey, keyId, fingerprint, true, expires, revoked,
            backSigned ? null : "has no valid back-signature to its primary key");
    }

    /// <summary>
    /// The user id to show and the self-signature that carries the key's expiry and flags: among user
    /// ids with a valid self-certification and no valid revocation, the one marked primary (latest
    /// first), else the first. Revoked user ids are used only when every user id is revoked.
    /// </summary>
    private static (string UserId, PgpSignature SelfSignature)? PrimaryIdentity(PgpPublicKey primary)
    {
        var identities = new List<(string UserId, PgpSignature Signature, bool Revoked)>();
        foreach (var userId in primary.GetUserIds())
        {
            var signatures = primary.GetSignaturesForId(userId)?.ToList() ?? [];
            var self = Latest(signatures.Where(sig => sig.KeyId == primary.KeyId && IsUserIdCertification(sig.SignatureType)
                && Verifies(sig, primary, s => s.VerifyCertification(userId, primary))));
            if (self is null)
            {
                continue;
            }

            var revoked = signatures.Any(sig => sig.SignatureType == PgpSignature.CertificationRevocation && sig.KeyId == primary.KeyId
                && Verifies(sig, primary, s => s.VerifyCertification(userId, primary)));
            identities.Add((userId, self, revoked));
        }

        if (identities.Count == 0)
        {
            return null;
        }

        var live = identities.Where(i => !i.Revoked).ToList();
        var pool = live.Count > 0 ? live : identities;
        var chosen = pool.Where(i => i.Signature.GetHashedSubPackets()?.IsPrimaryUserId() == true)
            .OrderByDescending(i => i.Signature.CreationTime)
            .Select(i => ((string, PgpSignature)?)(i.UserId, i.Signature))
            .FirstOrDefault() ?? (pool[0].UserId, pool[0].Signature);
        return chosen;
    }

    private static bool IsUserIdCertification(int type) =>
        type is PgpSignature.DefaultCertification or PgpSignature.NoCertification or PgpSignature.CasualCertification or PgpSignature.PositiveCertification;

    private static bool HasValidRevocation(PgpPublicKey primary, PgpPublicKey key, int type) =>
        key.GetSignaturesOfType(type).Any(sig => sig.KeyId == primary.KeyId
            && Verifies(sig, primary, s => ReferenceEquals(primary, key) ? s.VerifyCertification(primary) : s.VerifyCertification(primary, key)));

    private static DateTimeOffset? ExpiryOf(PgpSignature selfSignature, DateTimeOffset created)
    {
        var seconds = selfSignature.GetHashedSubPackets()?.GetKeyExpirationTime() ?? 0;
        return seconds > 0 ? created.AddSeconds(seconds) : null;
    }

    private static PgpSignature? Latest(IEnumerable<PgpSignature> signatures) =>
        signatures.OrderByDescending(sig => sig.CreationTime).FirstOrDefault();

    /// <summary>Checks one self-signature; a weak hash or damaged packet counts as not valid, never as an exception.</summary>
    private static bool Verifies(PgpSignature signature, PgpPublicKey signer, Func<PgpSignature, bool> check)
    {
        if (!OpenPgpHashes.IsAccepted(signature.HashAlgorithm))
        {
            return false;
        }

        try
        {
            signature.InitVerify(signer);
            return check(signature);
        }
        catch (Exception ex) when (OpenPgpFailures.IsParseFailure(ex))
        {
            return false;
        }
    }

    private static void CheckKeyMaterial(PgpPublicKey key, string keyId)
    {
        switch (key.PublicKeyPacket.Key)
        {
            case RsaPublicBcpgKey rsa when rsa.Modulus.BitLength > OpenPgpLimits.MaxRsaModulusBits || rsa.PublicExponent.BitLength > OpenPgpLimits.MaxRsaExponentBits:
                throw new FormatException($"key {keyId} is an RSA key of {rsa.Modulus.BitLength} bits with a {rsa.PublicExponent.BitLength}-bit exponent, beyond what real keys use");
            case DsaPublicBcpgKey dsa when dsa.P.BitLength > OpenPgpLimits.MaxDsaPrimeBits:
                throw new FormatException($"key {keyId} is a DSA key of {dsa.P.BitLength} bits, beyond what real keys use");
            default:
                break;
        }
    }
}
