namespace OpenTofuOci.Cli;

internal static class Program
{
    private static Task<int> Main(string[] args) =>
        CliApp.RunAsync(args, new CliConsole(Console.Out, Console.Error, Console.In, !Console.IsErrorRedirected));
}
