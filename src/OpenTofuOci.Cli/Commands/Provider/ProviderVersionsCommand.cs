using System.CommandLine;

namespace OpenTofuOci.Cli.Commands.Provider;

/// <summary>Placeholder until the command exists; returns null so it is not offered.</summary>
internal static class ProviderVersionsCommand
{
    public static Command? Create(CommonOptions common, CliConsole console) => null;
}
