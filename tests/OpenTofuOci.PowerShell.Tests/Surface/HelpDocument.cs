namespace OpenTofuOci.PowerShell.Tests.Surface;

/// <summary>
/// A PlatyPS (schema 2.0.0) cmdlet help file, parsed into what the checks compare with the compiled
/// cmdlet. Headings inside fenced code are code, not structure.
/// </summary>
internal sealed class HelpDocument
{
    private HelpDocument()
    {
    }

    public IReadOnlyDictionary<string, string> FrontMatter { get; private init; } = new Dictionary<string, string>();

    public string? Title { get; private init; }

    /// <summary>The <c>##</c> headings, in order.</summary>
    public IReadOnlyList<string> Sections { get; private init; } = [];

    /// <summary>Text (prose and code) per <c>##</c> section.</summary>
    public IReadOnlyDictionary<string, string> SectionText { get; private init; } = new Dictionary<string, string>();

    /// <summary>The <c>###</c> headings per <c>##</c> section.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> SubHeadings { get; private init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>The fenced code blocks per <c>##</c> section, then per <c>###</c> heading (key "## x/### y").</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<(string Info, string Body)>> CodeBlocks { get; private init; } = new Dictionary<string, IReadOnlyList<(string, string)>>();

    public bool HasPlaceholder { get; private init; }

    /// <summary>The documented parameters (<c>### -Name</c> under PARAMETERS) with their yaml blocks.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<IReadOnlyDictionary<string, string>>> Parameters =>
        SubHeadings.GetValueOrDefault("PARAMETERS", [])
            .Where(h => h.StartsWith('-'))
            .ToDictionary(h => h[1..], h => (IReadOnlyList<IReadOnlyDictionary<string, string>>)CodeBlocks.GetValueOrDefault($"PARAMETERS/{h}", [])
                .Where(b => b.Info == "yaml")
                .Select(b => ParseYaml(b.Body))
                .ToList(), StringComparer.OrdinalIgnoreCase);

    public static HelpDocument Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var index = 0;
        var front = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (lines.Length > 0 && lines[0].Trim() == "---")
        {
            for (index = 1; index < lines.Length && lines[index].Trim() != "---"; index++)
            {
                var colon = lines[index].IndexOf(':', StringComparison.Ordinal);
                if (colon > 0)
                {
                    front[lines[index][..colon].Trim()] = lines[index][(colon + 1)..].Trim();
                }
            }

            index++;
        }

        string? title = null;
        var sections = new List<string>();
        var sectionText = new Dictionary<string, System.Text.StringBuilder>(StringComparer.Ordinal);
        var subHeadings = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var blocks = new Dictionary<string, List<(string, string)>>(StringComparer.Ordinal);
        string? section = null;
        string? sub = null;
        string? fenceInfo = null;
        var fenceBody = new System.Text.StringBuilder();
        for (; index < lines.Length; index++)
        {
            var line = lines[index];
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                if (fenceInfo is null)
                {
                    fenceInfo = line.Trim()[3..].Trim();
                    fenceBody.Clear();
                }
                else
                {
                    if (section is not null)
                    {
                        Add(blocks, section, (fenceInfo, fenceBody.ToString()));
                        if (sub is not null)
                        {
                            Add(blocks, $"{section}/{sub}", (fenceInfo, fenceBody.ToString()));
                        }
                    }

                    fenceInfo = null;
                }
            }
            else if (fenceInfo is not null)
            {
                fenceBody.Append(line).Append('\n');
            }
            else if (line.StartsWith("### ", StringComparison.Ordinal) && section is not null)
            {
                sub = line[4..].Trim();
                Add(subHeadings, section, sub);
                continue;
            }
            else if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                section = line[3..].Trim();
                sub = null;
                sections.Add(section);
                continue;
            }
            else if (line.StartsWith("# ", StringComparison.Ordinal) && title is null)
            {
                title = line[2..].Trim();
                continue;
            }

            if (section is not null)
            {
                if (!sectionText.TryGetValue(section, out var sb))
                {
                    sectionText[section] = sb = new System.Text.StringBuilder();
                }

                sb.Append(line).Append('\n');
            }
        }

        return new HelpDocument
        {
            FrontMatter = front,
            Title = title,
            Sections = sections,
            SectionText = sectionText.ToDictionary(p => p.Key, p => p.Value.ToString()),
            SubHeadings = subHeadings.ToDictionary(p => p.Key, p => (IReadOnlyList<string>)p.Value),
            CodeBlocks = blocks.ToDictionary(p => p.Key, p => (IReadOnlyList<(string, string)>)p.Value),
            HasPlaceholder = text.Contains("{{", StringComparison.Ordinal),
        };
    }

    private static Dictionary<string, string> ParseYaml(string body)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in body.Split('\n'))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                result[line[..colon].Trim()] = line[(colon + 1)..].Trim();
            }
        }

        return result;
    }

    private static void Add<T>(Dictionary<string, List<T>> map, string key, T value)
    {
        if (!map.TryGetValue(key, out var list))
        {
            map[key] = list = [];
        }

        list.Add(value);
    }
}
