using OpenTofuOci.Cli;
using OpenTofuOci.Core.Oci.Transport;
using OpenTofuOci.Core.Tests.Cli;

namespace OpenTofuOci.Core.Tests.Transport;

/// <summary>Runs <c>tofu-oci</c> in-process with captured streams and an injected environment (SSL_CERT_FILE, password variables).</summary>
internal static class TlsCli
{
    public static async Task<CliRunner.Result> RunAsync(TransportEnvironment environment, string stdin, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var input = new StringReader(stdin);
        var code = await CliApp.RunAsync(args, new CliConsole(output, error, input, ErrorIsTerminal: false) { Environment = Cli.CliRunner.Hermetic, TransportEnvironment = environment });
        return new CliRunner.Result(code, output.ToString(), error.ToString());
    }

    public static Task<CliRunner.Result> RunAsync(params string[] args) => RunAsync(TransportTestKit.EmptyEnvironment, string.Empty, args);
}
