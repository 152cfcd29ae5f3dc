using OpenTofuOci.Core.FileSystem;
using OpenTofuOci.Core.LockFiles;
using OpenTofuOci.Core.Oci.Targets;
using OpenTofuOci.Core.Packages;

namespace OpenTofuOci.Core.Providers.Installing;

/// <summary>
/// Records <c>h1:</c> and <c>zh:</c> for every requested platform in <c>.terraform.lock.hcl</c>
/// straight from an OCI mirror, without installing: what <c>tofu providers lock</c> does for other
/// mirrors but cannot do for OCI ones (OpenTofu issue #3620). Versions are chosen and checked as for
/// an install (<see cref="ProviderInstaller"/>), including the pre-download lock check: the flow is
/// <see cref="ProviderPipeline"/>'s; this class only hashes packages.
/// </summary>
/// <remarks>
/// Each package is downloaded (verified) to a temporary file and its <c>h1:</c> is Go's
/// <c>HashZip</c> of the zip, not the dirhash of an extracted directory as <c>tofu init</c> records
/// (docs/opentofu-compatibility.md §2.2, §8.15). The two agree for provider zips, which are flat (no
/// directory entries, no duplicate names); a zip with directory entries would get an <c>h1:</c> that
/// OpenTofu does not reproduce, and then only its <c>zh:</c> would match.
/// </remarks>
public sealed class ProviderLocker
{
    private readonly ProviderSourceResolver _sources;

    /// <param name="sources">Where each provider's repository is.</param>
    public ProviderLocker(ProviderSourceResolver sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        _sources = sources;
    }

    /// <summary>
    /// Downloads every package to a temporary file, hashes it, and merges the hashes of every provider
    /// that succeeded into the lock file (re-read and written under its lock, see
    /// <see cref="LockFileUpdater"/>). A provider that fails is reported in
    /// <see cref="ProviderLockResult.Failures"/> and not recorded; the others are.
    /// </summary>
    public async Task<ProviderLockResult> LockAsync(ProviderLockRequest request, IProgress<TransferProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(request.LockFilePath);
        var result = await ProviderPipeline.RunAsync(_sources, request, request.LockFilePath, new Hashing(), progress, cancellationToken).ConfigureAwait(false);
        return new ProviderLockResult(result.Recorded, result.LockFilePath!) { Failures = result.Failures };
    }

    // Each package goes to a private temporary directory in the system's temp directory, is checked and hashed, and is deleted.
    private sealed class Hashing : PackageStep<LockedProviderPackage>
    {
        public override async Task<LockedProviderPackage> RunAsync(PlannedPackage package, TransferTracker tracker, CancellationToken cancellationToken)
        {
            using var scratch = PrivateTempDirectory.Create();
            var temp = scratch.Combine(package.Meta.Filename);
            try
            {
                await PackageDownloader.DownloadAsync(package, temp, tracker, cancellationToken).ConfigureAwait(false);
                PackageDownloader.CheckExecutable(package, temp);
                var h1 = await DirHash.HashZipAsync(temp, cancellationToken).ConfigureAwait(false);
                return new LockedProviderPackage(package.Meta.Address, package.Meta.Version, package.Platform, h1.ToString(), package.Meta.ZipHash);
            }
            finally
            {
                Cleanup.DeleteFile(temp);
            }
        }
    }
}
