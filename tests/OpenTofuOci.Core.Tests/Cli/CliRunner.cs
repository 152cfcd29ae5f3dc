using OpenTofuOci.Cli;
using OpenTofuOci.Core.Credentials.Policy;
using OpenTofuOci.Core.Credentials;

namespace OpenTofuOci.Core.Tests.Cli;

/// <summary>Runs <c>tofu-oci</c> in-process with captured streams and an injected environment.</summary>
internal static class CliRunner
{
    public sealed record Result(int ExitCode, string Out, string Error);

    /// <summary>
    /// An environment with a home directory that does not exist, so no real user's CLI configuration or
    /// Docker credentials leak into tests; PATH is the real one.
    /// </summary>
    public static CredentialEnvironment Hermetic { get; } = EnvironmentWith(Path.Combine(Path.GetTempPath(), "tofuoci-no-home-" + Guid.NewGuid().ToString("N")));

    /// <summary>A Linux environment whose HOME is <paramref name="home"/>, with the given extra variables and the real PATH unless overridden.</summary>
    public static CredentialEnvironment EnvironmentWith(string home, IReadOnlyDictionary<string, string>? variables = null)
    {
        var all = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["HOME"] = home,
            ["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin",
        };
        foreach (var (k, v) in variables ?? new Dictionary<string, string>())
        {
            all[k] = v;
        }

        return new CredentialEnvironment(CredentialPlatform.Linux, n => all.TryGetValue(n, out var v) ? v : null, home, null);
    }

    public static async Task<Result> RunWithEnvironmentAsync(CredentialEnvironment environment, string stdin, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var input = new StringReader(stdin);
        var code = await CliApp.RunAsync(args, new CliConsole(output, error, input, ErrorIsTerminal: false) { Environment = environment });
        return new Result(code, output.ToString(), error.ToString());
    }

    public static Task<Result> RunWithInputAsync(string stdin, params string[] args) => RunWithEnvironmentAsync(Hermetic, stdin, args);

    /// <summary>As <see cref="RunAsync"/>, with stderr taken for a terminal, so progress is drawn into <see cref="Result.Error"/>.</summary>
    public static async Task<Result> RunOnTerminalAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var input = new StringReader(string.Empty);
        var code = await CliApp.RunAsync(args, new CliConsole(output, error, input, ErrorIsTerminal: true) { Environment = Hermetic });
        return new Result(code, output.ToString(), error.ToString());
    }

    public static Task<Result> RunAsync(params string[] args) => RunWithInputAsync(string.Empty, args);
}
