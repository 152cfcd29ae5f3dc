using System.Text;
using System.Text.RegularExpressions;

namespace OpenTofuOci.Core.Tests.Docs;

/// <summary>A section number cited in a file ("1.3" for a citation of section 1.3), with where it was found.</summary>
internal sealed record SectionCitation(string File, int Line, string Section, string Text)
{
    public override string ToString() => $"{File}:{Line}: {Text} (section {Section})";
}

/// <summary>A relative markdown link: the file it is in, its line, and the target as written.</summary>
internal sealed record MarkdownLink(string File, int Line, string Target)
{
    public override string ToString() => $"{File}:{Line}: ({Target})";
}

/// <summary>
/// Reads the references between the code and the documents: section citations (a section sign and a
/// number, such as the sign followed by "8.15", or a range "8.15–8.31" whose two ends both count), the
/// numbered headings of a markdown document, and the relative links of a markdown file. The section
/// sign is written as an escape in this file so that the repository scan does not find it here.
/// </summary>
internal static partial class DocumentReferences
{
    private const char SectionSign = '\u00A7';

    /// <summary>
    /// The section numbers cited in <paramref name="text"/>, one line at a time. A range yields both
    /// ends. Numbers that belong to another document are left out: "RFC 9110" and "issue #3" followed
    /// by the sign cite that RFC or issue, not ours.
    /// </summary>
    public static IReadOnlyList<SectionCitation> Citations(string file, string text)
    {
        var found = new List<SectionCitation>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            foreach (Match m in Citation().Matches(lines[i]))
            {
                var citation = m.Value.TrimEnd();
                found.Add(new SectionCitation(file, i + 1, m.Groups["from"].Value, citation));
                if (m.Groups["to"].Success)
                {
                    found.Add(new SectionCitation(file, i + 1, m.Groups["to"].Value, citation));
                }
            }
        }

