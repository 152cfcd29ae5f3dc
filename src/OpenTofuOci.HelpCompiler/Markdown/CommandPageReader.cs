using System.Text.RegularExpressions;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using OpenTofuOci.HelpCompiler.Build;
using OpenTofuOci.HelpCompiler.Model;

namespace OpenTofuOci.HelpCompiler.Markdown;

/// <summary>What a cmdlet page's front matter must say, taken from the module manifest.</summary>
internal sealed record PageExpectations(string ModuleName, string ExternalHelpFile);

/// <summary>
/// Reads a cmdlet page in the PlatyPS markdown schema 2.0.0 into a <see cref="CommandHelp"/>. Every
/// rule broken is reported with its line; a page with any problem gives no help at all.
/// </summary>
internal static partial class CommandPageReader
{
    public static readonly IReadOnlyList<string> RequiredSections =
        ["SYNOPSIS", "SYNTAX", "DESCRIPTION", "EXAMPLES", "PARAMETERS", "INPUTS", "OUTPUTS", "NOTES", "RELATED LINKS"];

    /// <summary>Fence info strings whose code an example runs; other fences (output, text) are shown as remarks.</summary>
    private static readonly HashSet<string> CodeLanguages = new(StringComparer.OrdinalIgnoreCase) { "", "powershell", "pwsh", "ps", "ps1" };

    public static CommandHelp? Read(string text, PageExpectations expected, string expectedName, ProblemSink problems)
    {
        var before = problems.Count;
        foreach (var (line, placeholder) in PageOutline.Placeholders(text))
        {
            problems.At(line, $"unfilled placeholder '{placeholder}'; write the real text.");
        }

        var page = PageOutline.Parse(text, problems);
        var online = CheckFrontMatter(page, expected, problems);
        if (page.Title is null)
        {
            problems.At(0, $"no '# {expectedName}' title heading.");
        }
        else if (!string.Equals(page.Title, expectedName, StringComparison.Ordinal))
        {
            problems.At(page.TitleLine, $"the title is '# {page.Title}' but the file is for {expectedName}; the title must be the cmdlet name.");
        }

        var sections = CheckSections(page, problems);
        if (problems.Count > before || sections is null)
        {
            return null;
        }

        var synopsis = Prose(sections["SYNOPSIS"], problems, required: true);
        var syntax = ReadSyntax(sections["SYNTAX"], expectedName, problems);
        var description = Prose(sections["DESCRIPTION"], problems, required: true);
        var examples = ReadExamples(sections["EXAMPLES"], problems);
        var parameters = ReadParameters(sections["PARAMETERS"], problems);
        var inputs = ReadTypes(sections["INPUTS"], problems);
        var outputs = ReadTypes(sections["OUTPUTS"], problems);
        var notes = Prose(sections["NOTES"], problems, required: false);
        var links = ReadLinks(sections["RELATED LINKS"], problems);
        if (problems.Count == before)
        {
            CheckSyntaxAgainstParameters(sections["SYNTAX"], syntax, parameters, problems);
        }

        return problems.Count > before
            ? null
            : new CommandHelp(expectedName, online, synopsis, syntax, description, examples, parameters, inputs, outputs, notes, links);
    }

    private static string? CheckFrontMatter(PageOutline page, PageExpectations expected, ProblemSink problems)
    {
        if (page.FrontMatter is null)
        {
            problems.At(0, $"no front matter; a cmdlet page starts with '---', 'external help file: {expected.ExternalHelpFile}', 'Module Name: {expected.ModuleName}', 'online version:', 'schema: 2.0.0', '---'.");
            return null;
        }

        foreach (var (key, value) in new[] { ("external help file", expected.ExternalHelpFile), ("Module Name", expected.ModuleName), ("schema", "2.0.0") })
        {
            if (!page.FrontMatter.TryGetValue(key, out var actual))
            {
                problems.At(0, $"front matter lacks '{key}: {value}'.");
            }
            else if (!string.Equals(actual.Value, value, StringComparison.Ordinal))
            {
                problems.At(actual.Line, $"front matter '{key}' is '{actual.Value}' but must be '{value}' for this module.");
            }
        }

        var online = page.FrontMatter.GetValueOrDefault("online version")?.Value;
        if (!string.IsNullOrEmpty(online) && !PlainText.IsWebAddress(online))
        {
            problems.At(page.FrontMatter["online version"].Line, $"'online version: {online}' is not an http(s) address.");
        }

        return string.IsNullOrEmpty(online) ? null : online;
    }

