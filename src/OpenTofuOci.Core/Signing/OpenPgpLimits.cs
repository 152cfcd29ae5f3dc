namespace OpenTofuOci.Core.Signing;

/// <summary>
/// Bounds on what a key file or signature may hold before any of it is parsed. Keys and signatures
/// come from registries and mirrors we do not control; real ones are a few kilobytes, so anything far
/// larger is refused rather than read (docs/opentofu-compatibility.md §9.5).
/// </summary>
internal static class OpenPgpLimits
{
    /// <summary>A key file or a registry's public keys: 1 MiB.</summary>
    public const int MaxKeyBytes = 1024 * 1024;

    /// <summary>A detached signature: 64 KiB.</summary>
    public const int MaxSignatureBytes = 64 * 1024;

    /// <summary>Primary keys in one key file or one registry answer.</summary>
    public const int MaxKeys = 100;

    /// <summary>Signature packets in one detached signature (one per signer; real files have one or two).</summary>
    public const int MaxSignatures = 16;

    /// <summary>RSA moduli above this are refused: verifying with them costs time, and no real key is that large.</summary>
    public const int MaxRsaModulusBits = 16384;

    /// <summary>RSA public exponents above this are refused (a huge exponent makes each check slow; real ones are 65537).</summary>
    public const int MaxRsaExponentBits = 64;

    /// <summary>DSA primes above this are refused, for the same reason.</summary>
    public const int MaxDsaPrimeBits = 4096;

    /// <summary>How a size is written in messages.</summary>
    public static string Describe(int bytes) => bytes >= 1024 * 1024 ? $"{bytes / (1024 * 1024)} MiB" : $"{bytes / 1024} KiB";
}
