namespace OpenTofuOci.Core.Oci.Remote;

/// <summary>
/// Reads the <c>rel="next"</c> target of an RFC 8288 <c>Link</c> header, the tag-list pagination
/// of distribution-spec "Listing Tags". Several links may share one header value, and
/// <c>rel</c> may list several relation types.
/// </summary>
internal static class LinkHeader
{
    /// <summary>The raw next-page URI reference (possibly relative), or null when there is none.</summary>
    public static string? FindNext(IEnumerable<string> headerValues)
    {
        ArgumentNullException.ThrowIfNull(headerValues);
        foreach (var value in headerValues)
        {
            var pos = 0;
            while (pos < value.Length)
            {
                var open = value.IndexOf('<', pos);
                if (open < 0)
                {
                    break;
                }

                var close = value.IndexOf('>', open + 1);
                if (close < 0)
                {
                    break;
                }

                var target = value[(open + 1)..close].Trim();
                pos = close + 1;
                var end = EndOfLinkParams(value, pos);
                if (IsNext(value[pos..end]))
                {
                    return target;
                }

                pos = end;
            }
        }

        return null;
    }

    // Parameters run to the next comma outside quotes.
    private static int EndOfLinkParams(string s, int pos)
    {
        var quoted = false;
        for (; pos < s.Length; pos++)
        {
            var c = s[pos];
            if (c == '\\' && quoted)
            {
                pos++;
            }
            else if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ',' && !quoted)
            {
                return pos;
            }
        }

        return s.Length;
    }

    private static bool IsNext(string parameters)
    {
        foreach (var raw in parameters.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = raw.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || !raw[..eq].Trim().Equals("rel", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var rel = raw[(eq + 1)..].Trim().Trim('"');
            foreach (var type in rel.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (type.Equals("next", StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
