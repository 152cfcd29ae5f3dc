using System.Text;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Signing;
using static OpenTofuOci.Core.Tests.Signing.SigningKeysFixture;

namespace OpenTofuOci.Core.Tests.Signing;

/// <summary>
/// Detached signatures made by the real gpg, checked by <see cref="DetachedSignature"/>; key ids,
/// fingerprints and signature times are compared with what gpg itself reports
/// (docs/opentofu-compatibility.md §9.5).
/// </summary>
public sealed class DetachedSignatureTests(SigningKeysFixture keys) : IClassFixture<SigningKeysFixture>
{
    private const string Subject = "https://releases.example.test/hello/1.0.0/terraform-provider-hello_1.0.0_SHA256SUMS";

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_signature_by_an_RSA_key_verifies_armored_or_binary_and_names_the_key_as_gpg_does(bool armor)
    {
        var signature = keys.Gpg.DetachSign(keys.Rsa, Data, armor);
        var gpg = keys.Gpg.Verify(Data, signature)!;

        var result = DetachedSignature.Verify(Data, signature, Ring(keys.Rsa), Subject);

        Assert.Equal(armor, signature.AsSpan().StartsWith("-----BEGIN PGP SIGNATURE-----"u8));
        Assert.Equal(keys.Rsa.KeyId, result.Signer.KeyId);
        Assert.Equal(keys.Rsa.Fingerprint, result.Signer.Fingerprint);
        Assert.Equal(keys.Rsa.UserId, result.Signer.UserId);
        Assert.Equal(keys.Rsa.KeyId, result.SigningKeyId);
        Assert.Equal(gpg.SigningFingerprint, keys.Rsa.Fingerprint);
        Assert.Equal(gpg.SignedAt, result.SignedAt);
    }

    [Theory]
    [InlineData("SHA256")]
    [InlineData("SHA384")]
    [InlineData("SHA512")]
    [InlineData("SHA1")]
    public void An_Ed25519_signature_verifies_with_each_accepted_hash(string digest)
    {
        var signature = keys.Gpg.DetachSign(keys.Ed, Data, digest: digest);

        var result = DetachedSignature.Verify(Data, signature, Ring(keys.Ed), Subject);

        Assert.Equal(keys.Ed.KeyId, result.SigningKeyId);
        Assert.Equal(keys.Gpg.Verify(Data, signature)!.SignedAt, result.SignedAt);
    }

    [Fact]
    public void A_text_mode_signature_verifies_over_the_same_bytes()
    {
        var signature = keys.Gpg.DetachSign(keys.Ed, Data, textMode: true);

        Assert.Equal(keys.Ed.KeyId, DetachedSignature.Verify(Data, signature, Ring(keys.Ed), Subject).SigningKeyId);
    }

    [Fact]
    public void A_subkey_signature_names_the_primary_key_as_signer_and_the_subkey_as_signing_key()
    {
        var signature = keys.Gpg.DetachSign(keys.Subkey, Data);
        var gpg = keys.Gpg.Verify(Data, signature)!;

        var result = DetachedSignature.Verify(Data, signature, Ring(keys.WithSubkey), Subject);

        Assert.Equal(keys.WithSubkey.KeyId, result.Signer.KeyId);
        Assert.Equal(keys.Subkey.KeyId, result.SigningKeyId);
        Assert.Equal(gpg.SigningFingerprint[^16..], result.SigningKeyId);
        Assert.Equal(gpg.PrimaryFingerprint, result.Signer.Fingerprint);
        Assert.NotEqual(result.Signer.KeyId, result.SigningKeyId);
    }

    [Fact]
    public void A_signature_by_a_key_that_has_since_expired_is_refused_with_SigningKeyExpired()
    {
        var now = new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

        var ex = Assert.Throws<TofuOciException>(() => DetachedSignature.Verify(Data, keys.ExpiredSignature, Ring(keys.Expired), Subject, now));

        Assert.Equal(ErrorIds.SigningKeyExpired, ex.ErrorId);
        Assert.Equal(
            $"The signature for {Subject} was made by key {keys.Expired.KeyId} ({keys.Expired.UserId}), which expired on 2020-01-02 00:00:00 UTC and it is now 2026-06-01 00:00:00 UTC. " +
            "Ask the publisher for the key with its expiry extended, or for a release signed with a current key.", ex.Message);
        Assert.Equal(Subject, ex.Target);
    }

