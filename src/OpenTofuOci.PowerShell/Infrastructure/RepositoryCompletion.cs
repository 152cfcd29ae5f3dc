using OpenTofuOci.Core.Oci.Targets;

namespace OpenTofuOci.PowerShell.Infrastructure;

/// <summary>
/// Tab completion for repository arguments: the <c>oci-layout:</c> prefix, then directories after it
/// (listed by PowerShell's own file name completion, so relative paths, <c>~</c> and drives work as
/// everywhere else). Registry repositories cannot be listed without a network call per keystroke, so
/// they are not offered.
/// </summary>
internal static class RepositoryCompletion
{
    public const int MaxResults = 100;

    private static readonly System.Buffers.SearchValues<char> NeedsQuoting = System.Buffers.SearchValues.Create(" '\"`$(){};,&|@#");

    /// <summary>
    /// What to do with <paramref name="wordToComplete"/>: offer the prefix (<paramref name="prefixOnly"/>
    /// non-null, possibly empty), or complete the directory path returned.
    /// </summary>
    public static string? LayoutPath(string? wordToComplete, out IReadOnlyList<string>? prefixOnly)
    {
        var word = Unquote(wordToComplete ?? string.Empty);
        const string prefix = TargetAddress.LayoutPrefix;
        if (!word.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            prefixOnly = prefix.StartsWith(word, StringComparison.OrdinalIgnoreCase) ? [prefix] : [];
            return null;
        }

        prefixOnly = null;
        return word[prefix.Length..];
    }

    /// <summary>Layout addresses for the directories PowerShell's file name completion offered (their completion texts, possibly quoted).</summary>
    public static IReadOnlyList<string> FromDirectories(IEnumerable<string> directoryCompletions) =>
        [.. directoryCompletions.Select(d => TargetAddress.LayoutPrefix + Unquote(d)).Take(MaxResults)];

    /// <summary>Quotes a completion when PowerShell would otherwise split or interpret it.</summary>
    public static string Quote(string completion) =>
        completion.AsSpan().IndexOfAny(NeedsQuoting) >= 0 ? "'" + completion.Replace("'", "''", StringComparison.Ordinal) + "'" : completion;

    // PowerShell's completion texts and a half-typed word may be quoted ('it''s', "a b", or an opening quote only).
    private static string Unquote(string text)
    {
        if (text.Length > 0 && text[0] == '\'')
        {
            var inner = text.Length > 1 && text[^1] == '\'' ? text[1..^1] : text[1..];
            return inner.Replace("''", "'", StringComparison.Ordinal);
        }

        return text.Trim('"');
    }
}
