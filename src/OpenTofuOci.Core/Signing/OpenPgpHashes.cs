using Org.BouncyCastle.Bcpg;

namespace OpenTofuOci.Core.Signing;

/// <summary>
/// The hash algorithms a signature may use. OpenTofu's verifier (go-crypto's
/// <c>CheckDetachedSignature</c> with no configuration) takes SHA-1 and the SHA-2 family; MD5 and
/// RIPEMD-160 are refused here even where go-crypto would read them (docs/opentofu-compatibility.md §9.5).
/// </summary>
internal static class OpenPgpHashes
{
    public static bool IsAccepted(HashAlgorithmTag hash) =>
        hash is HashAlgorithmTag.Sha1 or HashAlgorithmTag.Sha224 or HashAlgorithmTag.Sha256 or HashAlgorithmTag.Sha384 or HashAlgorithmTag.Sha512;

    public static string Name(HashAlgorithmTag hash) => hash switch
    {
        HashAlgorithmTag.MD5 => "MD5",
        HashAlgorithmTag.Sha1 => "SHA-1",
        HashAlgorithmTag.RipeMD160 => "RIPEMD-160",
        HashAlgorithmTag.Sha224 => "SHA-224",
        HashAlgorithmTag.Sha256 => "SHA-256",
        HashAlgorithmTag.Sha384 => "SHA-384",
        HashAlgorithmTag.Sha512 => "SHA-512",
        _ => "algorithm " + ((int)hash).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
