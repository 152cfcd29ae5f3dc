using OpenTofuOci.Cli;

namespace OpenTofuOci.Core.Tests.Cli;

/// <summary>Runs <c>tofu-oci</c> in-process with captured streams.</summary>
internal static class CliRunner
{
    public sealed record Result(int ExitCode, string Out, string Error);

    public static async Task<Result> RunWithInputAsync(string stdin, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var input = new StringReader(stdin);
        var code = await CliApp.RunAsync(args, new CliConsole(output, error, input, ErrorIsTerminal: false));
        return new Result(code, output.ToString(), error.ToString());
    }

    public static Task<Result> RunAsync(params string[] args) => RunWithInputAsync(string.Empty, args);
}
