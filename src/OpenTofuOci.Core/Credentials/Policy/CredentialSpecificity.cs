using OpenTofuOci.Core.Configuration;

namespace OpenTofuOci.Core.Credentials.Policy;

/// <summary>
/// How specifically a configured key matches a repository (docs/opentofu-compatibility.md §5.4): None 0,
/// Global 1, Domain 2, Repository(n) 2+n where n is the number of path segments of the key.
/// </summary>
public readonly record struct CredentialSpecificity(int Value) : IComparable<CredentialSpecificity>
{
    public static CredentialSpecificity None { get; } = new(0);
    public static CredentialSpecificity Global { get; } = new(1);
    public static CredentialSpecificity Domain { get; } = new(2);

    public static CredentialSpecificity Repository(int segments) => new(2 + segments);

    public int CompareTo(CredentialSpecificity other) => Value.CompareTo(other.Value);

    public static bool operator >(CredentialSpecificity a, CredentialSpecificity b) => a.Value > b.Value;
    public static bool operator <(CredentialSpecificity a, CredentialSpecificity b) => a.Value < b.Value;
    public static bool operator >=(CredentialSpecificity a, CredentialSpecificity b) => a.Value >= b.Value;
    public static bool operator <=(CredentialSpecificity a, CredentialSpecificity b) => a.Value <= b.Value;

    public override string ToString() => Value switch
    {
        0 => "none",
        1 => "global",
        2 => "domain",
        _ => $"repository ({Value - 2} path segment{(Value == 3 ? string.Empty : "s")})",
    };

    /// <summary>
    /// OpenTofu's <c>ContainersAuthPropertyNameMatch</c>: how <paramref name="key"/> (a domain or a
    /// domain/path prefix) matches <paramref name="domain"/> and <paramref name="repository"/>. Domains
    /// compare exactly (case and port matter); keys that are not valid prefixes (e.g. URLs) match nothing.
    /// </summary>
    public static CredentialSpecificity Match(string key, string domain, string repository)
    {
        if (string.IsNullOrEmpty(key))
        {
            return None;
        }

        if (!key.Contains('/', StringComparison.Ordinal))
        {
            return string.Equals(key, domain, StringComparison.Ordinal) ? Domain : None;
        }

        if (!RepositoryAddressPrefix.TryParse(key, out var keyDomain, out var keyPath, out _)
            || !string.Equals(keyDomain, domain, StringComparison.Ordinal))
        {
            return None;
        }

        var want = repository.Split('/');
        var have = keyPath.Split('/');
        if (have.Length > want.Length)
        {
            return None;
        }

        for (var i = 0; i < have.Length; i++)
        {
            if (!string.Equals(have[i], want[i], StringComparison.Ordinal))
            {
                return None;
            }
        }

        return Repository(have.Length);
    }

    /// <summary>True when <paramref name="key"/> would be skipped because it is not a domain or domain/path prefix.</summary>
    public static bool IsUnusableKey(string key) =>
        key.Length > 0 && key.Contains('/', StringComparison.Ordinal) && !RepositoryAddressPrefix.TryParse(key, out _, out _, out _);
}
