namespace OpenTofuOci.HelpCompiler.Model;

/// <summary>What a block of help text is, which decides how it is laid out as plain text.</summary>
internal enum TextBlockKind
{
    /// <summary>Running text, one line per paragraph (wrapped by whoever displays it).</summary>
    Paragraph,

    /// <summary>One list item's first paragraph, already carrying its bullet ("- " or "1. ").</summary>
    ListItem,

    /// <summary>Code, whose lines are kept exactly as written.</summary>
    Code,
}

/// <summary>
/// One block of help text with markdown formatting reduced to plain text. <see cref="Depth"/> is the
/// list nesting: a nested item, or a second paragraph inside an item, is indented one level more.
/// </summary>
internal sealed record TextBlock(TextBlockKind Kind, string Text, int Depth = 0);
