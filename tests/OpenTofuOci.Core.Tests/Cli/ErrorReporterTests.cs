using System.Text.Json;
using OpenTofuOci.Cli;

namespace OpenTofuOci.Core.Tests.Cli;

/// <summary>How failures that are not tofu-oci's own errors are shown: one line and an id, never a crash dump.</summary>
public sealed class ErrorReporterTests
{
    [Fact]
    public void An_unexpected_exception_is_one_line_with_the_UnexpectedError_id_and_exit_code_1()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var console = new CliConsole(output, error, TextReader.Null, ErrorIsTerminal: false);

        var code = ErrorReporter.Report(new InvalidOperationException("boom"), console, json: true);

        Assert.Equal(1, code);
        Assert.Equal("error: Unexpected error (InvalidOperationException): boom This is a bug in tofu-oci; please report it with the command you ran and the output of the same command with --debug. [UnexpectedError]" + Environment.NewLine, error.ToString());
        Assert.Equal("UnexpectedError", JsonDocument.Parse(output.ToString()).RootElement.GetProperty("error").GetProperty("id").GetString());
    }
}
