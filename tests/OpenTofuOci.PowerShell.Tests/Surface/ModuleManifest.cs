using System.Text.RegularExpressions;

namespace OpenTofuOci.PowerShell.Tests.Surface;

/// <summary>
/// Just enough of a .psd1 reader for the keys the conventions name: <c>Key = 'value'</c> and
/// <c>Key = @('a', 'b')</c> at any depth. Without PowerShell there is no Import-PowerShellDataFile.
/// </summary>
internal sealed partial class ModuleManifest
{
    private readonly string _text;

    public ModuleManifest(string text) => _text = StripComments(text);

    public string? Scalar(string key)
    {
        var m = Regex.Match(_text, $@"(?m)^\s*{Regex.Escape(key)}\s*=\s*(?:'(?<v>[^']*)'|""(?<v>[^""]*)"")");
        return m.Success ? m.Groups["v"].Value : null;
    }

    /// <summary>The items of <c>Key = @(...)</c>, or a single-item list for <c>Key = 'x'</c>; null when absent.</summary>
    public IReadOnlyList<string>? Array(string key)
    {
        var m = Regex.Match(_text, $@"(?m)^\s*{Regex.Escape(key)}\s*=\s*@\((?<items>[^)]*)\)");
        if (!m.Success)
        {
            return Scalar(key) is { } single ? [single] : null;
        }

        return [.. QuotedItem().Matches(m.Groups["items"].Value).Select(x => x.Groups["v"].Value)];
    }

    /// <summary>Whether the text is shaped like a PowerShell data file: one hashtable, balanced braces.</summary>
    public bool LooksLikeDataFile()
    {
        var trimmed = _text.Trim();
        if (!trimmed.StartsWith("@{", StringComparison.Ordinal) || !trimmed.EndsWith('}'))
        {
            return false;
        }

        var depth = 0;
        var quote = '\0';
        foreach (var c in trimmed)
        {
            if (quote != '\0')
            {
                quote = c == quote ? '\0' : quote;
            }
            else if (c is '\'' or '"')
            {
                quote = c;
            }
            else if (c is '{' or '(')
            {
                depth++;
            }
            else if (c is '}' or ')')
            {
                depth--;
                if (depth < 0)
                {
                    return false;
                }
            }
        }

        return depth == 0 && quote == '\0';
    }

    private static string StripComments(string text) => LineComment().Replace(text, string.Empty);

    [GeneratedRegex(@"'(?<v>[^']*)'|""(?<v>[^""]*)""")]
    private static partial Regex QuotedItem();

    [GeneratedRegex(@"(?m)^\s*#.*$")]
    private static partial Regex LineComment();
}
