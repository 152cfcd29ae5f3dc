using OpenTofuOci.Core.Oci.Targets;

namespace OpenTofuOci.PowerShell.Infrastructure;

/// <summary>
/// Tab completion for repository arguments: the <c>oci-layout:</c> prefix, then directories after it.
/// Registry repositories cannot be listed without a network call per keystroke, so they are not offered.
/// </summary>
internal static class RepositoryCompletion
{
    private const int MaxResults = 100;

    private static readonly System.Buffers.SearchValues<char> NeedsQuoting = System.Buffers.SearchValues.Create(" '\"`$(){};,&|@#");

    /// <param name="wordToComplete">What the user typed, possibly quoted.</param>
    /// <param name="currentDirectory">PowerShell's current file system location.</param>
    public static IReadOnlyList<string> Complete(string? wordToComplete, string currentDirectory)
    {
        var word = (wordToComplete ?? string.Empty).Trim('\'', '"');
        const string prefix = TargetAddress.LayoutPrefix;
        if (!word.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            return prefix.StartsWith(word, StringComparison.OrdinalIgnoreCase) ? [prefix] : [];
        }

        var path = word[prefix.Length..];
        var split = path.LastIndexOfAny(['/', '\\']);
        var parentText = split < 0 ? string.Empty : path[..(split + 1)];
        var namePrefix = split < 0 ? path : path[(split + 1)..];
        try
        {
            var parent = Path.GetFullPath(parentText.Length == 0 ? "." : parentText, currentDirectory);
            if (!Directory.Exists(parent))
            {
                return [];
            }

            return [.. Directory.EnumerateDirectories(parent, namePrefix + "*")
                .Select(d => prefix + parentText + Path.GetFileName(d))
                .Order(StringComparer.OrdinalIgnoreCase)
                .Take(MaxResults)];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            // Completion must never fail the command line; no suggestions is the honest answer.
            return [];
        }
    }

    /// <summary>Quotes a completion when PowerShell would otherwise split or interpret it.</summary>
    public static string Quote(string completion) =>
        completion.AsSpan().IndexOfAny(NeedsQuoting) >= 0 ? "'" + completion.Replace("'", "''", StringComparison.Ordinal) + "'" : completion;
}
