using System.Text;

namespace OpenTofuOci.Core.Oci.Remote;

/// <summary>
/// One challenge of a <c>WWW-Authenticate</c> header (RFC 9110 §11.6.1): a scheme and its
/// parameters. Hand-parsed because quoted values (a Bearer <c>scope</c> listing several actions)
/// contain commas, which also separate parameters and challenges; see docs/oci-registries.md
/// "Authentication".
/// </summary>
internal sealed class AuthChallenge
{
    private AuthChallenge(string scheme, IReadOnlyDictionary<string, string> parameters, string? token68)
    {
        Scheme = scheme;
        Parameters = parameters;
        Token68 = token68;
    }

    /// <summary>The scheme as sent (compare case-insensitively).</summary>
    public string Scheme { get; }

    /// <summary>Parameters by case-insensitive name, values unquoted and unescaped.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; }

    /// <summary>The token68 form some schemes use instead of parameters; unused by registries.</summary>
    public string? Token68 { get; }

    public bool IsBasic => string.Equals(Scheme, "Basic", StringComparison.OrdinalIgnoreCase);

    public bool IsBearer => string.Equals(Scheme, "Bearer", StringComparison.OrdinalIgnoreCase);

    /// <summary>A parameter's value, or null.</summary>
    public string? this[string name] => Parameters.TryGetValue(name, out var v) ? v : null;

    /// <summary>Parses every challenge of every header value; malformed trailing text is ignored
    /// rather than failing, since a partly understood challenge is still better than none.</summary>
    public static IReadOnlyList<AuthChallenge> Parse(IEnumerable<string> headerValues)
    {
        ArgumentNullException.ThrowIfNull(headerValues);
        var result = new List<AuthChallenge>();
        foreach (var value in headerValues)
        {
            ParseInto(value, result);
        }

        return result;
    }

    /// <summary>Parses one header value.</summary>
    public static IReadOnlyList<AuthChallenge> Parse(string headerValue) => Parse([headerValue]);

    private static void ParseInto(string s, List<AuthChallenge> result)
    {
        var pos = 0;
        while (true)
        {
            // Each pass reads a non-empty scheme or returns, so the loop always progresses.
            SkipSeparators(s, ref pos);
            var scheme = ReadToken(s, ref pos);
            if (scheme.Length == 0)
            {
                return;
            }

            var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            SkipSpaces(s, ref pos);
            if (TryReadToken68(s, ref pos, out var token68))
            {
                result.Add(new AuthChallenge(scheme, parameters, token68));
                continue;
            }

            while (pos < s.Length)
            {
                var save = pos;
                var name = ReadToken(s, ref pos);
                SkipSpaces(s, ref pos);
                if (name.Length == 0 || pos >= s.Length || s[pos] != '=')
                {
                    // Not "name=": the start of the next challenge; let the outer loop read it.
                    pos = save;
                    break;
                }

                pos++;
                SkipSpaces(s, ref pos);
                var value = pos < s.Length && s[pos] == '"' ? ReadQuoted(s, ref pos) : ReadToken(s, ref pos);
                parameters.TryAdd(name, value);

                // Skip to the next comma: normally only spaces, but one malformed value must not hide the rest.
                while (pos < s.Length && s[pos] != ',')
                {
                    pos++;
                }

                if (pos < s.Length)
                {
                    pos++;
                    SkipSpaces(s, ref pos);
                }
            }

            result.Add(new AuthChallenge(scheme, parameters, null));
        }
    }

    // token68 = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"=", and it must be the
    // whole rest of the challenge: "realm=x" continues after the '=', so it is a parameter.
    private static bool TryReadToken68(string s, ref int pos, out string? token68)
    {
        token68 = null;
        var p = pos;
        while (p < s.Length && (char.IsAsciiLetterOrDigit(s[p]) || s[p] is '-' or '.' or '_' or '~' or '+' or '/'))
        {
            p++;
        }

        if (p == pos)
        {
            return false;
        }

        var q = p;
        while (q < s.Length && s[q] == '=')
        {
            q++;
        }

        var end = q;
        while (end < s.Length && s[end] is ' ' or '\t')
        {
            end++;
        }

        if (end < s.Length && s[end] != ',')
        {
            return false;
        }

        token68 = s[pos..q];
        pos = end;
        return true;
    }

    private static string ReadToken(string s, ref int pos)
    {
        var start = pos;
        while (pos < s.Length && IsTokenChar(s[pos]))
        {
            pos++;
        }

        return s[start..pos];
    }

    private static string ReadQuoted(string s, ref int pos)
    {
        var sb = new StringBuilder();
        pos++; // opening quote
        while (pos < s.Length)
        {
            var c = s[pos++];
            if (c == '\\' && pos < s.Length)
            {
                sb.Append(s[pos++]);
            }
            else if (c == '"')
            {
                return sb.ToString();
            }
            else
            {
                sb.Append(c);
            }
        }

        // Unterminated: keep what was there, the realm is probably still usable.
        return sb.ToString();
    }

    private static void SkipSpaces(string s, ref int pos)
    {
        while (pos < s.Length && s[pos] is ' ' or '\t')
        {
            pos++;
        }
    }

    private static void SkipSeparators(string s, ref int pos)
    {
        while (pos < s.Length && s[pos] is ' ' or '\t' or ',')
        {
            pos++;
        }
    }

    // RFC 9110 tchar.
    private static bool IsTokenChar(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '!' or '#' or '$' or '%' or '&' or '\'' or '*' or '+' or '-' or '.' or '^' or '_' or '`' or '|' or '~';
}
