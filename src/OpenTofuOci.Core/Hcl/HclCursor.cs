namespace OpenTofuOci.Core.Hcl;

/// <summary>A read position in source text that knows its line and column, shared by both readers.</summary>
internal sealed class HclCursor(string text, string fileName)
{
    /// <summary>
    /// How deep blocks, lists and objects may nest. Both readers recurse per level, so a hostile file of
    /// 100,000 "[" would otherwise overflow the stack and kill the process (and a whole PowerShell
    /// session) instead of failing with an error; 64 is System.Text.Json's default and far beyond the
    /// two or three levels a lock file or CLI configuration uses.
    /// </summary>
    public const int MaxNestingDepth = 64;

    private int _index;
    private int _line = 1;
    private int _column = 1;
    private int _depth;

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

    /// <summary>Where the cursor is, to come back to with <see cref="Reset"/>.</summary>
    public (int Index, int Line, int Column) Mark() => (_index, _line, _column);

    /// <summary>Moves back to a <see cref="Mark"/>, for a reader that tried one reading and takes another.</summary>
    public void Reset((int Index, int Line, int Column) mark) => (_index, _line, _column) = mark;

    public void Advance(int count)
    {
        for (var i = 0; i < count; i++)
        {
            Advance();
        }
    }

    /// <summary>Enters one more level of nesting that starts at <paramref name="at"/>; pair with <see cref="Leave"/>.</summary>
    /// <exception cref="HclParseException">The level would be deeper than <see cref="MaxNestingDepth"/>.</exception>
    public void Enter(HclPosition at, string what)
    {
        if (++_depth > MaxNestingDepth)
        {
            throw Error(at, $"this {what} is nested more than {MaxNestingDepth} levels deep",
                "flatten the file: lock files and CLI configurations never nest this deep, so it is likely damaged or hostile");
        }
    }

    public void Leave() => _depth--;

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
