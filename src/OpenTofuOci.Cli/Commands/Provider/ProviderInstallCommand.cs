using System.CommandLine;
using System.Text.Json.Nodes;
using OpenTofuOci.Core.Providers.Installing;

namespace OpenTofuOci.Cli.Commands.Provider;

/// <summary>
/// <c>tofu-oci provider install</c>: installs providers from an OCI mirror into a filesystem
/// mirror, plugin cache or packed layout the way <c>tofu init</c> would, and records their hashes.
/// </summary>
internal static class ProviderInstallCommand
{
    public static Command? Create(CommonOptions common, CliConsole console)
    {
        var source = new ProviderSourceOptions();
        var destination = new Option<string?>("--destination")
        {
            Description = "Directory to install into (filesystem mirror or plugin cache). Default: the CLI configuration's plugin_cache_dir / TF_PLUGIN_CACHE_DIR.",
        };
        var packed = new Option<bool>("--packed")
        {
            Description = "Store terraform-provider-TYPE_VERSION_OS_ARCH.zip files (packed mirror layout) instead of extracting.",
        };
        var lockFile = new Option<string?>("--lock-file")
        {
            Description = "A .terraform.lock.hcl to honour (refuse packages it does not list) and update with h1: and zh: hashes.",
        };
        var force = new Option<bool>("--force")
        {
            Description = "Replace an installed package that differs from the mirror's instead of failing.",
        };
        var command = new Command("install", "Install providers from an OCI mirror (verified, extracted safely) into a filesystem mirror, plugin cache or packed layout, and record h1:/zh: in a lock file.");
        source.AddTo(command);
        command.Options.Add(destination);
        command.Options.Add(packed);
        command.Options.Add(lockFile);
        command.Options.Add(force);
        CommandAction.Set(command, common, console, async (parse, json, cancellationToken) =>
        {
            var providers = source.Requirements(parse);
            var platforms = source.PlatformList(parse);
            var loadConfig = ProviderSourceOptions.ConfigLoader(common, console, cancellationToken);
            var resolver = await source.ResolverAsync(parse, common, console, providers, cancellationToken);
            var dest = parse.GetValue(destination) ?? (await loadConfig()).PluginCacheDir
                ?? throw ProviderSourceOptions.Usage("Say where to install with --destination <dir>; the CLI configuration has no plugin_cache_dir (and TF_PLUGIN_CACHE_DIR is not set) to use instead.");
            var request = new ProviderInstallRequest
            {
                Providers = providers,
                Platforms = platforms,
                Destination = dest,
                Layout = parse.GetValue(packed) ? PackageLayout.Packed : PackageLayout.Unpacked,
                Force = parse.GetValue(force),
                LockFilePath = parse.GetValue(lockFile),
            };
            var result = await ProgressDisplay.RunAsync(console, "install", progress =>
                new ProviderInstaller(resolver).InstallAsync(request, progress, cancellationToken));
            return Write(result, console, json);
        });
        return command;
    }

    // Successes first (stdout), then each failed provider as an error line (stderr); exit code 1 when any failed.
    private static int Write(ProviderInstallResult result, CliConsole console, bool json)
    {
        var lockFileUpdated = result.LockFilePath is not null && result.Packages.Any(p => result.Failures.All(f => f.Address != p.Address));
        if (json)
        {
            console.Out.WriteLine(CliJson.Write(new JsonObject
            {
                ["packages"] = CliJson.Array(result.Packages.Select(p => new JsonObject
                {
                    ["address"] = p.Address.ToString(),
                    ["version"] = p.Version.ToString(),
                    ["platform"] = p.Platform.ToString(),
                    ["path"] = p.Path,
                    ["h1"] = p.H1,
                    ["zh"] = p.Zh,
                    ["status"] = StatusText(p.Status),
                })),
                ["lockFile"] = lockFileUpdated ? result.LockFilePath : null,
                ["failures"] = FailuresJson(result.Failures),
            }));
        }
        else
        {
            foreach (var p in result.Packages)
            {
                console.Out.WriteLine($"{StatusText(p.Status)} {p.Address} {p.Version} {p.Platform}");
                console.Out.WriteLine($"  path  {p.Path}");
                console.Out.WriteLine($"  h1    {p.H1}");
                console.Out.WriteLine($"  zh    {p.Zh}");
            }

            if (lockFileUpdated)
            {
                console.Out.WriteLine($"Lock file {result.LockFilePath} updated.");
            }
        }

        return ReportFailures(result.Failures, console);
    }

    /// <summary>The <c>failures</c> array of --json: <c>[{"address","error":{"id","message","target"}}]</c>.</summary>
    internal static JsonArray FailuresJson(IReadOnlyList<ProviderFailure> failures) =>
        CliJson.Array(failures.Select(f => new JsonObject { ["address"] = f.Address.ToString(), ["error"] = ErrorReporter.Json(f.Error) }));

    /// <summary>Prints each failure as an error and gives the exit code: 1 when any provider failed.</summary>
    internal static int ReportFailures(IReadOnlyList<ProviderFailure> failures, CliConsole console)
    {
        foreach (var f in failures)
        {
            ErrorReporter.WriteFailure(f.Error, console);
        }

        return failures.Count == 0 ? 0 : ErrorReporter.Failure;
    }

    internal static string StatusText(PackageInstallStatus status) => status switch
    {
        PackageInstallStatus.Installed => "installed",
        PackageInstallStatus.AlreadyPresent => "already-present",
        _ => "replaced",
    };
}
