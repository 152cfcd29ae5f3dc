using OpenTofuOci.Core.Errors;

namespace OpenTofuOci.Core.Packages;

/// <summary>
/// A package checksum <c>scheme:value</c> as written in <c>.terraform.lock.hcl</c>
/// (docs/opentofu-compatibility.md §2.2). Like OpenTofu's <c>ParseHash</c>, any scheme is accepted and kept,
/// so a lock file written by a newer tool round-trips; only <c>h1:</c> and <c>zh:</c> can ever match.
/// </summary>
public readonly record struct PackageHash
{
    /// <summary>The Go module dirhash "Hash1" scheme (<see cref="DirHash"/>).</summary>
    public const string H1Scheme = "h1";

    /// <summary>The SHA-256-of-the-zip-file scheme (<see cref="ZipHash"/>).</summary>
    public const string ZipHashScheme = "zh";

    private PackageHash(string scheme, string value)
    {
        Scheme = scheme;
        Value = value;
    }

    /// <summary>The part before the first colon, e.g. <c>h1</c>.</summary>
    public string Scheme { get; }

    /// <summary>The part after the first colon.</summary>
    public string Value { get; }

    /// <summary>True for the schemes OpenTofu can verify (<c>h1</c>, <c>zh</c>).</summary>
    public bool IsSupported => Scheme is H1Scheme or ZipHashScheme;

    /// <summary>The <c>h1:</c> hash of a package with no files.</summary>
    public static PackageHash EmptyH1 { get; } = new(H1Scheme, "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");

    /// <summary>Builds a hash from its parts; the scheme must be non-empty and contain no colon.</summary>
    public static PackageHash Create(string scheme, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(scheme);
        ArgumentNullException.ThrowIfNull(value);
        if (scheme.Contains(':', StringComparison.Ordinal))
        {
            throw new ArgumentException("A hash scheme cannot contain a colon.", nameof(scheme));
        }

        return new PackageHash(scheme, value);
    }

    /// <summary>Parses <c>scheme:value</c>; throws <see cref="TofuOciException"/> with
    /// <see cref="ErrorIds.InvalidPackageHash"/> when there is no scheme.</summary>
    public static PackageHash Parse(string text)
    {
        if (TryParse(text, out var hash))
        {
            return hash;
        }

        throw new TofuOciException(ErrorIds.InvalidPackageHash, ErrorKind.InvalidArgument,
            $"Package hash \"{text}\" is not valid: a hash string must start with a scheme keyword followed by a colon, such as h1: or zh:.",
            text);
    }

    /// <summary>Parses without throwing. Only requires a colon at index 1 or later, like Go's <c>ParseHash</c>.</summary>
    public static bool TryParse(string? text, out PackageHash hash)
    {
        hash = default;
        var colon = text?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        if (colon < 1)
        {
            return false;
        }

        hash = new PackageHash(text![..colon], text[(colon + 1)..]);
        return true;
    }

    /// <summary>The supported hashes of <paramref name="hashes"/>, in input order (Go's <c>PreferredHashes</c>).</summary>
    public static IReadOnlyList<PackageHash> Preferred(IEnumerable<PackageHash> hashes)
    {
        ArgumentNullException.ThrowIfNull(hashes);
        return hashes.Where(h => h.IsSupported).ToList();
    }

    /// <summary>True when both are the same supported hash; an unknown scheme never matches, not even itself.</summary>
    public bool Matches(PackageHash other) => IsSupported && Equals(other);

    public override string ToString() => Scheme is null ? string.Empty : $"{Scheme}:{Value}";
}
