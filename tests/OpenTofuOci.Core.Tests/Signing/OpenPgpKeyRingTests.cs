using System.Globalization;
using System.Text;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Signing;
using OpenTofuOci.TestFixtures.Gpg;

namespace OpenTofuOci.Core.Tests.Signing;

/// <summary>Public keys exported by the real gpg, read by <see cref="OpenPgpKeyRing"/> (docs/opentofu-compatibility.md §9.5).</summary>
public sealed class OpenPgpKeyRingTests(SigningKeysFixture keys) : IClassFixture<SigningKeysFixture>
{
    private const string Source = "https://registry.example.test/v1/providers/example/hello/1.0.0/download/linux/amd64";

    [Theory]
    [InlineData(nameof(SigningKeysFixture.Rsa))]
    [InlineData(nameof(SigningKeysFixture.Expired))]
    public void A_key_reads_with_the_id_fingerprint_user_id_and_dates_gpg_lists(string which)
    {
        var key = Key(which);
        var listed = keys.Gpg.Run(["--with-colons", "--list-keys", key.Fingerprint]);
        var pub = Encoding.UTF8.GetString(listed).Split('\n').Single(l => l.StartsWith("pub:", StringComparison.Ordinal)).Split(':');

        var info = Assert.Single(OpenPgpKeyRing.Parse(keys.PublicKey(key), Source).Keys);

        Assert.Equal(pub[4], info.KeyId);
        Assert.Equal(key.Fingerprint, info.Fingerprint);
        Assert.Equal(key.UserId, info.UserId);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(long.Parse(pub[5], CultureInfo.InvariantCulture)), info.Created);
        Assert.Equal(pub[6].Length == 0 ? null : DateTimeOffset.FromUnixTimeSeconds(long.Parse(pub[6], CultureInfo.InvariantCulture)), info.Expires);
        Assert.False(info.Revoked);
    }

    [Fact]
    public void A_revoked_key_reads_as_revoked()
    {
        Assert.True(Assert.Single(OpenPgpKeyRing.Parse(keys.PublicKey(keys.Revoked), Source).Keys).Revoked);
    }

    [Fact]
    public void A_key_file_with_several_armored_keys_and_text_between_holds_each_in_order()
    {
        var file = Encoding.ASCII.GetBytes("Our release keys:\n\n" + keys.Gpg.ExportPublicKey(keys.Rsa) + "\nand the older one:\n" + keys.Gpg.ExportPublicKey(keys.Ed));

        var ring = OpenPgpKeyRing.Parse(file, Source);

        Assert.Equal([keys.Rsa.KeyId, keys.Ed.KeyId], ring.Keys.Select(k => k.KeyId));
    }

    [Fact]
    public void A_binary_key_file_with_several_keys_holds_each_in_order()
    {
        var file = keys.Gpg.ExportPublicKeyBinary(keys.Ed).Concat(keys.Gpg.ExportPublicKeyBinary(keys.WithSubkey)).ToArray();

        var ring = OpenPgpKeyRing.Parse(file, Source);

        Assert.Equal([keys.Ed.Fingerprint, keys.WithSubkey.Fingerprint], ring.Keys.Select(k => k.Fingerprint));
    }

    [Fact]
    public void Combine_keeps_each_key_once_in_first_seen_order()
    {
        var first = OpenPgpKeyRing.Parse(keys.PublicKey(keys.Ed), "registry");
        var second = OpenPgpKeyRing.Parse(keys.PublicKey(keys.Rsa).Concat(keys.PublicKey(keys.Ed)).ToArray(), "trusted file");

        var combined = OpenPgpKeyRing.Combine([first, second, OpenPgpKeyRing.Empty]);

        Assert.Equal([keys.Ed.KeyId, keys.Rsa.KeyId], combined.Keys.Select(k => k.KeyId));
        Assert.True(OpenPgpKeyRing.Combine([]).IsEmpty);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Combine_keeps_a_revocation_that_only_one_copy_of_a_key_carries(bool revokedFirst)
    {
        var before = OpenPgpKeyRing.Parse(Encoding.ASCII.GetBytes(keys.RevokedBeforeRevocation), "registry");
        var after = OpenPgpKeyRing.Parse(keys.PublicKey(keys.Revoked), "trusted file");
        Assert.False(before.Keys[0].Revoked);

        var combined = OpenPgpKeyRing.Combine(revokedFirst ? [after, before] : [before, after]);

        Assert.True(Assert.Single(combined.Keys).Revoked);
        var ex = Assert.Throws<TofuOciException>(() => DetachedSignature.Verify(SigningKeysFixture.Data, keys.RevokedSignature, combined, "SHA256SUMS"));
        Assert.Equal(ErrorIds.SigningKeyRevoked, ex.ErrorId);
    }

    [Fact]
    public void The_armored_export_is_the_key_itself_as_gpg_imports_it()
    {
        var info = Assert.Single(OpenPgpKeyRing.Parse(keys.Gpg.ExportPublicKeyBinary(keys.WithSubkey), Source).Keys);
        using var other = GpgHome.Create();

        other.Run(["--import"], Encoding.ASCII.GetBytes(info.Armored));

        Assert.StartsWith("-----BEGIN PGP PUBLIC KEY BLOCK-----\n\n", info.Armored, StringComparison.Ordinal);
        Assert.EndsWith("\n-----END PGP PUBLIC KEY BLOCK-----\n", info.Armored, StringComparison.Ordinal);
        Assert.Equal([keys.WithSubkey.Fingerprint, keys.Subkey.Fingerprint], other.Fingerprints(keys.WithSubkey.Fingerprint));
        Assert.Equal(info.Fingerprint, Assert.Single(OpenPgpKeyRing.Parse(Encoding.ASCII.GetBytes(info.Armored), "export").Keys).Fingerprint);
    }

    [Fact]
    public void An_armored_key_cut_short_is_refused_with_InvalidSigningKey()
    {
        var key = keys.PublicKey(keys.Rsa);

        var ex = Assert.Throws<TofuOciException>(() => OpenPgpKeyRing.Parse(key.AsSpan(0, key.Length - 40), Source));

        Assert.Equal(ErrorIds.InvalidSigningKey, ex.ErrorId);
        Assert.Equal(
            $"The OpenPGP public keys from {Source} cannot be used: the armored PUBLIC KEY BLOCK block has no END line (the text is truncated). " +
            "Give the publisher's public key, complete and unmodified, as gpg exports it (armored or binary).", ex.Message);
        Assert.Equal(Source, ex.Target);
    }

    [Fact]
    public void A_binary_key_cut_short_is_refused_with_InvalidSigningKey()
    {
        var key = keys.Gpg.ExportPublicKeyBinary(keys.Rsa);

        var ex = Assert.Throws<TofuOciException>(() => OpenPgpKeyRing.Parse(key.AsSpan(0, 100), Source));

        Assert.Equal(ErrorIds.InvalidSigningKey, ex.ErrorId);
        Assert.StartsWith($"The OpenPGP public keys from {Source} cannot be used: ", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "it is empty")]
    [InlineData("{\"errors\":[\"not found\"]}", "it is neither an armored public key nor binary OpenPGP")]
    [InlineData("-----BEGIN PGP PUBLIC KEY BLOCK-----\n\n-----END PGP PUBLIC KEY BLOCK-----\n", "it holds no OpenPGP public key")]
    public void Bytes_that_hold_no_key_are_refused_with_InvalidSigningKey(string text, string reason)
    {
        var ex = Assert.Throws<TofuOciException>(() => OpenPgpKeyRing.Parse(Encoding.ASCII.GetBytes(text), Source));

        Assert.Equal(ErrorIds.InvalidSigningKey, ex.ErrorId);
        Assert.Equal($"The OpenPGP public keys from {Source} cannot be used: {reason}. Give the publisher's public key, complete and unmodified, as gpg exports it (armored or binary).", ex.Message);
    }

    [Fact]
    public void A_signature_given_as_a_key_is_refused_with_InvalidSigningKey()
    {
        var ex = Assert.Throws<TofuOciException>(() => OpenPgpKeyRing.Parse(keys.Gpg.DetachSign(keys.Rsa, SigningKeysFixture.Data), Source));

        Assert.Equal(ErrorIds.InvalidSigningKey, ex.ErrorId);
        Assert.Contains("cannot be used: it holds an armored SIGNATURE block where a PUBLIC KEY BLOCK was expected.", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_secret_key_is_refused_with_InvalidSigningKey()
    {
        var secret = keys.Gpg.Run(["--passphrase", "", "--export-secret-keys", keys.Ed.Fingerprint]);

        var ex = Assert.Throws<TofuOciException>(() => OpenPgpKeyRing.Parse(secret, Source));

        Assert.Equal(ErrorIds.InvalidSigningKey, ex.ErrorId);
        Assert.Contains("cannot be used: it holds a secret key, which must never be shared; give the public key only.", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Keys_larger_than_1_MiB_are_refused_before_they_are_read()
    {
        var huge = Encoding.ASCII.GetBytes(new string('A', (1024 * 1024) + 1));

        var ex = Assert.Throws<TofuOciException>(() => OpenPgpKeyRing.Parse(huge, Source));

        Assert.Equal(ErrorIds.InvalidSigningKey, ex.ErrorId);
        Assert.Equal($"The OpenPGP public keys from {Source} cannot be used: it is 1048577 bytes, more than the 1 MiB a key file may be. " +
            "Give the publisher's public key, complete and unmodified, as gpg exports it (armored or binary).", ex.Message);
    }

    [Fact]
    public void More_than_100_keys_in_one_file_are_refused_with_InvalidSigningKey()
    {
        var one = keys.Gpg.ExportPublicKeyBinary(keys.Ed);
        var many = Enumerable.Repeat(one, 101).SelectMany(b => b).ToArray();

        var ex = Assert.Throws<TofuOciException>(() => OpenPgpKeyRing.Parse(many, Source));

        Assert.Equal(ErrorIds.InvalidSigningKey, ex.ErrorId);
        Assert.Contains("cannot be used: it holds more than 100 keys.", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_reads_a_key_file_and_names_a_missing_one_with_NotFound()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("release-key.asc");
        File.WriteAllBytes(path, keys.PublicKey(keys.Rsa));

        Assert.Equal(keys.Rsa.KeyId, Assert.Single(OpenPgpKeyRing.Load(path).Keys).KeyId);
        var ex = Assert.Throws<TofuOciException>(() => OpenPgpKeyRing.Load(dir.Combine("absent.asc")));
        Assert.Equal(ErrorIds.NotFound, ex.ErrorId);
        Assert.Equal($"The key file {dir.Combine("absent.asc")} does not exist. Give the path of an OpenPGP public key file (armored or binary).", ex.Message);
    }

    [Fact]
    public void Load_refuses_a_key_file_larger_than_1_MiB_without_reading_it()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("huge.asc");
        File.WriteAllBytes(path, new byte[(2 * 1024 * 1024) + 5]);

        var ex = Assert.Throws<TofuOciException>(() => OpenPgpKeyRing.Load(path));

        Assert.Equal(ErrorIds.InvalidSigningKey, ex.ErrorId);
        Assert.Contains("cannot be used: it is 2097157 bytes, more than the 1 MiB a key file may be.", ex.Message, StringComparison.Ordinal);
    }

    private GpgKey Key(string name) => name switch
    {
        nameof(SigningKeysFixture.Rsa) => keys.Rsa,
        nameof(SigningKeysFixture.Expired) => keys.Expired,
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };
}
