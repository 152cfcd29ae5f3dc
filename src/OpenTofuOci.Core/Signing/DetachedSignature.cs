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
    public static SignatureVerification Verify(ReadOnlySpan<byte> signedData, ReadOnlySpan<byte> signature, OpenPgpKeyRing keys, string subject, DateTimeOffset? now = null) =>
        throw new NotImplementedException(subject + signedData.Length + signature.Length + keys + now);
}

/// <summary>A good signature.</summary>
/// <param name="Signer">The key (primary key) that made it; a subkey signature names its primary key.</param>
/// <param name="SigningKeyId">The id of the (sub)key that actually signed, 16 upper-case hex digits.</param>
/// <param name="SignedAt">The signature's creation time.</param>
public sealed record SignatureVerification(OpenPgpKeyInfo Signer, string SigningKeyId, DateTimeOffset SignedAt);
