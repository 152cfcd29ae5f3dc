using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.FileSystem;
using OpenTofuOci.Core.Locking;
using OpenTofuOci.Core.Packages;

namespace OpenTofuOci.Core.Providers.Installing;

/// <summary>
/// Puts one verified package into a destination that other processes may be installing into at the
/// same time. Downloading, checking and extracting happen beside the destination without a lock; only
/// the decision (is an identical package already there, a different one, or none?) and the rename
/// into place happen under the package's lock file, <c>&lt;package path&gt;.lock</c>, which for
/// unpacked packages is the very file <c>tofu init</c> locks in a plugin cache. So concurrent installs
/// of one package install it once and find it identical otherwise, and a forced replacement never
/// races another writer.
/// </summary>
internal static class PackagePlacement
{
    public static string PackagePath(string destination, PlannedPackage package, PackageLayout layout)
    {
        var a = package.Meta.Address;
        var typeDir = Path.Combine(destination, a.Hostname, a.Namespace, a.Type);
        return layout == PackageLayout.Packed
            ? Path.Combine(typeDir, package.Meta.Filename)
            : Path.Combine(typeDir, package.Meta.Version.ToString(), package.Platform.ToString());
    }

    public static async Task<InstalledProviderPackage> UnpackedAsync(PlannedPackage package, string destination, bool force, TimeSpan lockTimeout,
        TransferTracker tracker, CancellationToken cancellationToken)
    {
        var dir = PackagePath(destination, package, PackageLayout.Unpacked);
        // What tofu init does with a warm cache: a package the lock file vouches for is not downloaded again.
        if (package.LockedHashes.Count > 0 && HasEntries(dir))
        {
            var held = await LockAsync(package, dir, lockTimeout, cancellationToken).ConfigureAwait(false);
            await using (held.ConfigureAwait(false))
            {
                if (await ExistingHashAsync(dir, cancellationToken).ConfigureAwait(false) is { } vouched && package.LockedHashes.Contains(vouched.ToString()))
                {
                    tracker.Skipped(package.Meta.LayerDescriptor.Size);
                    return Result(package, dir, vouched.ToString(), PackageInstallStatus.AlreadyPresent);
                }
            }
        }

        // A fresh install extracts while it downloads when the source can send the zip's end first.
        var early = HasEntries(dir) ? null : await EarlyExtraction.TryPrepareAsync(package, tracker,
            (zip, progress) => SafeZipExtractor.StageAsync(zip, dir, ExtractionOptions, DisplayName(package), progress, cancellationToken), cancellationToken).ConfigureAwait(false);
        string temp;
        try
        {
            temp = await PackageDownloader.DownloadBesideAsync(package, dir, tracker, cancellationToken, early).ConfigureAwait(false);
        }
        catch
        {
            if (early is not null)
            {
                await early.DisposeAsync().ConfigureAwait(false);
            }

            throw;
        }

        StagedExtraction? staged = null;
        try
        {
            PackageDownloader.CheckExecutable(package, temp);
            // Extract before taking the lock, so parallel installs do the slow part side by side; when a
            // package is already there it is only compared (h1: of the zip, §2.1 4c), so there is nothing to extract.
            PackageHash? zipHash = null;
            if (HasEntries(dir))
            {
                zipHash = await DirHash.HashZipAsync(temp, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                staged = early is null ? null : await early.FinishAsync(temp, cancellationToken).ConfigureAwait(false);
                staged ??= await StageAsync(package, temp, dir, tracker, cancellationToken).ConfigureAwait(false);
            }

            var held = await LockAsync(package, dir, lockTimeout, cancellationToken).ConfigureAwait(false);
            await using (held.ConfigureAwait(false))
            {
                var status = PackageInstallStatus.Installed;
                // An empty directory counts as absent (§2.1 4c; §8.17).
                if (await ExistingHashAsync(dir, cancellationToken).ConfigureAwait(false) is { } dirHash)
                {
                    zipHash ??= await DirHash.HashZipAsync(temp, cancellationToken).ConfigureAwait(false);
                    if (dirHash == zipHash)
                    {
                        return Result(package, dir, dirHash.ToString(), PackageInstallStatus.AlreadyPresent);
                    }

                    if (!force)
                    {
                        throw Mismatch(package, dir, $"its h1: is {dirHash}, the mirror's package has {zipHash}; does it contain local modifications?");
                    }

                    status = PackageInstallStatus.Replaced;
                }

                staged ??= await StageAsync(package, temp, dir, tracker, cancellationToken).ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
                staged.MoveTo(dir, overwrite: status == PackageInstallStatus.Replaced);
                // h1: was computed from the bytes as they were written (equal to the dirhash of the result).
                return Result(package, dir, staged.Result.H1!.Value.ToString(), status);
            }
        }
        finally
        {
            staged?.Dispose();
            if (early is not null)
            {
                await early.DisposeAsync().ConfigureAwait(false);
            }

            Cleanup.DeleteFile(temp);
        }
    }

    public static async Task<InstalledProviderPackage> PackedAsync(PlannedPackage package, string destination, bool force, TimeSpan lockTimeout,
        TransferTracker tracker, CancellationToken cancellationToken)
    {
        var path = PackagePath(destination, package, PackageLayout.Packed);
        // A packed package is known by its zh:, which the layer digest gives without downloading.
        if (File.Exists(path))
        {
            var held = await LockAsync(package, path, lockTimeout, cancellationToken).ConfigureAwait(false);
            await using (held.ConfigureAwait(false))
            {
                if (File.Exists(path) && await ExistingZipAsync(package, path, force, cancellationToken).ConfigureAwait(false) is { } present)
                {
                    tracker.Skipped(package.Meta.LayerDescriptor.Size);
                    return present;
                }
            }
        }

        var temp = await PackageDownloader.DownloadBesideAsync(package, path, tracker, cancellationToken).ConfigureAwait(false);
        try
        {
            PackageDownloader.CheckExecutable(package, temp);
            var h1 = await DirHash.HashZipAsync(temp, cancellationToken).ConfigureAwait(false);
            var held = await LockAsync(package, path, lockTimeout, cancellationToken).ConfigureAwait(false);
            await using (held.ConfigureAwait(false))
            {
                var replacing = File.Exists(path);
                if (replacing && await ExistingZipAsync(package, path, force, cancellationToken).ConfigureAwait(false) is { } present)
                {
                    return present;
                }

                cancellationToken.ThrowIfCancellationRequested();
                // A rename: readers see the old zip or the new one, never part of one.
                await AtomicFile.RenameAsync(temp, path, overwrite: replacing, cancellationToken).ConfigureAwait(false);
                return Result(package, path, h1.ToString(), replacing ? PackageInstallStatus.Replaced : PackageInstallStatus.Installed);
            }
        }
        finally
        {
            Cleanup.DeleteFile(temp);
        }
    }

    // The zip at path when it is the mirror's package; null when it differs and force allows replacing it.
    private static async Task<InstalledProviderPackage?> ExistingZipAsync(PlannedPackage package, string path, bool force, CancellationToken cancellationToken)
    {
        var zh = (await ZipHash.ComputeAsync(path, cancellationToken).ConfigureAwait(false)).ToString();
        if (zh == package.Meta.ZipHash)
        {
            var h1 = await DirHash.HashZipAsync(path, cancellationToken).ConfigureAwait(false);
            return Result(package, path, h1.ToString(), PackageInstallStatus.AlreadyPresent);
        }

        return force ? null : throw Mismatch(package, path, $"its zh: is {zh}, the mirror's package has {package.Meta.ZipHash}");
    }

    private static async Task<PackageHash?> ExistingHashAsync(string dir, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(dir))
        {
            return null;
        }

        var h1 = await DirHash.HashDirectoryAsync(dir, cancellationToken).ConfigureAwait(false);
        return h1 == PackageHash.EmptyH1 ? null : h1;
    }

