using System.Globalization;

namespace OpenTofuOci.Core.Providers;

/// <summary>
/// A provider version as OpenTofu reads it from an OCI tag (docs/opentofu-compatibility.md §1.2): every
/// <c>_</c> in the tag is read as <c>+</c>, then parsed leniently like go-versions (1 to 3 numeric
/// parts, missing parts are 0, leading zeros allowed, optional <c>-prerelease</c> and <c>+metadata</c>).
/// Ordering is semver precedence; build metadata does not take part in it.
/// </summary>
public sealed class ProviderVersion : IComparable<ProviderVersion>, IEquatable<ProviderVersion>
{
    private ProviderVersion(ulong major, ulong minor, ulong patch, string prerelease, string metadata)
    {
        Major = major;
        Minor = minor;
        Patch = patch;
        Prerelease = prerelease;
        Metadata = metadata;
    }

    public ulong Major { get; }
    public ulong Minor { get; }
    public ulong Patch { get; }

    /// <summary>Pre-release part without the leading <c>-</c>, or empty.</summary>
    public string Prerelease { get; }

    /// <summary>Build metadata without the leading <c>+</c>, or empty.</summary>
    public string Metadata { get; }

    /// <summary>
    /// Reads a tag as OpenTofu does. Returns false for tags OpenTofu ignores (<c>latest</c>,
    /// <c>v1.0.0</c>, four parts, two <c>_</c>, …) and for numbers that overflow 64 bits, which make
    /// OpenTofu's Go parser panic; we ignore such tags instead.
    /// </summary>
    public static bool TryParseTag(string tag, out ProviderVersion? version) =>
        TryParse(tag?.Replace('_', '+'), out version);

    /// <summary>Parses a version string in go-versions' lenient grammar.</summary>
    public static bool TryParse(string? text, out ProviderVersion? version)
    {
        version = null;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var metadata = string.Empty;
        var plus = text.IndexOf('+', StringComparison.Ordinal);
        if (plus >= 0)
        {
            metadata = text[(plus + 1)..];
            text = text[..plus];
            if (!IsIdentifierText(metadata))
            {
                return false;
            }
        }

        var prerelease = string.Empty;
        var dash = text.IndexOf('-', StringComparison.Ordinal);
        if (dash >= 0)
        {
            prerelease = text[(dash + 1)..];
            text = text[..dash];
            if (!IsIdentifierText(prerelease))
            {
                return false;
            }
        }

        var parts = text.Split('.');
        if (parts.Length is < 1 or > 3)
        {
            return false;
        }

        var numbers = new ulong[3];
        for (var i = 0; i < parts.Length; i++)
        {
            if (parts[i].Length == 0 || !parts[i].All(char.IsAsciiDigit)
                || !ulong.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out numbers[i]))
            {
                return false;
            }
        }

        version = new ProviderVersion(numbers[0], numbers[1], numbers[2], prerelease, metadata);
        return true;
    }

    /// <summary>A plain release version (no pre-release, no metadata).</summary>
    public static ProviderVersion Create(ulong major, ulong minor, ulong patch, string? prerelease = null) =>
        new(major, minor, patch, prerelease ?? string.Empty, string.Empty);

    /// <summary>True for pre-release versions, which constraints select only when they name them exactly.</summary>
    public bool IsPrerelease => Prerelease.Length > 0;

    /// <summary>
    /// Sorts ascending by precedence like go-versions' <c>List.Sort</c> (docs/opentofu-compatibility.md §1.2 step 4): stable, so
    /// versions of equal precedence (<c>1.0</c> and <c>1.0.0</c>, or differing metadata) keep their order
    /// and duplicates are kept.
    /// </summary>
    public static IReadOnlyList<ProviderVersion> Sort(IEnumerable<ProviderVersion> versions) =>
        versions.OrderBy(v => v).ToList();

    /// <summary>The OCI tag OpenTofu looks this version up under: canonical form with <c>+</c> written as <c>_</c>.</summary>
    public string ToTag() => ToString().Replace('+', '_');

    /// <summary>Canonical <c>MAJOR.MINOR.PATCH[-pre][+meta]</c>.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Major}.{Minor}.{Patch}")
        + (Prerelease.Length > 0 ? "-" + Prerelease : string.Empty)
        + (Metadata.Length > 0 ? "+" + Metadata : string.Empty);

    /// <summary>Semver precedence; metadata ignored.</summary>
    public int CompareTo(ProviderVersion? other)
    {
        if (other is null)
        {
            return 1;
        }

        var c = Major.CompareTo(other.Major);
        if (c == 0)
        {
            c = Minor.CompareTo(other.Minor);
        }

        if (c == 0)
        {
            c = Patch.CompareTo(other.Patch);
        }

        return c != 0 ? c : ComparePrerelease(Prerelease, other.Prerelease);
    }

    /// <summary>Equal in precedence and metadata (so <c>1.0.0+a</c> and <c>1.0.0+b</c> are different versions).</summary>
    public bool Equals(ProviderVersion? other) =>
        other is not null && CompareTo(other) == 0 && string.Equals(Metadata, other.Metadata, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is ProviderVersion v && Equals(v);

    public override int GetHashCode() => HashCode.Combine(Major, Minor, Patch, Prerelease, Metadata);

    public static bool operator ==(ProviderVersion? a, ProviderVersion? b) => a is null ? b is null : a.Equals(b);
    public static bool operator !=(ProviderVersion? a, ProviderVersion? b) => !(a == b);
    public static bool operator <(ProviderVersion? a, ProviderVersion? b) => Compare(a, b) < 0;
    public static bool operator >(ProviderVersion? a, ProviderVersion? b) => Compare(a, b) > 0;
    public static bool operator <=(ProviderVersion? a, ProviderVersion? b) => Compare(a, b) <= 0;
    public static bool operator >=(ProviderVersion? a, ProviderVersion? b) => Compare(a, b) >= 0;

    private static int Compare(ProviderVersion? a, ProviderVersion? b) => a is null ? (b is null ? 0 : -1) : a.CompareTo(b);

    private static bool IsIdentifierText(string s) =>
        s.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-');

    // A version without pre-release ranks above any pre-release of the same numbers; identifiers
    // compare numerically when both are numeric, numeric ones rank below alphanumeric ones.
    private static int ComparePrerelease(string a, string b)
    {
        if (a.Length == 0 || b.Length == 0)
        {
            return Math.Sign(b.Length) - Math.Sign(a.Length);
        }

        var pa = a.Split('.');
        var pb = b.Split('.');
        for (var i = 0; i < Math.Min(pa.Length, pb.Length); i++)
        {
            var na = pa[i].Length > 0 && pa[i].All(char.IsAsciiDigit);
            var nb = pb[i].Length > 0 && pb[i].All(char.IsAsciiDigit);
            int c;
            if (na && nb)
            {
                c = pa[i].TrimStart('0').Length.CompareTo(pb[i].TrimStart('0').Length);
                if (c == 0)
                {
                    c = string.CompareOrdinal(pa[i].TrimStart('0'), pb[i].TrimStart('0'));
                }
            }
            else if (na != nb)
            {
                c = na ? -1 : 1;
            }
            else
            {
                c = string.CompareOrdinal(pa[i], pb[i]);
            }

            if (c != 0)
            {
                return Math.Sign(c);
            }
        }

        return pa.Length.CompareTo(pb.Length);
    }
}
