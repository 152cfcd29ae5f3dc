using System.CommandLine;

namespace OpenTofuOci.Cli.Commands.Provider;

/// <summary><c>tofu-oci provider …</c>: publish, list, install and lock OpenTofu providers in OCI mirrors.</summary>
internal static class ProviderCommand
{
    public static Command? Create(CommonOptions common, CliConsole console)
    {
        var command = new Command("provider", "Publish, list, install and lock OpenTofu providers kept in OCI registries and layouts.");
        foreach (var sub in new[]
        {
            ProviderPublishCommand.Create(common, console),
            ProviderVersionsCommand.Create(common, console),
            ProviderInstallCommand.Create(common, console),
            ProviderLockCommand.Create(common, console),
            ProviderMirrorCommand.Create(common, console),
            ProviderAuditCommand.Create(common, console),
        })
        {
            if (sub is not null)
            {
                command.Subcommands.Add(sub);
            }
        }

        return command.Subcommands.Count == 0 ? null : command;
    }
}