        return found;
    }

    /// <summary>
    /// The section numbers of a markdown document's headings: "## 0. Constants" gives "0",
    /// "### 8.15 The lock file's h1:" gives "8.15". Headings inside fenced code blocks do not count.
    /// </summary>
    public static IReadOnlySet<string> SectionHeadings(string markdown)
    {
        var numbers = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (line, _) in OutsideFences(markdown))
        {
            var m = NumberedHeading().Match(line);
            if (m.Success)
            {
                numbers.Add(m.Groups["number"].Value);
            }
        }

        return numbers;
    }

    /// <summary>The citations whose section is not among <paramref name="headings"/>.</summary>
    public static IReadOnlyList<SectionCitation> Unresolved(IEnumerable<SectionCitation> citations, IReadOnlySet<string> headings) =>
        citations.Where(c => !headings.Contains(c.Section)).ToList();

    /// <summary>
    /// The relative links (<c>[text](target)</c> and images) of a markdown file, outside fenced code
    /// blocks and code spans. Links with a scheme (<c>https:</c>, <c>mailto:</c>, …) are not returned.
    /// </summary>
    public static IReadOnlyList<MarkdownLink> RelativeLinks(string file, string markdown)
    {
        var links = new List<MarkdownLink>();
        foreach (var (line, number) in OutsideFences(markdown))
        {
            var prose = CodeSpan().Replace(line, string.Empty);
            foreach (Match m in InlineLink().Matches(prose))
            {
                var target = m.Groups["target"].Value.Trim();
                if (target.Length == 0 || WebTarget().IsMatch(target))
                {
                    continue;
                }

                links.Add(new MarkdownLink(file, number, target));
            }
        }

        return links;
    }

    /// <summary>
    /// Why <paramref name="link"/> does not resolve, or null when it does. The path is relative to
    /// the linking file's directory and must name an existing file or directory inside
    /// <paramref name="root"/>; a <c>#fragment</c> must be the GitHub anchor of a heading in the
    /// markdown file it points to (the linking file itself when the path is empty).
    /// </summary>
    public static string? Problem(string root, MarkdownLink link)
    {
        var hash = link.Target.IndexOf('#', StringComparison.Ordinal);
        var path = Uri.UnescapeDataString(hash < 0 ? link.Target : link.Target[..hash]);
        var fragment = hash < 0 ? null : link.Target[(hash + 1)..];

        var from = Path.GetDirectoryName(Path.Combine(root, link.File))!;
        var full = path.Length == 0 ? Path.Combine(root, link.File) : Path.GetFullPath(Path.Combine(from, path));
        var rootFull = Path.GetFullPath(root).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        if (!full.StartsWith(rootFull, StringComparison.Ordinal))
        {
            return $"{link}: points outside the repository";
        }

        if (!File.Exists(full) && !Directory.Exists(full))
        {
            return $"{link}: {Path.GetRelativePath(root, full)} does not exist";
        }

        if (fragment is null)
        {
            return null;
        }

        if (!full.EndsWith(".md", StringComparison.OrdinalIgnoreCase) || !File.Exists(full))
        {
            return $"{link}: an anchor into a file that is not markdown";
        }

        var anchors = Anchors(File.ReadAllText(full));
        return anchors.Contains(fragment) ? null : $"{link}: no heading with the anchor #{fragment} in {Path.GetRelativePath(root, full)}";
    }

    /// <summary>
    /// The anchors GitHub gives a markdown file's headings: the heading text in lower case, without
    /// markup and punctuation other than <c>-</c> and <c>_</c>, spaces turned into <c>-</c>; a
    /// repeated anchor gets <c>-1</c>, <c>-2</c>, … appended.
    /// </summary>
    public static IReadOnlySet<string> Anchors(string markdown)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (line, _) in OutsideFences(markdown))
        {
            var m = AnyHeading().Match(line);
            if (!m.Success)
            {
                continue;
            }

            var slug = Slug(m.Groups["text"].Value);
            if (seen.TryGetValue(slug, out var count))
            {
                seen[slug] = count + 1;
                anchors.Add($"{slug}-{count + 1}");
            }
            else
            {
                seen[slug] = 0;
                anchors.Add(slug);
            }
        }

        return anchors;
    }

    public static string Slug(string heading)
    {
        var text = InlineLink().Replace(heading.Trim(), m => m.Groups["text"].Value);
        var slug = new StringBuilder();
        foreach (var c in text.ToLowerInvariant())
        {
            if (char.IsLetterOrDigit(c) || c is '-' or '_')
            {
                slug.Append(c);
            }
            else if (c == ' ')
            {
                slug.Append('-');
            }
        }

        return slug.ToString();
    }

    /// <summary>The lines of a markdown text that are not inside a fenced code block, with their 1-based numbers.</summary>
    private static IEnumerable<(string Line, int Number)> OutsideFences(string markdown)
    {
        var lines = markdown.Split('\n');
        string? fence = null;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            var m = Fence().Match(line);
            if (fence is null && m.Success)
            {
                fence = m.Groups["fence"].Value;
                continue;
            }

            if (fence is not null)
            {
                if (m.Success && m.Groups["fence"].Value.StartsWith(fence, StringComparison.Ordinal) && m.Groups["info"].Value.Trim().Length == 0)
                {
                    fence = null;
                }

                continue;
            }

            yield return (line, i + 1);
        }
    }

    // The sign, a number such as 8 or 8.15, optionally a range to another number (the sign may be
    // repeated after the dash). Not preceded by "RFC <n> " or "issue #<n> ", which cite other documents.
    [GeneratedRegex(@"(?<!RFC\s*\d+\s*)(?<!issue\s*#?\d+\s*)\u00A7\s?(?<from>\d+(?:\.\d+)*)(?:\s*[\u2013\u2014-]\s*\u00A7?\s?(?<to>\d+(?:\.\d+)*))?", RegexOptions.IgnoreCase)]
    private static partial Regex Citation();

    [GeneratedRegex(@"^#{1,6}\s+(?<number>\d+(?:\.\d+)*)\.?(?:\s|$)")]
    private static partial Regex NumberedHeading();

    [GeneratedRegex(@"^#{1,6}\s+(?<text>.*?)\s*#*\s*$")]
    private static partial Regex AnyHeading();

    [GeneratedRegex(@"^\s{0,3}(?<fence>`{3,}|~{3,})(?<info>.*)$")]
    private static partial Regex Fence();

    [GeneratedRegex(@"(`+).+?\1")]
    private static partial Regex CodeSpan();

    [GeneratedRegex(@"!?\[(?<text>[^\]]*)\]\((?<target>[^)\s]*)(?:\s+""[^""]*"")?\)")]
    private static partial Regex InlineLink();

    [GeneratedRegex(@"^(?:[a-z][a-z0-9+.-]*:)", RegexOptions.IgnoreCase)]
    private static partial Regex WebTarget();
}