    private static Dictionary<string, Section>? CheckSections(PageOutline page, ProblemSink problems)
    {
        var byName = new Dictionary<string, Section>(StringComparer.Ordinal);
        var ok = true;
        foreach (var section in page.Sections)
        {
            if (!RequiredSections.Contains(section.Title, StringComparer.Ordinal))
            {
                problems.At(section.Line, $"unknown section '## {section.Title}'; a cmdlet page has exactly {string.Join(", ", RequiredSections)}.");
                ok = false;
            }
            else if (!byName.TryAdd(section.Title, section))
            {
                problems.At(section.Line, $"section '## {section.Title}' appears twice.");
                ok = false;
            }
        }

        foreach (var missing in RequiredSections.Where(s => !byName.ContainsKey(s)))
        {
            problems.At(page.TitleLine, $"missing section '## {missing}'.");
            ok = false;
        }

        if (ok)
        {
            var order = page.Sections.Select(s => s.Title).ToList();
            if (!order.SequenceEqual(RequiredSections))
            {
                problems.At(page.Sections[0].Line, $"sections must come in the order {string.Join(", ", RequiredSections)} (they are {string.Join(", ", order)}).");
                ok = false;
            }
        }

        return ok ? byName : null;
    }

    private static List<TextBlock> Prose(Section section, ProblemSink problems, bool required)
    {
        foreach (var sub in section.Subsections)
        {
            problems.At(sub.Line, $"'## {section.Title}' has no subsections ('### {sub.Title}').");
        }

        var text = PlainText.FromBlocks(section.Blocks, problems);
        if (required && text.All(t => t.Text.Length == 0))
        {
            problems.At(section.Line, $"'## {section.Title}' is empty.");
        }

        return text;
    }

    private static List<SyntaxSet> ReadSyntax(Section section, string name, ProblemSink problems)
    {
        var sets = new List<SyntaxSet>();
        if (section.Subsections.Count == 0)
        {
            // A cmdlet with one parameter set: PlatyPS writes its syntax without a set heading.
            var code = section.Blocks.OfType<FencedCodeBlock>().ToList();
            if (code.Count != 1 || section.Blocks.Count != 1)
            {
                problems.At(section.Line, "SYNTAX must hold one code block, or one '### SetName' heading with one code block per parameter set.");
                return sets;
            }

            sets.Add(new SyntaxSet(null, true, SyntaxParameters(code[0], name, problems)));
            return sets;
        }

        if (section.Blocks.Count > 0)
        {
            problems.At(section.Blocks[0].Line, "text in SYNTAX before the first '### SetName' heading.");
        }

        foreach (var sub in section.Subsections)
        {
            var match = SetHeading().Match(sub.Title);
            var code = sub.Blocks.OfType<FencedCodeBlock>().ToList();
            if (!match.Success)
            {
                problems.At(sub.Line, $"'### {sub.Title}' is not a parameter set name (write '### Name' or '### Name (Default)').");
            }
            else if (code.Count != 1 || sub.Blocks.Count != 1)
            {
                problems.At(sub.Line, $"parameter set '{sub.Title}' must hold exactly one code block.");
            }
            else
            {
                sets.Add(new SyntaxSet(match.Groups[1].Value, match.Groups[2].Success, SyntaxParameters(code[0], name, problems)));
            }
        }

        if (sets.Count > 1 && sets.Count(s => s.IsDefault) > 1)
        {
            problems.At(section.Line, "more than one parameter set is marked (Default).");
        }

        return sets;
    }

