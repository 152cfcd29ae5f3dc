using System.CommandLine;
using OpenTofuOci.Core.Providers.Installing;

namespace OpenTofuOci.Cli.Commands.Provider;

/// <summary>
/// <c>tofu-oci provider lock</c>: records h1: and zh: for every platform straight from an OCI
/// mirror without installing, which <c>tofu providers lock</c> cannot do for OCI mirrors.
/// The run and the report are <see cref="ProviderPackageCommand"/>'s; this adds the lock file.
/// </summary>
internal static class ProviderLockCommand
{
    public static Command? Create(CommonOptions common, CliConsole console)
    {
        var lockFile = new Option<string>("--lock-file")
        {
            Description = "The .terraform.lock.hcl to update (created when missing).",
            Required = true,
        };
        return ProviderPackageCommand.Create("lock",
            "Record h1: and zh: hashes of providers for several platforms in a lock file, straight from an OCI mirror, without installing.",
            common, console, [lockFile], arguments =>
            {
                var request = new ProviderLockRequest
                {
                    Providers = arguments.Providers,
                    Platforms = arguments.Platforms,
                    LockFilePath = arguments.Parse.GetValue(lockFile)!,
                    RequireProvenance = arguments.RequireProvenance,
                    TrustedKeyFiles = arguments.TrustedKeyFiles,
                };
                return Task.FromResult<ProviderPackageCommand.Run>(async progress =>
                    Report(await new ProviderLocker(arguments.Resolver).LockAsync(request, progress, arguments.CancellationToken)));
            });
    }

    // Only recorded packages are listed, so the lock file was written exactly when there is one.
    private static ProviderPackageCommand.Report Report(ProviderLockResult result) => new(
        result.Packages.Select(p => new ProviderPackageCommand.PackageLine(p, "locked")).ToList(),
        result.Packages.Count > 0 ? result.LockFilePath : null,
        result.Failures);
}