    private static bool HasEntries(string dir) => Directory.Exists(dir) && Directory.EnumerateFileSystemEntries(dir).Any();

    private static Task<StagedExtraction> StageAsync(PlannedPackage package, string zip, string dir, TransferTracker tracker, CancellationToken cancellationToken) =>
        SafeZipExtractor.StageAsync(zip, dir, ExtractionOptions, DisplayName(package), tracker, cancellationToken);

    private static readonly ZipExtractionOptions ExtractionOptions = ZipExtractionOptions.ForProviders with { ComputeH1 = true };

    private static string DisplayName(PlannedPackage package) =>
        $"the {package.Platform} package of {package.Meta.Address} {package.Meta.Version} ({package.Source.DisplayName}@{package.Meta.LayerDescriptor.Digest})";

    private static async Task<ExclusiveFileLock> LockAsync(PlannedPackage package, string packagePath, TimeSpan timeout, CancellationToken cancellationToken) =>
        await ExclusiveFileLock.TryAcquireAsync(packagePath + ".lock", timeout, cancellationToken).ConfigureAwait(false)
        ?? throw new TofuOciException(ErrorIds.PackageBusy, ErrorKind.InvalidOperation,
            $"Provider {package.Meta.Address} {package.Meta.Version} {package.Platform}: another process (tofu init or tofu-oci) has been installing it into {packagePath} for more than {ExclusiveFileLock.Describe(timeout)} (it holds {packagePath}.lock). "
            + "Wait for it to finish and run again; a process that ended releases the lock by itself, so there is nothing to delete.",
            packagePath);

    private static InstalledProviderPackage Result(PlannedPackage package, string path, string h1, PackageInstallStatus status) =>
        new(package.Meta.Address, package.Meta.Version, package.Platform, path, h1, package.Meta.ZipHash, status);

    private static TofuOciException Mismatch(PlannedPackage package, string path, string detail) =>
        new(ErrorIds.PackageMismatch, ErrorKind.ResourceExists,
            $"existing cached package at {path} does not match the content of the downloaded package of {package.Meta.Address} {package.Meta.Version} {package.Platform} ({detail}). "
            + $"Delete it, or install with {UserOption.Force} to replace it.",
            path);
}
