using System.CommandLine;
using OpenTofuOci.Cli.Commands;
using OpenTofuOci.Cli.Commands.Bundle;
using OpenTofuOci.Cli.Commands.Module;
using OpenTofuOci.Cli.Commands.Credentials;
using OpenTofuOci.Cli.Commands.Provider;

namespace OpenTofuOci.Cli;

/// <summary>The <c>tofu-oci</c> command tree. Commands only map arguments to Core operations and results to text or JSON.</summary>
internal static class CliApp
{
    public static RootCommand Build(CliConsole console)
    {
        var common = new CommonOptions();
        var root = new RootCommand("tofu-oci: keep OpenTofu providers and modules in OCI registries and OCI image-layout directories.");
        common.AddTo(root);
        root.Subcommands.Add(TagsCommand.Create(common, console));
        root.Subcommands.Add(CopyCommand.Create(common, console));
        root.Subcommands.Add(SampleCommand.Create(common, console));
        root.Subcommands.Add(LoginCommand.CreateLogin(common, console));
        root.Subcommands.Add(LoginCommand.CreateLogout(common, console));
        root.Subcommands.Add(CredentialsCommand.Create(common, console));
        if (ProviderCommand.Create(common, console) is { } provider)
        {
            root.Subcommands.Add(provider);
        }

        root.Subcommands.Add(ModuleCommand.Create(common, console));
        root.Subcommands.Add(BundleCommand.Create(common, console));
        return root;
    }

    public static async Task<int> RunAsync(string[] args, CliConsole console, CancellationToken cancellationToken = default)
    {
        var parse = Build(console).Parse(args);
        var code = await parse.InvokeAsync(new InvocationConfiguration { Output = console.Out, Error = console.Error }, cancellationToken);
        // The parser reports its own errors (and help); a malformed command line is a usage error.
        return parse.Errors.Count > 0 ? ErrorReporter.UsageError : code;
    }
}
