namespace OpenTofuOci.Core.RootModules;

/// <summary>A place in a configuration file: 1-based line and column, and the 0-based character span it covers.</summary>
/// <param name="File">The file's absolute path.</param>
/// <param name="Line">1-based line.</param>
/// <param name="Column">1-based column.</param>
/// <param name="Offset">0-based offset of the first character in the file's text.</param>
/// <param name="Length">How many characters the item spans.</param>
public sealed record ConfigLocation(string File, int Line, int Column, int Offset, int Length)
{
    public override string ToString() => $"{File}:{Line}:{Column}";
}
