using System.CommandLine;
using System.Text.Json.Nodes;
using OpenTofuOci.Core.Providers.Installing;

namespace OpenTofuOci.Cli.Commands.Provider;

/// <summary>
/// <c>tofu-oci provider lock</c>: records h1: and zh: for every platform straight from an OCI
/// mirror without installing, which <c>tofu providers lock</c> cannot do for OCI mirrors.
/// </summary>
internal static class ProviderLockCommand
{
    public static Command? Create(CommonOptions common, CliConsole console)
    {
        var source = new ProviderSourceOptions();
        var lockFile = new Option<string>("--lock-file")
        {
            Description = "The .terraform.lock.hcl to update (created when missing).",
            Required = true,
        };
        var command = new Command("lock", "Record h1: and zh: hashes of providers for several platforms in a lock file, straight from an OCI mirror, without installing.");
        source.AddTo(command);
        command.Options.Add(lockFile);
        CommandAction.Set(command, common, console, async (parse, json, cancellationToken) =>
        {
            var providers = source.Requirements(parse);
            var resolver = await source.ResolverAsync(parse, common, console, providers, cancellationToken);
            var request = new ProviderLockRequest
            {
                Providers = providers,
                Platforms = source.PlatformList(parse),
                LockFilePath = parse.GetValue(lockFile)!,
            };
            var result = await ProgressDisplay.RunAsync(console, "lock", progress =>
                new ProviderLocker(resolver).LockAsync(request, progress, cancellationToken));
            return Write(result, console, json);
        });
        return command;
    }

    // Successes first (stdout), then each failed provider as an error line (stderr); exit code 1 when any failed.
    private static int Write(ProviderLockResult result, CliConsole console, bool json)
    {
        var lockFileUpdated = result.Packages.Count > 0;
        if (json)
        {
            console.Out.WriteLine(CliJson.Write(new JsonObject
            {
                ["packages"] = CliJson.Array(result.Packages.Select(p => new JsonObject
                {
                    ["address"] = p.Address.ToString(),
                    ["version"] = p.Version.ToString(),
                    ["platform"] = p.Platform.ToString(),
                    ["h1"] = p.H1,
                    ["zh"] = p.Zh,
                })),
                ["lockFile"] = lockFileUpdated ? result.LockFilePath : null,
                ["failures"] = ProviderInstallCommand.FailuresJson(result.Failures),
            }));
        }
        else
        {
            foreach (var p in result.Packages)
            {
                console.Out.WriteLine($"locked {p.Address} {p.Version} {p.Platform}");
                console.Out.WriteLine($"  h1    {p.H1}");
                console.Out.WriteLine($"  zh    {p.Zh}");
            }

            if (lockFileUpdated)
            {
                console.Out.WriteLine($"Lock file {result.LockFilePath} updated.");
            }
        }

        return ProviderInstallCommand.ReportFailures(result.Failures, console);
    }
}
