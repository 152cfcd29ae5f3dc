using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.FileSystem;
using OpenTofuOci.Core.Oci.Targets;

namespace OpenTofuOci.Core.Providers.Installing;

/// <summary>
/// Installs providers from OCI mirrors the way <c>tofu init</c> does (docs/opentofu-compatibility.md §2.1,
/// §2.4, §2.5): same version choice, same descriptor and lock checks before any download, downloads
/// verified while they stream, safe extraction into a temporary directory moved into place when
/// complete, and <c>h1:</c>/<c>zh:</c> recorded in the dependency lock file.
/// </summary>
/// <remarks>
/// Destinations: <see cref="PackageLayout.Unpacked"/> (a filesystem mirror or plugin cache,
/// <c>HOST/NAMESPACE/TYPE/VERSION/OS_ARCH/</c>) or <see cref="PackageLayout.Packed"/>
/// (<c>HOST/NAMESPACE/TYPE/terraform-provider-TYPE_VERSION_OS_ARCH.zip</c>). An identical package
/// already there is reported as <see cref="PackageInstallStatus.AlreadyPresent"/>; a different one
/// is <see cref="ErrorCode.PackageMismatch"/> unless <see cref="ProviderInstallRequest.Force"/>.
/// Any number of processes may install into one destination at once (<see cref="PackagePlacement"/>).
/// A provider that fails (not in the mirror, no matching version, a package that does not verify, …)
/// is reported in <see cref="ProviderInstallResult.Failures"/> and the others are installed and
/// recorded; only setup errors (arguments, an unreadable lock file, a destination that cannot be
/// created) and cancellation throw. Temporary files and the empty directories the call created are
/// removed; the lock file records only the providers whose every package succeeded. The flow is
/// <see cref="ProviderPipeline"/>'s, shared with <see cref="ProviderLocker"/>; this class places packages.
/// </remarks>
public sealed class ProviderInstaller
{
    private readonly ProviderSourceResolver _sources;

    /// <param name="sources">Where each provider's repository is.</param>
    public ProviderInstaller(ProviderSourceResolver sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        _sources = sources;
    }

    /// <summary>Installs every requested provider for every requested platform, as many as can be.</summary>
    public async Task<ProviderInstallResult> InstallAsync(ProviderInstallRequest request, IProgress<TransferProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(request.Destination);
        var result = await ProviderPipeline.RunAsync(_sources, request, request.LockFilePath, new Placing(request), progress, cancellationToken).ConfigureAwait(false);
        return new ProviderInstallResult(result.Completed, result.LockFilePath) { Failures = result.Failures };
    }

    // Each package is placed into the destination under its own lock; directories the call created and left empty are removed.
    private sealed class Placing(ProviderInstallRequest request) : PackageStep<InstalledProviderPackage>
    {
        private string _destination = string.Empty;
        private CreatedDirectories? _created;

        public override void CheckSetup()
        {
            _destination = Path.GetFullPath(request.Destination);
            if (File.Exists(_destination))
            {
                throw new TofuOciException(ErrorIds.FileAccessFailed, ErrorKind.InvalidOperation,
                    $"The destination {_destination} is a file; give a directory (a filesystem mirror or plugin cache) to install into.", _destination);
            }
        }

        public override void Begin(IReadOnlyList<PlannedPackage> work)
        {
            _created = CreatedDirectories.Before(work.Select(p => Path.GetDirectoryName(PackagePlacement.PackagePath(_destination, p, request.Layout))!).Append(_destination));
            if (work.Count > 0)
            {
                // A destination that cannot be created (its parent is a file, no permission) is a setup
                // error for the whole call, not a failure of each provider in turn.
                Directory.CreateDirectory(_destination);
            }
        }

        public override void End() => _created?.RemoveEmpty();

        public override Task<InstalledProviderPackage> RunAsync(PlannedPackage package, TransferTracker tracker, CancellationToken cancellationToken) =>
            request.Layout == PackageLayout.Packed
                ? PackagePlacement.PackedAsync(package, _destination, request.Force, request.LockTimeout, tracker, cancellationToken)
                : PackagePlacement.UnpackedAsync(package, _destination, request.Force, request.LockTimeout, tracker, cancellationToken);
    }
}
