using OpenTofuOci.Core.Errors;

namespace OpenTofuOci.Core.RootModules;

/// <summary>The errors of reading and rewriting a configuration, each naming the file and line (docs/opentofu-compatibility.md §11).</summary>
internal static class ConfigurationErrors
{
    /// <summary>Longest expression text quoted in a message; a whole heredoc would drown the point.</summary>
    private const int QuotedExpressionLength = 60;

    public static TofuOciException Invalid(string at, string file, string problem, string remedy, Exception? inner = null) =>
        new(ErrorIds.InvalidConfiguration, ErrorKind.InvalidData, $"{at}: {problem} — {remedy}", file, inner);

    public static TofuOciException Invalid(ConfigLocation at, string problem, string remedy, Exception? inner = null) =>
        Invalid(at.ToString(), at.File, problem, remedy, inner);

    public static TofuOciException Changed(string file, string what) =>
        new(ErrorIds.ConfigurationChanged, ErrorKind.InvalidOperation,
            $"{file}: {what} since the configuration was read — read the configuration again and plan the source changes anew; nothing was written.",
            file);

    public static string Quote(string expression) =>
        expression.Length <= QuotedExpressionLength ? expression : string.Concat(expression.AsSpan(0, QuotedExpressionLength), "…");
}
