using System.Text;

namespace OpenTofuOci.Core.Packages;

/// <summary>
/// Orders names by their UTF-8 bytes, as Go's <c>sort.Strings</c> does. <see cref="string.CompareOrdinal(string, string)"/>
/// compares UTF-16 code units, which puts characters at or above U+10000 (surrogate pairs) before
/// U+E000–U+FFFF, while their UTF-8 bytes sort after (docs/opentofu-compatibility.md §2.2).
/// </summary>
public sealed class Utf8NameComparer : IComparer<string>
{
    /// <summary>The one instance.</summary>
    public static Utf8NameComparer Instance { get; } = new();

    private Utf8NameComparer()
    {
    }

    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null)
        {
            return -1;
        }

        if (y is null)
        {
            return 1;
        }

        var ordinal = string.CompareOrdinal(x, y);
        if (ordinal == 0 || (!HasSurrogateOrHigh(x) && !HasSurrogateOrHigh(y)))
        {
            return ordinal;
        }

        return Encoding.UTF8.GetBytes(x).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(y));
    }

    // UTF-16 ordinal order equals UTF-8 byte order except when a surrogate (U+D800–U+DFFF) meets a
    // code unit at or above U+E000, so only names with such units pay for encoding.
    private static bool HasSurrogateOrHigh(string s)
    {
        foreach (var c in s)
        {
            if (c >= '\uD800')
            {
                return true;
            }
        }

        return false;
    }
}