    [Fact]
    public void The_same_signature_checked_while_the_key_was_valid_verifies()
    {
        var result = DetachedSignature.Verify(Data, keys.ExpiredSignature, Ring(keys.Expired), Subject, ExpiredCreated.AddHours(18));

        Assert.Equal(ExpiredCreated.AddHours(12), result.SignedAt);
        Assert.Equal(ExpiredCreated.AddDays(1), result.Signer.Expires);
    }

    [Fact]
    public void A_signature_by_a_revoked_key_is_refused_with_SigningKeyRevoked()
    {
        var ex = Assert.Throws<TofuOciException>(() => DetachedSignature.Verify(Data, keys.RevokedSignature, Ring(keys.Revoked), Subject));

        Assert.Equal(ErrorIds.SigningKeyRevoked, ex.ErrorId);
        Assert.Equal(
            $"The signature for {Subject} was made by key {keys.Revoked.KeyId} ({keys.Revoked.UserId}), which its owner has revoked. " +
            "A revoked key may be compromised: do not use this release, and ask the publisher for one signed with a current key.", ex.Message);
    }

    [Fact]
    public void A_signature_by_a_revoked_subkey_is_refused_with_SigningKeyRevoked()
    {
        var ex = Assert.Throws<TofuOciException>(() => DetachedSignature.Verify(Data, keys.RevokedSubkeySignature, Ring(keys.RevokedSubkeyOwner), Subject));

        Assert.Equal(ErrorIds.SigningKeyRevoked, ex.ErrorId);
        Assert.StartsWith(
            $"The signature for {Subject} was made by subkey {keys.RevokedSubkey.KeyId} of key {keys.RevokedSubkeyOwner.KeyId} ({keys.RevokedSubkeyOwner.UserId}), which its owner has revoked as a subkey. ",
            ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_signature_by_a_key_outside_the_ring_is_refused_with_SigningKeyUnknown_naming_both()
    {
        var signature = keys.Gpg.DetachSign(keys.Stranger, Data);

        var ex = Assert.Throws<TofuOciException>(() => DetachedSignature.Verify(Data, signature, Ring(keys.Rsa, keys.Ed), Subject));

        Assert.Equal(ErrorIds.SigningKeyUnknown, ex.ErrorId);
        Assert.Equal(
            $"The signature for {Subject} was made by key {keys.Stranger.KeyId}, which is not one of the keys trusted for it ({keys.Rsa.KeyId}, {keys.Ed.KeyId}). " +
            "The release may not come from its publisher: check which keys you trust for this publisher before using it.", ex.Message);
    }

    [Fact]
    public void A_signature_over_other_bytes_is_refused_with_SignatureInvalid()
    {
        var signature = keys.Gpg.DetachSign(keys.Rsa, Data);
        var other = Encoding.ASCII.GetBytes(Encoding.ASCII.GetString(Data).Replace("0f1e", "0f1f", StringComparison.Ordinal));

        var ex = Assert.Throws<TofuOciException>(() => DetachedSignature.Verify(other, signature, Ring(keys.Rsa), Subject));

        Assert.Null(keys.Gpg.Verify(other, signature));
        Assert.Equal(ErrorIds.SignatureInvalid, ex.ErrorId);
        Assert.Equal(
            $"The signature for {Subject} by key {keys.Rsa.KeyId} ({keys.Rsa.UserId}) does not match the signed data: the data was changed, or the signature is for other data. " +
            "Do not use this release; fetch it again from its publisher.", ex.Message);
    }

    [Fact]
    public void A_signature_whose_hash_is_MD5_is_refused_with_SignatureInvalid_before_it_is_checked()
    {
        var signature = keys.Gpg.DetachSign(keys.Ed, Data, armor: false);
        // Version 4 signature body: version, type, public-key algorithm, hash algorithm (1 = MD5).
        signature[OpenPgpPackets.BodyOffset(signature) + 3] = 1;

        var ex = Assert.Throws<TofuOciException>(() => DetachedSignature.Verify(Data, signature, Ring(keys.Ed), Subject));

        Assert.Equal(ErrorIds.SignatureInvalid, ex.ErrorId);
        Assert.Equal(
            $"The signature for {Subject} by key {keys.Ed.KeyId} ({keys.Ed.UserId}) uses the hash MD5, which is too weak to trust. Ask the publisher to sign with SHA-256 or stronger.",
            ex.Message);
    }

    [Fact]
    public void An_armored_signature_cut_short_is_refused_with_SignatureMalformed()
    {
        var signature = keys.Gpg.DetachSign(keys.Rsa, Data);
        var cut = signature[..(signature.Length / 2)];

        var ex = Assert.Throws<TofuOciException>(() => DetachedSignature.Verify(Data, cut, Ring(keys.Rsa), Subject));

        Assert.Equal(ErrorIds.SignatureMalformed, ex.ErrorId);
        Assert.Equal(
            $"The OpenPGP signature for {Subject} cannot be read: the armored SIGNATURE block has no END line (the text is truncated). " +
            "Check that it is the release's detached signature, complete and unmodified.", ex.Message);
    }

    [Fact]
    public void An_armored_signature_with_a_changed_letter_fails_its_checksum_with_SignatureMalformed()
    {
        var text = Encoding.ASCII.GetString(keys.Gpg.DetachSign(keys.Rsa, Data));
        var lines = text.Split('\n');
        var body = Array.FindIndex(lines, l => l.Length == 64);
        var changed = lines[body].ToCharArray();
        changed[10] = changed[10] == 'A' ? 'B' : 'A';
        lines[body] = new string(changed);

        var ex = Assert.Throws<TofuOciException>(() => DetachedSignature.Verify(Data, Encoding.ASCII.GetBytes(string.Join('\n', lines)), Ring(keys.Rsa), Subject));

        Assert.Equal(ErrorIds.SignatureMalformed, ex.ErrorId);
        Assert.Contains("cannot be read: the armored SIGNATURE block does not match its checksum (the text is damaged).", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_binary_signature_cut_short_is_refused_with_SignatureMalformed()
    {
        var signature = keys.Gpg.DetachSign(keys.Rsa, Data, armor: false);

        var ex = Assert.Throws<TofuOciException>(() => DetachedSignature.Verify(Data, signature.AsSpan(0, 40), Ring(keys.Rsa), Subject));

        Assert.Equal(ErrorIds.SignatureMalformed, ex.ErrorId);
        Assert.StartsWith($"The OpenPGP signature for {Subject} cannot be read: ", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "it is empty")]
    [InlineData("<html>not found</html>", "it is neither an armored signature nor binary OpenPGP")]
    public void Bytes_that_are_not_OpenPGP_are_refused_with_SignatureMalformed(string text, string reason)
    {
        var ex = Assert.Throws<TofuOciException>(() => DetachedSignature.Verify(Data, Encoding.ASCII.GetBytes(text), Ring(keys.Rsa), Subject));

        Assert.Equal(ErrorIds.SignatureMalformed, ex.ErrorId);
        Assert.Equal($"The OpenPGP signature for {Subject} cannot be read: {reason}. Check that it is the release's detached signature, complete and unmodified.", ex.Message);
    }

    [Fact]
    public void A_public_key_given_as_the_signature_is_refused_with_SignatureMalformed()
    {
        var ex = Assert.Throws<TofuOciException>(() => DetachedSignature.Verify(Data, keys.PublicKey(keys.Rsa), Ring(keys.Rsa), Subject));

        Assert.Equal(ErrorIds.SignatureMalformed, ex.ErrorId);
        Assert.Contains("cannot be read: it holds an armored PUBLIC KEY BLOCK block where a SIGNATURE was expected.", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_signature_larger_than_64_KiB_is_refused_before_it_is_read()
    {
        var huge = new byte[(64 * 1024) + 1];
        huge[0] = 0x89;

        var ex = Assert.Throws<TofuOciException>(() => DetachedSignature.Verify(Data, huge, Ring(keys.Rsa), Subject));

        Assert.Equal(ErrorIds.SignatureMalformed, ex.ErrorId);
        Assert.Equal($"The OpenPGP signature for {Subject} cannot be read: it is 65537 bytes, more than the 64 KiB a signature may be. " +
            "Check that it is the release's detached signature, complete and unmodified.", ex.Message);
    }

    [Fact]
    public void Many_signatures_in_one_file_are_refused_with_SignatureMalformed()
    {
        var one = keys.Gpg.DetachSign(keys.Stranger, Data, armor: false);
        var many = Enumerable.Repeat(one, 17).SelectMany(b => b).ToArray();

        var ex = Assert.Throws<TofuOciException>(() => DetachedSignature.Verify(Data, many, Ring(keys.Rsa), Subject));

        Assert.Equal(ErrorIds.SignatureMalformed, ex.ErrorId);
        Assert.Contains("cannot be read: it holds more than 16 signatures.", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_second_signature_by_a_trusted_key_is_found_after_a_strangers_signature()
    {
        var both = keys.Gpg.DetachSign(keys.Stranger, Data, armor: false).Concat(keys.Gpg.DetachSign(keys.Ed, Data, armor: false)).ToArray();

        Assert.Equal(keys.Ed.KeyId, DetachedSignature.Verify(Data, both, Ring(keys.Ed), Subject).SigningKeyId);
    }

    [Fact]
    public void A_subkey_without_a_valid_binding_signature_cannot_sign_and_gives_SigningKeyUnknown()
    {
        // The subkey (with its binding by its real owner) spliced onto another primary key: the binding
        // does not verify for that primary key, so the subkey is not that key's.
        var owner = Org.BouncyCastle.Bcpg.OpenPgp.PgpPublicKeyRing.InsertPublicKey(
            new Org.BouncyCastle.Bcpg.OpenPgp.PgpPublicKeyRing(keys.Gpg.ExportPublicKeyBinary(keys.Ed)),
            new Org.BouncyCastle.Bcpg.OpenPgp.PgpPublicKeyRing(keys.Gpg.ExportPublicKeyBinary(keys.WithSubkey)).GetPublicKey(Convert.ToInt64(keys.Subkey.KeyId, 16)));
        var ring = OpenPgpKeyRing.Parse(owner.GetEncoded(), "spliced key");
        var signature = keys.Gpg.DetachSign(keys.Subkey, Data);

        var ex = Assert.Throws<TofuOciException>(() => DetachedSignature.Verify(Data, signature, ring, Subject));

        Assert.Equal(ErrorIds.SigningKeyUnknown, ex.ErrorId);
        Assert.StartsWith(
            $"The signature for {Subject} was made by subkey {keys.Subkey.KeyId} of key {keys.Ed.KeyId} ({keys.Ed.UserId}), which has no valid binding signature from its primary key, so it cannot vouch for anything. ",
            ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_ring_trusts_no_signature()
    {
        var signature = keys.Gpg.DetachSign(keys.Rsa, Data);

        var ex = Assert.Throws<TofuOciException>(() => DetachedSignature.Verify(Data, signature, OpenPgpKeyRing.Empty, Subject));

        Assert.Equal(ErrorIds.SigningKeyUnknown, ex.ErrorId);
        Assert.Contains($"was made by key {keys.Rsa.KeyId}, which is not one of the keys trusted for it (none).", ex.Message, StringComparison.Ordinal);
    }

    private OpenPgpKeyRing Ring(params TestFixtures.Gpg.GpgKey[] owners) =>
        OpenPgpKeyRing.Parse(owners.SelectMany(k => keys.PublicKey(k)).ToArray(), "registry keys");
}
