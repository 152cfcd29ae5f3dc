using System.CommandLine;

namespace OpenTofuOci.Cli.Commands.Module;

/// <summary><c>tofu-oci module …</c>: publish module directories as <c>oci://</c> packages and save them back.</summary>
internal static class ModuleCommand
{
    public static Command Create(CommonOptions common, CliConsole console)
    {
        var command = new Command("module", "Publish OpenTofu module directories as oci:// module packages and save packages back into directories.");
        command.Subcommands.Add(ModulePublishCommand.Create(common, console));
        command.Subcommands.Add(ModuleSaveCommand.Create(common, console));
        return command;
    }
}
