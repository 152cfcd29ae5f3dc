using System.Security.Cryptography;

namespace OpenTofuOci.Cli;

internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        // Every command that reaches a registry or a layout hashes something, and the first hash loads
        // and initialises OpenSSL (several milliseconds). Doing that on the second core while the command
        // line is parsed and the first requests go out takes it off the critical path. Awaited before
        // exit, so a command that fails at once never exits while OpenSSL is still initialising.
        var crypto = args.Length > 0 && !args.Any(a => a is "-h" or "-?" or "--help" or "--version")
            ? Task.Run(() => SHA256.HashData(ReadOnlySpan<byte>.Empty))
            : Task.CompletedTask;
        var code = await CliApp.RunAsync(args, new CliConsole(Console.Out, Console.Error, Console.In, !Console.IsErrorRedirected));
        await crypto;
        return code;
    }
}