    private static List<string> SyntaxParameters(FencedCodeBlock code, string name, ProblemSink problems)
    {
        var text = string.Join(' ', PlainText.CodeText(code).Split('\n').Select(l => l.Trim()));
        if (!text.StartsWith(name + " ", StringComparison.Ordinal) && text != name)
        {
            problems.At(code.Line, $"the syntax must start with the cmdlet name '{name}'.");
        }

        var names = SyntaxParameter().Matches(text).Select(m => m.Groups[1].Value).ToList();
        foreach (var duplicate in names.GroupBy(n => n, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            problems.At(code.Line, $"the syntax names -{duplicate.Key} twice.");
        }

        return names;
    }

    private static List<ExampleHelp> ReadExamples(Section section, ProblemSink problems)
    {
        var examples = new List<ExampleHelp>();
        if (section.Blocks.Count > 0)
        {
            problems.At(section.Blocks[0].Line, "text in EXAMPLES before the first '### Example 1: …' heading.");
        }

        if (section.Subsections.Count == 0)
        {
            problems.At(section.Line, "EXAMPLES has no '### Example 1: …'.");
        }

        foreach (var sub in section.Subsections)
        {
            if (!ExampleHeading().IsMatch(sub.Title))
            {
                problems.At(sub.Line, $"example heading '### {sub.Title}' must read '### Example N: what it does'.");
            }

            var code = new List<string>();
            var remarks = new List<Block>();
            foreach (var block in sub.Blocks)
            {
                if (block is FencedCodeBlock fenced && CodeLanguages.Contains(fenced.Info ?? string.Empty))
                {
                    code.Add(PlainText.CodeText(fenced));
                }
                else
                {
                    remarks.Add(block);
                }
            }

            if (code.All(c => c.Trim().Length == 0))
            {
                problems.At(sub.Line, $"'{sub.Title}' has no code; an example shows the command in a ```powershell block.");
            }

            examples.Add(new ExampleHelp(sub.Title, string.Join("\n\n", code), PlainText.FromBlocks(remarks, problems)));
        }

        return examples;
    }

    private static List<ParameterHelp> ReadParameters(Section section, ProblemSink problems)
    {
        var parameters = new List<ParameterHelp>();
        if (section.Blocks.Count > 0)
        {
            problems.At(section.Blocks[0].Line, "text in PARAMETERS before the first '### -Name' heading.");
        }

        foreach (var sub in section.Subsections)
        {
            if (sub.Title is "CommonParameters" or "WorkflowParameters")
            {
                continue;
            }

            var match = ParameterHeading().Match(sub.Title);
            if (!match.Success)
            {
                problems.At(sub.Line, $"'### {sub.Title}' is not a parameter; write '### -Name' or '### CommonParameters'.");
                continue;
            }

            var name = match.Groups[1].Value;
            if (parameters.Exists(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase)))
            {
                problems.At(sub.Line, $"-{name} is documented twice.");
                continue;
            }

            var descriptionBlocks = sub.Blocks.TakeWhile(b => !IsYaml(b)).ToList();
            var metadata = new List<ParameterMetadata>();
            foreach (var block in sub.Blocks.Skip(descriptionBlocks.Count))
            {
                if (IsYaml(block))
                {
                    if (ParameterYaml.Read((FencedCodeBlock)block, name, problems) is { } m)
                    {
                        metadata.Add(m);
                    }
                }
                else
                {
                    problems.At(block.Line, $"-{name}: text after the yaml block; the description comes before it.");
                }
            }

            var description = PlainText.FromBlocks(descriptionBlocks, problems);
            if (description.All(t => t.Text.Trim().Length == 0))
            {
                problems.At(sub.Line, $"-{name} has no description; say what the parameter does before its yaml block.");
            }

            if (!sub.Blocks.Any(IsYaml))
            {
                problems.At(sub.Line, $"-{name} has no ```yaml block with its Type, Parameter Sets, Aliases, Required, Position, Default value, Accept pipeline input and Accept wildcard characters.");
            }

            parameters.Add(new ParameterHelp(name, description, metadata));
        }

        return parameters;
    }

    private static List<TypeHelp> ReadTypes(Section section, ProblemSink problems)
    {
        if (section.Blocks.Count > 0)
        {
            problems.At(section.Blocks[0].Line, $"text in {section.Title} before the first '### TypeName' heading.");
        }

        if (section.Subsections.Count == 0)
        {
            problems.At(section.Line, $"{section.Title} names no type; write '### TypeName' (or '### None').");
        }

        return [.. section.Subsections.Select(s => new TypeHelp(s.Title, PlainText.FromBlocks(s.Blocks, problems)))];
    }

