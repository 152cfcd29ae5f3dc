using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using OpenTofuOci.HelpCompiler.Build;
using OpenTofuOci.HelpCompiler.Model;

namespace OpenTofuOci.HelpCompiler.Markdown;

/// <summary>
/// Reduces markdown to the plain text Get-Help prints: code spans and emphasis keep only their text,
/// a link to a web page becomes "text (url)" and a link to another help page just its text, lists
/// keep their bullets, code blocks keep their lines.
/// </summary>
internal static class PlainText
{
    public static string FromInline(ContainerInline? container)
    {
        var text = new System.Text.StringBuilder();
        Append(text, container?.FirstChild);
        return text.ToString().Trim();
    }

    public static List<TextBlock> FromBlocks(IEnumerable<Block> blocks, ProblemSink problems)
    {
        var result = new List<TextBlock>();
        foreach (var block in blocks)
        {
            AddBlock(result, block, 0, problems);
        }

        return result;
    }

    /// <summary>The lines of a code block as written, without trailing blank lines.</summary>
    public static string CodeText(LeafBlock code)
    {
        var lines = code.Lines.Lines.Take(code.Lines.Count).Select(l => l.Slice.ToString().TrimEnd()).ToList();
        while (lines.Count > 0 && lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        return string.Join('\n', lines);
    }

    /// <summary>True for links that point somewhere Get-Help users can open (not to another markdown page).</summary>
    public static bool IsWebAddress(string? url) =>
        url is not null
        && Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeMailto);

    private static void AddBlock(List<TextBlock> result, Block block, int depth, ProblemSink problems)
    {
        switch (block)
        {
            case ParagraphBlock paragraph:
                result.Add(new TextBlock(TextBlockKind.Paragraph, FromInline(paragraph.Inline), depth));
                break;
            case ListBlock list:
                AddList(result, list, depth, problems);
                break;
            case CodeBlock code:
                result.Add(new TextBlock(TextBlockKind.Code, CodeText(code), depth));
                break;
            case QuoteBlock quote:
                foreach (var child in quote)
                {
                    AddBlock(result, child, depth, problems);
                }

                break;
            case HtmlBlock { Type: HtmlBlockType.Comment }:
            case ThematicBreakBlock:
            case BlankLineBlock:
            case LinkReferenceDefinitionGroup:
                break;
            case HeadingBlock heading:
                problems.At(heading.Line, $"a level {heading.Level} heading is not allowed here; use the page's ## and ### structure.");
                break;
            default:
                problems.At(block.Line, $"{Describe(block)} cannot be turned into help text; write paragraphs, lists or fenced code.");
                break;
        }
    }

    private static void AddList(List<TextBlock> result, ListBlock list, int depth, ProblemSink problems)
    {
        var number = int.TryParse(list.OrderedStart, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var start) ? start : 1;
        foreach (var item in list.OfType<ListItemBlock>())
        {
            var marker = list.IsOrdered ? $"{number.ToString(System.Globalization.CultureInfo.InvariantCulture)}. " : "- ";
            number++;
            var first = true;
            foreach (var child in item)
            {
                if (first && child is ParagraphBlock paragraph)
                {
                    result.Add(new TextBlock(TextBlockKind.ListItem, marker + FromInline(paragraph.Inline), depth));
                }
                else
                {
                    if (first)
                    {
                        result.Add(new TextBlock(TextBlockKind.ListItem, marker.TrimEnd(), depth));
                    }

                    AddBlock(result, child, depth + 1, problems);
                }

                first = false;
            }
        }
    }

    private static void Append(System.Text.StringBuilder text, Inline? inline)
    {
        for (var node = inline; node is not null; node = node.NextSibling)
        {
            switch (node)
            {
                case LiteralInline literal:
                    text.Append(literal.Content.ToString());
                    break;
                case CodeInline code:
                    text.Append(code.Content);
                    break;
                case AutolinkInline autolink:
                    text.Append(autolink.Url);
                    break;
                case LinkInline link:
                    AppendLink(text, link);
                    break;
                case LineBreakInline lineBreak:
                    text.Append(lineBreak.IsHard ? '\n' : ' ');
                    break;
                case HtmlEntityInline entity:
                    text.Append(entity.Transcoded.ToString());
                    break;
                case HtmlInline html:
                    // Markdig reads "<directory>" outside a code span as an HTML tag; help shows it as written.
                    text.Append(html.Tag);
                    break;
                case ContainerInline container:
                    Append(text, container.FirstChild);
                    break;
                default:
                    break;
            }
        }
    }

    private static void AppendLink(System.Text.StringBuilder text, LinkInline link)
    {
        var label = new System.Text.StringBuilder();
        Append(label, link.FirstChild);
        var shown = label.ToString().Trim();
        var url = link.Url;
        if (!link.IsImage && IsWebAddress(url) && !string.Equals(shown, url, StringComparison.Ordinal))
        {
            text.Append(shown.Length == 0 ? url : $"{shown} ({url})");
        }
        else
        {
            text.Append(shown.Length == 0 ? url : shown);
        }
    }

    private static string Describe(Block block) => block switch
    {
        HtmlBlock => "HTML",
        _ => block.GetType().Name,
    };
}
