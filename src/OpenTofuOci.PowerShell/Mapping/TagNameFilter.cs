using System.Text;
using System.Text.RegularExpressions;
using OpenTofuOci.Core.Errors;

namespace OpenTofuOci.PowerShell.Mapping;

/// <summary>
/// The <c>-Name</c> filter: PowerShell wildcard patterns (<c>*</c>, <c>?</c>, <c>[a-z]</c>, backtick
/// escapes), case-insensitive like <c>WildcardPattern</c>. Implemented here rather than with the SDK's
/// <c>WildcardPattern</c> because that is a do-nothing stub outside a real PowerShell, which would
/// leave the filter untestable.
/// </summary>
internal sealed class TagNameFilter
{
    public const string InvalidWildcardPatternErrorId = "InvalidWildcardPattern";

    private readonly List<(string Pattern, Regex Regex)> _patterns;

    private TagNameFilter(List<(string Pattern, Regex Regex)> patterns, IReadOnlyList<string> literalNames)
    {
        _patterns = patterns;
        LiteralNames = literalNames;
    }

    /// <summary>Matches every tag.</summary>
    public static TagNameFilter All { get; } = new([], []);

    /// <summary>True when no pattern was given.</summary>
    public bool MatchesAll => _patterns.Count == 0;

    /// <summary>The patterns without wildcards, unescaped: names the user expects to exist.</summary>
    public IReadOnlyList<string> LiteralNames { get; }

    public static TagNameFilter Create(IReadOnlyList<string>? patterns)
    {
        if (patterns is null || patterns.Count == 0)
        {
            return All;
        }

        var compiled = new List<(string, Regex)>();
        var literals = new List<string>();
        foreach (var pattern in patterns)
        {
            var (regex, literal) = Translate(pattern);
            compiled.Add((pattern, new Regex(regex, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)));
            if (literal is not null)
            {
                literals.Add(literal);
            }
        }

        return new TagNameFilter(compiled, literals);
    }

    public bool IsMatch(string tag) => MatchesAll || _patterns.Exists(p => p.Regex.IsMatch(tag));

    /// <summary>Returns the regex for a wildcard pattern, and its unescaped text when it has no wildcard.</summary>
    private static (string Regex, string? Literal) Translate(string pattern)
    {
        var regex = new StringBuilder("^");
        var literal = new StringBuilder();
        var hasWildcard = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            switch (c)
            {
                case '`' when i + 1 < pattern.Length:
                    i++;
                    regex.Append(Regex.Escape(pattern[i].ToString()));
                    literal.Append(pattern[i]);
                    break;
                case '*':
                    hasWildcard = true;
                    regex.Append(".*");
                    break;
                case '?':
                    hasWildcard = true;
                    regex.Append('.');
                    break;
                case '[':
                    hasWildcard = true;
                    i = AppendBracket(pattern, i, regex);
                    break;
                default:
                    regex.Append(Regex.Escape(c.ToString()));
                    literal.Append(c);
                    break;
            }
        }

        regex.Append('$');
        return (regex.ToString(), hasWildcard ? null : literal.ToString());
    }

    // Copies a [set] or [a-z] range into the regex and returns the index of its closing bracket.
    private static int AppendBracket(string pattern, int open, StringBuilder regex)
    {
        var set = new StringBuilder("[");
        for (var i = open + 1; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == ']' && i > open + 1)
            {
                regex.Append(set).Append(']');
                return i;
            }

            if (c == '`' && i + 1 < pattern.Length)
            {
                i++;
                c = pattern[i];
            }
            else if (c == '-' && i > open + 1 && i + 1 < pattern.Length && pattern[i + 1] != ']')
            {
                set.Append('-');
                continue;
            }

            // Inside a regex class only these are special.
            if (c is '\\' or '^' or '[' or ']' or '-')
            {
                set.Append('\\');
            }

            set.Append(c);
        }

        throw new TofuOciException(InvalidWildcardPatternErrorId, ErrorKind.InvalidArgument,
            $"The -Name pattern \"{pattern}\" has a '[' without a closing ']'; close the bracket, or escape it as `[ to match it literally.", pattern);
    }
}
