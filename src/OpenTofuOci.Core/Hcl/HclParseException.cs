using OpenTofuOci.Core.Errors;

namespace OpenTofuOci.Core.Hcl;

/// <summary>
/// A file is not valid HCL (or JSON) of the subset we read. The message is
/// <c>&lt;file&gt;:&lt;line&gt;:&lt;col&gt;: &lt;what&gt; — &lt;what to do&gt;</c>.
/// </summary>
public sealed class HclParseException : TofuOciException
{
    public HclParseException(HclPosition position, string problem, string remedy)
        : base(ErrorIds.HclSyntaxError, ErrorKind.InvalidData, $"{position}: {problem} — {remedy}", position.File)
    {
        Position = position;
        Problem = problem;
    }

    public HclParseException() : this(new HclPosition("<unknown>", 0, 0), "invalid HCL", "fix the file") { }

    public HclParseException(string message) : this(new HclPosition("<unknown>", 0, 0), message, "fix the file") { }

    public HclParseException(string message, Exception innerException) : base(message, innerException)
    {
        Position = new HclPosition("<unknown>", 0, 0);
        Problem = message;
    }

    /// <summary>Where the problem is.</summary>
    public HclPosition Position { get; }

    /// <summary>What is wrong, without position or remedy.</summary>
    public string Problem { get; }
}
