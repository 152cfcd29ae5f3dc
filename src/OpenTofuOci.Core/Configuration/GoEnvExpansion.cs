using System.Text;

namespace OpenTofuOci.Core.Configuration;

/// <summary>
/// Go's <c>os.ExpandEnv</c>, which OpenTofu applies to <c>plugin_cache_dir</c>: <c>$NAME</c> and
/// <c>${NAME}</c> become the variable's value (empty when unset); a <c>$</c> not followed by a name is kept;
/// <c>${}</c> and an unclosed <c>${</c> are dropped, as Go drops bad syntax.
/// </summary>
internal static class GoEnvExpansion
{
    public static string Expand(string text, Func<string, string?> lookup)
    {
        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '$' || i + 1 >= text.Length)
            {
                sb.Append(text[i]);
                continue;
            }

            var next = text[i + 1];
            if (next == '{')
            {
                var close = text.IndexOf('}', i + 2);
                if (close < 0)
                {
                    // Go eats only the "{" of an unclosed "${": the rest stays.
                    i++;
                    continue;
                }

                var name = text[(i + 2)..close];
                if (name.Length > 0)
                {
                    sb.Append(lookup(name));
                }

                i = close;
            }
            else if (IsSpecial(next))
            {
                sb.Append(lookup(next.ToString()));
                i++;
            }
            else if (IsNameChar(next))
            {
                var end = i + 1;
                while (end < text.Length && IsNameChar(text[end]))
                {
                    end++;
                }

                sb.Append(lookup(text[(i + 1)..end]));
                i = end - 1;
            }
            else
            {
                sb.Append('$');
            }
        }

        return sb.ToString();
    }

    private static bool IsSpecial(char c) => c is '*' or '#' or '$' or '@' or '!' or '?' or '-' || char.IsAsciiDigit(c);

    private static bool IsNameChar(char c) => c == '_' || char.IsAsciiLetterOrDigit(c);
}
