using OpenTofuOci.HelpCompiler.Build;
using OpenTofuOci.HelpCompiler.Model;

namespace OpenTofuOci.HelpCompiler.Markdown;

/// <summary>
/// Reads an about topic page (PlatyPS about schema): front matter whose <c>title</c> is the topic
/// name, <c># about_Name</c>, then <c>## Short description</c> (one paragraph, which Get-Help lists
/// as the topic's synopsis), <c>## Long description</c> and any further sections.
/// </summary>
internal static class AboutPageReader
{
    public static AboutTopic? Read(string text, string expectedName, ProblemSink problems)
    {
        var before = problems.Count;
        foreach (var (line, placeholder) in PageOutline.Placeholders(text))
        {
            problems.At(line, $"unfilled placeholder '{placeholder}'; write the real text.");
        }

        var page = PageOutline.Parse(text, problems);
        if (page.FrontMatter is null)
        {
            problems.At(0, $"no front matter; an about topic starts with '---', 'title: {expectedName}', 'schema: 2.0.0', '---'.");
        }
        else if (!page.FrontMatter.TryGetValue("title", out var title))
        {
            problems.At(0, $"front matter lacks 'title: {expectedName}'.");
        }
        else if (!string.Equals(title.Value, expectedName, StringComparison.Ordinal))
        {
            problems.At(title.Line, $"front matter 'title' is '{title.Value}' but the file is for {expectedName}.");
        }

        if (page.Title is null)
        {
            problems.At(0, $"no '# {expectedName}' title heading.");
        }
        else if (!string.Equals(page.Title, expectedName, StringComparison.Ordinal))
        {
            problems.At(page.TitleLine, $"the title is '# {page.Title}' but the file is for {expectedName}.");
        }

        var names = page.Sections.Select(s => s.Title).ToList();
        if (names.Count < 2
            || !names[0].Equals("Short description", StringComparison.OrdinalIgnoreCase)
            || !names[1].Equals("Long description", StringComparison.OrdinalIgnoreCase))
        {
            problems.At(page.TitleLine, "an about topic starts with '## Short description' and then '## Long description'.");
        }

        var sections = new List<AboutSection>();
        foreach (var section in page.Sections)
        {
            sections.Add(new AboutSection(2, section.Title, PlainText.FromBlocks(section.Blocks, problems)));
            foreach (var sub in section.Subsections)
            {
                sections.Add(new AboutSection(3, sub.Title, PlainText.FromBlocks(sub.Blocks, problems)));
            }
        }

        if (page.Sections.Count > 0 && page.Sections[0].Title.Equals("Short description", StringComparison.OrdinalIgnoreCase))
        {
            var shortText = sections[0].Body;
            if (shortText.Count != 1 || shortText[0].Kind != TextBlockKind.Paragraph || shortText[0].Text.Contains('\n', StringComparison.Ordinal)
                || page.Sections[0].Subsections.Count > 0)
            {
                problems.At(page.Sections[0].Line, "the short description is one paragraph: Get-Help lists it as the topic's synopsis.");
            }
        }

        return problems.Count > before ? null : new AboutTopic(expectedName, sections);
    }
}
