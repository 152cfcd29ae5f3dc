using System.CommandLine;

namespace OpenTofuOci.Cli.Commands.Bundle;

/// <summary><c>tofu-oci bundle …</c>: carry a configuration's providers and modules across an air gap as one OCI layout (docs/opentofu-compatibility.md §13).</summary>
internal static class BundleCommand
{
    public static Command Create(CommonOptions common, CliConsole console)
    {
        var command = new Command("bundle", "Export everything a configuration needs (providers for several platforms, oci:// modules) into one OCI layout or tar, and bring it into an internal registry.");
        command.Subcommands.Add(BundleExportCommand.Create(common, console));
        return command;
    }
}
