namespace OpenTofuOci.Core.Signing;

/// <summary>
/// A set of OpenPGP public keys that signatures are checked against: a registry's
/// <c>gpg_public_keys</c>, a trusted-key file, or both combined.
/// See docs/opentofu-compatibility.md §9.5.
/// </summary>
public sealed class OpenPgpKeyRing
{
    private OpenPgpKeyRing(IReadOnlyList<OpenPgpKeyInfo> keys) => Keys = keys;

    /// <summary>The primary keys in the ring, in the order they were read.</summary>
    public IReadOnlyList<OpenPgpKeyInfo> Keys { get; }

    /// <summary>True when the ring holds no key.</summary>
    public bool IsEmpty => Keys.Count == 0;

    /// <summary>An empty ring.</summary>
    public static OpenPgpKeyRing Empty { get; } = new([]);

    /// <summary>
    /// Reads armored (<c>-----BEGIN PGP PUBLIC KEY BLOCK-----</c>) or binary public keys; several
    /// blocks may follow each other. <paramref name="source"/> names where they came from in errors.
    /// Throws <see cref="Errors.ErrorIds.InvalidSigningKey"/> when nothing readable is there.
    /// </summary>
    public static OpenPgpKeyRing Parse(ReadOnlySpan<byte> keys, string source) => throw new NotImplementedException(source + keys.Length);

    /// <summary>Reads a key file (see <see cref="Parse"/>); a missing file is <see cref="Errors.ErrorIds.NotFound"/>.</summary>
    public static OpenPgpKeyRing Load(string path) => throw new NotImplementedException(path);

    /// <summary>All keys of all rings (duplicates by fingerprint kept once).</summary>
    public static OpenPgpKeyRing Combine(IEnumerable<OpenPgpKeyRing> rings) => throw new NotImplementedException(rings.ToString());
}
