using System.CommandLine;
using OpenTofuOci.Core.Providers.Installing;

namespace OpenTofuOci.Cli.Commands.Provider;

/// <summary>
/// <c>tofu-oci provider install</c>: installs providers from an OCI mirror into a filesystem
/// mirror, plugin cache or packed layout the way <c>tofu init</c> would, and records their hashes.
/// The run and the report are <see cref="ProviderPackageCommand"/>'s; this adds where and how to install.
/// </summary>
internal static class ProviderInstallCommand
{
    public static Command? Create(CommonOptions common, CliConsole console)
    {
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
        return ProviderPackageCommand.Create("install",
            "Install providers from an OCI mirror (verified, extracted safely) into a filesystem mirror, plugin cache or packed layout, and record h1:/zh: in a lock file.",
            common, console, [destination, packed, lockFile, force], async arguments =>
            {
                var parse = arguments.Parse;
                var dest = parse.GetValue(destination) ?? (await arguments.LoadConfig()).PluginCacheDir
                    ?? throw ProviderSourceOptions.Usage("Say where to install with --destination <dir>; the CLI configuration has no plugin_cache_dir (and TF_PLUGIN_CACHE_DIR is not set) to use instead.");
                var request = new ProviderInstallRequest
                {
                    Providers = arguments.Providers,
                    Platforms = arguments.Platforms,
                    Destination = dest,
                    Layout = parse.GetValue(packed) ? PackageLayout.Packed : PackageLayout.Unpacked,
                    Force = parse.GetValue(force),
                    LockFilePath = parse.GetValue(lockFile),
                    RequireProvenance = arguments.RequireProvenance,
                    TrustedKeyFiles = arguments.TrustedKeyFiles,
                };
                return async progress => Report(await new ProviderInstaller(arguments.Resolver).InstallAsync(request, progress, arguments.CancellationToken));
            });
    }

    // The lock file was written when a provider succeeded with every package: one with a package listed and no failure.
    private static ProviderPackageCommand.Report Report(ProviderInstallResult result) => new(
        result.Packages.Select(p => new ProviderPackageCommand.PackageLine(p, StatusText(p.Status), p.Path, StatusText(p.Status))).ToList(),
        result.LockFilePath is not null && result.Packages.Any(p => result.Failures.All(f => f.Address != p.Address)) ? result.LockFilePath : null,
        result.Failures);

    internal static string StatusText(PackageInstallStatus status) => status switch
    {
        PackageInstallStatus.Installed => "installed",
        PackageInstallStatus.AlreadyPresent => "already-present",
        _ => "replaced",
    };
}
