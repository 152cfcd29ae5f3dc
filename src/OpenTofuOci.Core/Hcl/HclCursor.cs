namespace OpenTofuOci.Core.Hcl;

/// <summary>A read position in source text that knows its line and column, shared by both readers.</summary>
internal sealed class HclCursor(string text, string fileName)
{
    private int _index;
    private int _line = 1;
    private int _column = 1;

    public string FileName { get; } = fileName;

    public string Text { get; } = text;

    public int Index => _index;

    public bool AtEnd => _index >= Text.Length;

    public HclPosition Position => new(FileName, _line, _column);

    /// <summary>The character <paramref name="ahead"/> places on, or <c>'\0'</c> past the end.</summary>
    public char Peek(int ahead = 0) => _index + ahead < Text.Length ? Text[_index + ahead] : '\0';

    public bool LookingAt(string s) => string.CompareOrdinal(Text, _index, s, 0, s.Length) == 0;

    public char Advance()
    {
        var c = Text[_index++];
        if (c == '\n')
        {
            _line++;
            _column = 1;
        }
        else
        {
            _column++;
        }

        return c;
    }

    public void Advance(int count)
    {
        for (var i = 0; i < count; i++)
        {
            Advance();
        }
    }

    public static HclParseException Error(HclPosition at, string problem, string remedy) => new(at, problem, remedy);

    public HclParseException Error(string problem, string remedy) => new(Position, problem, remedy);

    /// <summary>The character at the cursor as shown in messages.</summary>
    public string Describe() => AtEnd ? "the end of the file" : Describe(Peek());

    public static string Describe(char c) => c switch
    {
        '\n' => "a line break",
        '\r' => "a carriage return",
        '\t' => "a tab",
        _ when char.IsControl(c) => $"the control character U+{(int)c:X4}",
        _ => $"\"{c}\"",
    };
}
