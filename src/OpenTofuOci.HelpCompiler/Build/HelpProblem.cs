namespace OpenTofuOci.HelpCompiler.Build;

/// <summary>One thing wrong with a help source, reported as <c>file:line: message</c>.</summary>
internal sealed record HelpProblem(string File, int Line, string Message)
{
    public override string ToString() => $"{File}:{Line.ToString(System.Globalization.CultureInfo.InvariantCulture)}: {Message}";
}

/// <summary>Collects the problems of one file; line numbers are 1-based as editors show them.</summary>
internal sealed class ProblemSink(string file, List<HelpProblem> problems)
{
    public string File => file;

    public int Count => problems.Count;

    /// <summary>Reports a problem at a 0-based Markdig line.</summary>
    public void At(int zeroBasedLine, string message) => problems.Add(new HelpProblem(file, zeroBasedLine + 1, message));
}
