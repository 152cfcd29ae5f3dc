using Markdig;
using Markdig.Extensions.Yaml;
using Markdig.Syntax;
using OpenTofuOci.HelpCompiler.Build;

namespace OpenTofuOci.HelpCompiler.Markdown;

/// <summary>A <c>###</c> heading with the blocks under it.</summary>
internal sealed record Subsection(string Title, int Line, IReadOnlyList<Block> Blocks);

/// <summary>A <c>##</c> heading with its own blocks (before any <c>###</c>) and its subsections.</summary>
internal sealed record Section(string Title, int Line, IReadOnlyList<Block> Blocks, IReadOnlyList<Subsection> Subsections);

/// <summary>A front matter value with the 0-based line it is on.</summary>
internal sealed record FrontMatterValue(string Value, int Line);

/// <summary>
/// A help page cut into front matter, title and sections by its headings, as Markdig parsed it, so
/// headings inside fenced code stay code.
/// </summary>
internal sealed class PageOutline
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UseYamlFrontMatter().Build();

    private PageOutline()
    {
    }

    /// <summary>Front matter keys (case-insensitive) and values; null when the page has none.</summary>
    public IReadOnlyDictionary<string, FrontMatterValue>? FrontMatter { get; private init; }

    public string? Title { get; private init; }

    public int TitleLine { get; private init; }

    public IReadOnlyList<Section> Sections { get; private init; } = [];

    /// <summary>Text from the page that reads as an unfilled PlatyPS template: <c>{{ Fill … }}</c>.</summary>
    public static IEnumerable<(int Line, string Text)> Placeholders(string text)
    {
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var at = lines[i].IndexOf("{{", StringComparison.Ordinal);
            if (at >= 0 && lines[i].IndexOf("}}", at, StringComparison.Ordinal) > at)
            {
                yield return (i, lines[i].Trim());
            }
        }
    }

    public static PageOutline Parse(string text, ProblemSink problems)
    {
        var document = Markdig.Markdown.Parse(text, Pipeline);
        Dictionary<string, FrontMatterValue>? front = null;
        string? title = null;
        var titleLine = 0;
        var sections = new List<Section>();
        List<Block>? sectionBlocks = null;
        List<Subsection>? subsections = null;
        List<Block>? subBlocks = null;
        (string Title, int Line)? section = null;
        (string Title, int Line)? sub = null;

        void CloseSubsection()
        {
            if (sub is { } s && subsections is not null && subBlocks is not null)
            {
                subsections.Add(new Subsection(s.Title, s.Line, subBlocks));
            }

            sub = null;
            subBlocks = null;
        }

        void CloseSection()
        {
            CloseSubsection();
            if (section is { } s && sectionBlocks is not null && subsections is not null)
            {
                sections.Add(new Section(s.Title, s.Line, sectionBlocks, subsections));
            }

            section = null;
        }

        foreach (var block in document)
        {
            switch (block)
            {
                case YamlFrontMatterBlock yaml:
                    front = ReadFrontMatter(yaml, problems);
                    continue;
                case HeadingBlock { Level: 1 } heading when title is null && section is null:
                    title = PlainText.FromInline(heading.Inline);
                    titleLine = heading.Line;
                    continue;
                case HeadingBlock { Level: 1 } heading:
                    problems.At(heading.Line, "a page has one '# Title' heading; use '##' for sections.");
                    continue;
                case HeadingBlock { Level: 2 } heading:
                    CloseSection();
                    section = (PlainText.FromInline(heading.Inline), heading.Line);
                    sectionBlocks = [];
                    subsections = [];
                    continue;
                case HeadingBlock { Level: 3 } heading when section is not null:
                    CloseSubsection();
                    sub = (PlainText.FromInline(heading.Inline), heading.Line);
                    subBlocks = [];
                    continue;
                case BlankLineBlock:
                case LinkReferenceDefinitionGroup:
                    continue;
                default:
                    break;
            }

            if (subBlocks is not null)
            {
                subBlocks.Add(block);
            }
            else if (sectionBlocks is not null)
            {
                sectionBlocks.Add(block);
            }
            else
            {
                problems.At(block.Line, title is null
                    ? "text before the '# Title' heading; a help page starts with its front matter and then '# Name'."
                    : "text between the title and the first '##' section belongs in a section.");
            }
        }

        CloseSection();
        return new PageOutline { FrontMatter = front, Title = title, TitleLine = titleLine, Sections = sections };
    }

    private static Dictionary<string, FrontMatterValue> ReadFrontMatter(YamlFrontMatterBlock yaml, ProblemSink problems)
    {
        var values = new Dictionary<string, FrontMatterValue>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < yaml.Lines.Count; i++)
        {
            var line = yaml.Lines.Lines[i];
            var text = line.Slice.ToString();
            if (text.Trim() is "" or "---" or "...")
            {
                continue;
            }

            var number = line.Line;
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || char.IsWhiteSpace(text[0]))
            {
                problems.At(number, $"front matter line '{text.Trim()}' is not 'key: value'.");
                continue;
            }

            var key = text[..colon].Trim();
            if (!values.TryAdd(key, new FrontMatterValue(Unquote(text[(colon + 1)..].Trim()), number)))
            {
                problems.At(number, $"front matter key '{key}' appears twice.");
            }
        }

        return values;
    }

    private static string Unquote(string value) =>
        value.Length >= 2 && (value[0] == '"' || value[0] == '\'') && value[^1] == value[0] ? value[1..^1] : value;
}
