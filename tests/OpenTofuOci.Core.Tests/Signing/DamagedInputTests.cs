using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Signing;
using static OpenTofuOci.Core.Tests.Signing.SigningKeysFixture;

namespace OpenTofuOci.Core.Tests.Signing;

/// <summary>
/// Every single-bit change of a real binary key or signature (made by gpg) ends in a typed error or,
/// where the bit does not matter, in the same good result: the parser's own exceptions never escape
/// (docs/opentofu-compatibility.md §9.5).
/// </summary>
public sealed class DamagedInputTests(SigningKeysFixture keys) : IClassFixture<SigningKeysFixture>
{
    private static readonly string[] KeyErrors = [ErrorIds.InvalidSigningKey];

    private static readonly string[] SignatureErrors =
        [ErrorIds.SignatureMalformed, ErrorIds.SignatureInvalid, ErrorIds.SigningKeyUnknown, ErrorIds.SigningKeyExpired, ErrorIds.SigningKeyRevoked];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Each_bit_flip_in_a_binary_key_gives_InvalidSigningKey_or_a_key_that_still_verifies_only_its_own_signatures(bool rsa)
    {
        var owner = rsa ? keys.Rsa : keys.WithSubkey;
        var key = keys.Gpg.ExportPublicKeyBinary(owner);
        var signature = keys.Gpg.DetachSign(owner, Data, armor: false);
        var outcomes = new Dictionary<string, int>(StringComparer.Ordinal);
        // Every bit for the small Ed25519 key; for the RSA key, one bit per byte, varying which.
        var flips = rsa ? Enumerable.Range(0, key.Length).Select(i => (i, i % 8)) : Enumerable.Range(0, key.Length * 8).Select(b => (b / 8, b % 8));
        foreach (var (index, bit) in flips)
        {
            var damaged = (byte[])key.Clone();
            damaged[index] ^= (byte)(1 << bit);
            string outcome;
            try
            {
                var ring = OpenPgpKeyRing.Parse(damaged, "damaged key");
                outcome = DetachedSignature.Verify(Data, signature, ring, "SHA256SUMS").SigningKeyId == owner.KeyId ? "good" : "other";
            }
            catch (TofuOciException ex)
            {
                Assert.True(KeyErrors.Contains(ex.ErrorId) || SignatureErrors.Contains(ex.ErrorId), $"byte {index} bit {bit}: {ex.ErrorId} {ex.Message}");
                outcome = ex.ErrorId;
            }

            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
        }

        Assert.DoesNotContain("other", outcomes.Keys);
        Assert.True(outcomes.GetValueOrDefault(ErrorIds.InvalidSigningKey) > 0, string.Join(", ", outcomes));
    }

    [Fact]
    public void Each_bit_flip_in_a_binary_signature_gives_a_typed_error_or_the_same_good_result()
    {
        var signature = keys.Gpg.DetachSign(keys.Ed, Data, armor: false);
        var ring = OpenPgpKeyRing.Parse(keys.PublicKey(keys.Ed), "registry keys");
        var outcomes = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var b = 0; b < signature.Length * 8; b++)
        {
            var damaged = (byte[])signature.Clone();
            damaged[b / 8] ^= (byte)(1 << (b % 8));
            string outcome;
            try
            {
                outcome = DetachedSignature.Verify(Data, damaged, ring, "SHA256SUMS").SigningKeyId == keys.Ed.KeyId ? "good" : "other";
            }
            catch (TofuOciException ex)
            {
                Assert.True(SignatureErrors.Contains(ex.ErrorId), $"bit {b}: {ex.ErrorId} {ex.Message}");
                outcome = ex.ErrorId;
            }

            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
        }

        Assert.DoesNotContain("other", outcomes.Keys);
        Assert.True(outcomes.GetValueOrDefault(ErrorIds.SignatureInvalid) > 0 && outcomes.GetValueOrDefault(ErrorIds.SignatureMalformed) > 0, string.Join(", ", outcomes));
    }
}
