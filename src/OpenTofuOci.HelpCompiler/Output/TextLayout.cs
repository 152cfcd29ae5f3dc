using OpenTofuOci.HelpCompiler.Model;

namespace OpenTofuOci.HelpCompiler.Output;

/// <summary>Lays plain-text help blocks out for MAML paragraphs and for about topics.</summary>
internal static class TextLayout
{
    /// <summary>
    /// One MAML paragraph per block, unwrapped: Get-Help wraps paragraphs to the window itself. It
    /// also trims a paragraph's leading white space, so nesting is not shown by indenting; code keeps
    /// its line breaks and the indentation of its later lines.
    /// </summary>
    public static string MamlParagraph(TextBlock block) => block.Text;

    /// <summary>Blocks wrapped to <paramref name="width"/> columns after <paramref name="indent"/> spaces, blank lines between.</summary>
    public static IEnumerable<string> Wrapped(IReadOnlyList<TextBlock> blocks, int indent, int width)
    {
        for (var i = 0; i < blocks.Count; i++)
        {
            var block = blocks[i];
            // Consecutive items of one list stay together; everything else is separated by a blank line.
            if (i > 0 && !(block.Kind == TextBlockKind.ListItem && blocks[i - 1].Kind == TextBlockKind.ListItem))
            {
                yield return string.Empty;
            }

            var left = indent + (2 * block.Depth);
            switch (block.Kind)
            {
                case TextBlockKind.Code:
                    foreach (var line in block.Text.Split('\n'))
                    {
                        yield return line.Length == 0 ? string.Empty : new string(' ', left + 4) + line;
                    }

                    break;
                case TextBlockKind.ListItem:
                    var marker = block.Text.IndexOf(' ', StringComparison.Ordinal) + 1;
                    foreach (var line in Wrap(block.Text, left, left + marker, width))
                    {
                        yield return line;
                    }

                    break;
                default:
                    foreach (var line in Wrap(block.Text, left, left, width))
                    {
                        yield return line;
                    }

                    break;
            }
        }
    }

    /// <summary>Word-wraps one paragraph; hard line breaks are kept, a word longer than the line stands alone.</summary>
    public static IEnumerable<string> Wrap(string text, int firstIndent, int restIndent, int width)
    {
        var first = true;
        foreach (var hardLine in text.Split('\n'))
        {
            var line = new System.Text.StringBuilder(new string(' ', first ? firstIndent : restIndent));
            var empty = true;
            foreach (var word in hardLine.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (!empty && line.Length + 1 + word.Length > width)
                {
                    yield return line.ToString();
                    line.Clear().Append(' ', restIndent);
                    empty = true;
                }

                if (!empty)
                {
                    line.Append(' ');
                }

                line.Append(word);
                empty = false;
            }

            yield return line.ToString().TrimEnd();
            first = false;
        }
    }
}