    private static List<RelatedLink> ReadLinks(Section section, ProblemSink problems)
    {
        var before = problems.Count;
        var links = new List<RelatedLink>();
        foreach (var sub in section.Subsections)
        {
            problems.At(sub.Line, $"RELATED LINKS has no subsections ('### {sub.Title}').");
        }

        foreach (var block in section.Blocks)
        {
            if (block is not ParagraphBlock paragraph || paragraph.Inline is null)
            {
                problems.At(block.Line, "RELATED LINKS holds only links, one per line: [Text](uri).");
                continue;
            }

            var inlines = new List<Inline>();
            for (var inline = paragraph.Inline.FirstChild; inline is not null; inline = inline.NextSibling)
            {
                inlines.Add(inline);
            }

            var stray = inlines.Find(i => i is not (LinkInline { IsImage: false } or AutolinkInline or LineBreakInline)
                && !(i is LiteralInline literal && literal.Content.ToString().Trim().Length == 0));
            if (stray is not null)
            {
                problems.At(block.Line, $"'{PlainText.FromInline(paragraph.Inline)}' in RELATED LINKS is not a link; write [Text](uri), one per line.");
                continue;
            }

            foreach (var inline in inlines)
            {
                if (inline is LinkInline link)
                {
                    var text = PlainText.FromInline(link);
                    var url = link.Url ?? string.Empty;
                    // Links to other pages (Get-TofuOciTag.md) are help topics Get-Help finds by name; only web addresses are URIs.
                    links.Add(new RelatedLink(text.Length == 0 ? url : text, PlainText.IsWebAddress(url) ? url : string.Empty));
                }
                else if (inline is AutolinkInline autolink)
                {
                    links.Add(new RelatedLink(autolink.Url, autolink.Url));
                }
            }
        }

        if (links.Count == 0 && problems.Count == before)
        {
            problems.At(section.Line, "RELATED LINKS is empty; link at least the about topic or a related cmdlet.");
        }

        return links;
    }

    private static void CheckSyntaxAgainstParameters(Section section, List<SyntaxSet> syntax, List<ParameterHelp> parameters, ProblemSink problems)
    {
        var setNames = syntax.Where(s => s.Name is not null).Select(s => s.Name!).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var parameter in parameters)
        {
            foreach (var set in parameter.Metadata.SelectMany(m => m.Sets).Where(s => !setNames.Contains(s)))
            {
                problems.At(section.Line, $"-{parameter.Name} names parameter set '{set}', which SYNTAX does not have.");
            }
        }

        foreach (var set in syntax)
        {
            var label = set.Name is null ? "the syntax" : $"set '{set.Name}'";
            foreach (var name in set.ParameterNames)
            {
                var parameter = parameters.Find(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
                if (parameter is null)
                {
                    problems.At(section.Line, $"{label} names -{name}, which PARAMETERS does not document.");
                }
                else if (parameter.For(set.Name) is null)
                {
                    problems.At(section.Line, $"{label} names -{name}, whose yaml does not list that set.");
                }
            }

            foreach (var parameter in parameters.Where(p => p.For(set.Name) is not null && !set.ParameterNames.Contains(p.Name, StringComparer.OrdinalIgnoreCase)))
            {
                problems.At(section.Line, $"-{parameter.Name} is in {label} by its yaml but missing from that syntax.");
            }
        }
    }

    private static bool IsYaml(Block block) => block is FencedCodeBlock { Info: "yaml" };

    [GeneratedRegex(@"^([A-Za-z][\w]*)(?:\s+(\(Default\)))?$")]
    private static partial Regex SetHeading();

    [GeneratedRegex(@"^Example \d+: \S")]
    private static partial Regex ExampleHeading();

    [GeneratedRegex(@"^-([A-Za-z][\w]*)$")]
    private static partial Regex ParameterHeading();

    [GeneratedRegex(@"(?<=[\s\[])-([A-Za-z][\w]*)")]
    private static partial Regex SyntaxParameter();
}
