using System.CommandLine;

namespace OpenTofuOci.Cli.Commands.Bundle;

/// <summary><c>tofu-oci bundle …</c>: carry a configuration's providers and modules across an air gap (docs/opentofu-compatibility.md §13).</summary>
internal static class BundleCommand
{
    public static Command Create(CommonOptions common, CliConsole console)
    {
        var command = new Command("bundle", "Carry everything a configuration needs (providers for several platforms, oci:// modules) across an air gap as one OCI layout or .tar.");
        command.Subcommands.Add(BundleImportCommand.Create(common, console));
        command.Subcommands.Add(BundleVerifyCommand.Create(common, console));
        return command;
    }
}
