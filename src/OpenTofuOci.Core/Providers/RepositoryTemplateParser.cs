using System.Text;
using System.Text.RegularExpressions;

namespace OpenTofuOci.Core.Providers;

/// <summary>
/// Reads the HCL 2 template forms a repository template can usefully hold: literal text,
/// <c>${ symbol }</c> (with optional <c>~</c> strip markers) and the <c>$${</c>/<c>%%{</c> escapes.
/// Everything else HCL would accept (directives, function calls, operators, indexing) is reported
/// with its text, so the caller can say it is not supported here.
/// </summary>
internal static partial class RepositoryTemplateParser
{
    /// <summary>One piece of a template: literal text, or a symbol (Symbol set), or unsupported text (Unsupported set).</summary>
    internal readonly record struct Part(string? Literal, string? Symbol, string? Unsupported);

    /// <summary>Splits <paramref name="text"/> into parts; returns null and a problem for syntax HCL itself rejects.</summary>
    public static List<Part>? Parse(string text, out string? problem)
    {
        problem = null;
        var parts = new List<Part>();
        var literal = new StringBuilder();
        var stripNextLiteral = false;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            var opensSequence = (c == '$' || c == '%') && i + 1 < text.Length && text[i + 1] == '{';
            if ((c == '$' || c == '%') && i + 2 < text.Length && text[i + 1] == c && text[i + 2] == '{')
            {
                literal.Append(c).Append('{');
                i += 3;
                continue;
            }

            if (!opensSequence)
            {
                literal.Append(c);
                i++;
                continue;
            }

            var end = FindClose(text, i + 2);
            if (end < 0)
            {
                problem = $"the \"{c}{{\" at character {i + 1} has no matching \"}}\"";
                return null;
            }

            var inner = text[(i + 2)..end];
            var stripBefore = inner.StartsWith('~');
            var stripAfter = inner.EndsWith('~') && inner.Length > (stripBefore ? 1 : 0);
            var expression = inner[(stripBefore ? 1 : 0)..(inner.Length - (stripAfter ? 1 : 0))].Trim();
            FlushLiteral(parts, literal, stripNextLiteral, stripBefore);
            stripNextLiteral = stripAfter;

            var sequence = text[i..(end + 1)];
            if (expression.Length == 0)
            {
                problem = $"\"{sequence}\" is empty; write an expression such as ${{type}} between the braces";
                return null;
            }

            parts.Add(c == '$' && IdentifierPattern().IsMatch(expression)
                ? new Part(null, expression, null)
                : new Part(null, null, sequence));
            i = end + 1;
        }

        FlushLiteral(parts, literal, stripNextLiteral, stripBefore: false);
        return parts;
    }

    private static void FlushLiteral(List<Part> parts, StringBuilder literal, bool stripStart, bool stripBefore)
    {
        var s = literal.ToString();
        literal.Clear();
        if (stripStart)
        {
            s = s.TrimStart();
        }

        if (stripBefore)
        {
            s = s.TrimEnd();
        }

        if (s.Length > 0)
        {
            parts.Add(new Part(s, null, null));
        }
    }

    // The closing brace of a sequence whose body starts at start; braces nest, and quoted strings
    // may hold braces (OpenTofu's own fixture indexes a map literal: ${ {"a": "b"}[hostname] }).
    private static int FindClose(string text, int start)
    {
        var depth = 0;
        for (var i = start; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '"':
                    for (i++; i < text.Length && text[i] != '"'; i++)
                    {
                        if (text[i] == '\\')
                        {
                            i++;
                        }
                    }

                    if (i >= text.Length)
                    {
                        return -1;
                    }

                    break;
                case '{':
                    depth++;
                    break;
                case '}' when depth == 0:
                    return i;
                case '}':
                    depth--;
                    break;
            }
        }

        return -1;
    }

    // HCL identifiers: a letter or underscore, then letters, digits, underscores or dashes.
    [GeneratedRegex(@"^[\p{L}_][\p{L}\p{N}_-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex IdentifierPattern();
}
