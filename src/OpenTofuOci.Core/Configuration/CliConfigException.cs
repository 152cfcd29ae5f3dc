using OpenTofuOci.Core.Errors;

namespace OpenTofuOci.Core.Configuration;

/// <summary>
/// The CLI configuration breaks one or more of OpenTofu's rules; <see cref="Problems"/> lists them all,
/// and the message has one line per problem (docs/opentofu-compatibility.md §5.2, §6, §10).
/// </summary>
public sealed class CliConfigException : TofuOciException
{
    public CliConfigException(IReadOnlyList<CliConfigProblem> problems, Exception? innerException = null)
        : base(ErrorIds.InvalidCliConfiguration, ErrorKind.InvalidData, Format(problems),
            problems?.FirstOrDefault(p => p.File is not null)?.File, innerException)
    {
        Problems = problems!;
    }

    public CliConfigException() : this([new CliConfigProblem(null, null, "Invalid CLI configuration", "The CLI configuration is invalid.")]) { }

    public CliConfigException(string message) : this([new CliConfigProblem(null, null, "Invalid CLI configuration", message)]) { }

    public CliConfigException(string message, Exception innerException)
        : this([new CliConfigProblem(null, null, "Invalid CLI configuration", message)], innerException) { }

    /// <summary>Every problem found, in file and source order.</summary>
    public IReadOnlyList<CliConfigProblem> Problems { get; }

    private static string Format(IReadOnlyList<CliConfigProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        return string.Join("\n", problems.Select(p => p.ToString()));
    }
}
