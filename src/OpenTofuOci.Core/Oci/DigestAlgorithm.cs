using System.Security.Cryptography;

namespace OpenTofuOci.Core.Oci;

/// <summary>
/// The digest algorithms registered in go-digest (docs/opentofu-compatibility.md §4.4):
/// sha256, sha384 and sha512, each with lowercase hex of a fixed length.
/// </summary>
public sealed class DigestAlgorithm
{
    public static readonly DigestAlgorithm Sha256 = new("sha256", HashAlgorithmName.SHA256, 64);
    public static readonly DigestAlgorithm Sha384 = new("sha384", HashAlgorithmName.SHA384, 96);
    public static readonly DigestAlgorithm Sha512 = new("sha512", HashAlgorithmName.SHA512, 128);

    private DigestAlgorithm(string name, HashAlgorithmName hash, int hexLength)
    {
        Name = name;
        HashName = hash;
        HexLength = hexLength;
    }

    /// <summary>Name as written before the colon.</summary>
    public string Name { get; }

    /// <summary>The BCL hash algorithm.</summary>
    public HashAlgorithmName HashName { get; }

    /// <summary>Exact number of lowercase hex characters of an encoded value.</summary>
    public int HexLength { get; }

    /// <summary>Finds a registered algorithm by its exact name.</summary>
    public static DigestAlgorithm? Find(string name) => name switch
    {
        "sha256" => Sha256,
        "sha384" => Sha384,
        "sha512" => Sha512,
        _ => null,
    };

    /// <summary>Starts an incremental hash for streaming.</summary>
    public IncrementalHash CreateHash() => IncrementalHash.CreateHash(HashName);

    public override string ToString() => Name;
}
