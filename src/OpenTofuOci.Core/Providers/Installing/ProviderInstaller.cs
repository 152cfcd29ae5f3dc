using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.LockFiles;
using OpenTofuOci.Core.Oci.Targets;
using OpenTofuOci.Core.Packages;

namespace OpenTofuOci.Core.Providers.Installing;

/// <summary>
/// Installs providers from OCI mirrors the way <c>tofu init</c> does (spec/opentofu-compat.md §2.1,
/// §2.4, §2.5): same version choice, same descriptor and lock checks before any download, downloads
/// verified while they stream, safe extraction into a temporary directory moved into place when
/// complete, and <c>h1:</c>/<c>zh:</c> recorded in the dependency lock file.
/// </summary>
/// <remarks>
/// Destinations: <see cref="PackageLayout.Unpacked"/> (a filesystem mirror or plugin cache,
/// <c>HOST/NAMESPACE/TYPE/VERSION/OS_ARCH/</c>) or <see cref="PackageLayout.Packed"/>
/// (<c>HOST/NAMESPACE/TYPE/terraform-provider-TYPE_VERSION_OS_ARCH.zip</c>). An identical package
/// already there is reported as <see cref="PackageInstallStatus.AlreadyPresent"/>; a different one
/// is <see cref="ErrorIds.PackageMismatch"/> unless <see cref="ProviderInstallRequest.Force"/>.
/// A failed call removes its temporary files and the empty directories it created; packages
/// completed before the failure stay, and the lock file is written only when every package succeeded.
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

    /// <summary>Installs every requested provider for every requested platform.</summary>
    public async Task<ProviderInstallResult> InstallAsync(ProviderInstallRequest request, IProgress<TransferProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(request.Destination);
        var platforms = Platforms(request.Platforms);
        CheckParallelism(request.MaxParallelDownloads);
        var destination = Path.GetFullPath(request.Destination);
        var lockPath = request.LockFilePath is null ? null : Path.GetFullPath(request.LockFilePath);
        var lockFile = lockPath is null ? DependencyLockFile.Empty : await LockFileReader.ReadFileAsync(lockPath, cancellationToken).ConfigureAwait(false);

        var plan = await PackagePlanner.PlanAsync(_sources, request.Providers, platforms, lockFile, lockPath, cancellationToken).ConfigureAwait(false);
        var work = plan.SelectMany(p => p.Packages).ToList();
        var created = NewDirectories(destination, work.Select(p => Path.GetDirectoryName(PackagePath(destination, p, request.Layout))!));
        var tracker = new TransferTracker(progress, work.Sum(p => p.Meta.LayerDescriptor.Size), work.Count);
        var results = new InstalledProviderPackage[work.Count];
        try
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, work.Count),
                new ParallelOptions { MaxDegreeOfParallelism = request.MaxParallelDownloads, CancellationToken = cancellationToken },
                async (i, token) => results[i] = request.Layout == PackageLayout.Packed
                    ? await InstallPackedAsync(work[i], destination, request.Force, tracker, token).ConfigureAwait(false)
                    : await InstallUnpackedAsync(work[i], destination, request.Force, tracker, token).ConfigureAwait(false)).ConfigureAwait(false);
        }
        catch
        {
            PruneEmpty(created);
            throw;
        }

        if (lockPath is not null)
        {
            var byPackage = work.Select((p, i) => (Package: p, Result: results[i])).ToList();
            var updated = PackagePlanner.Record(lockFile, plan.Select(provider => (provider,
                byPackage.Where(x => provider.Packages.Contains(x.Package)).SelectMany(x => new[] { x.Result.H1, x.Result.Zh }))));
            await LockFileWriter.WriteFileAsync(lockPath, updated, cancellationToken).ConfigureAwait(false);
        }

        return new ProviderInstallResult(results, lockPath);
    }

    internal static IReadOnlyList<ProviderPlatform> Platforms(IReadOnlyList<ProviderPlatform> requested) =>
        requested is null || requested.Count == 0 ? [ProviderPlatforms.Current] : requested.Distinct().ToList();

    internal static void CheckParallelism(int value)
    {
        if (value is < 1 or > 64)
        {
            throw new TofuOciException(ErrorIds.InvalidArgument, ErrorKind.InvalidArgument,
                $"MaxParallelDownloads {value} is out of range; use 1 to 64.");
        }
    }

    private static string PackagePath(string destination, PlannedPackage package, PackageLayout layout)
    {
        var a = package.Meta.Address;
        var typeDir = Path.Combine(destination, a.Hostname, a.Namespace, a.Type);
        return layout == PackageLayout.Packed
            ? Path.Combine(typeDir, package.Meta.Filename)
            : Path.Combine(typeDir, package.Meta.Version.ToString(), package.Platform.ToString());
    }

    private static async Task<InstalledProviderPackage> InstallUnpackedAsync(PlannedPackage package, string destination, bool force, TransferTracker tracker, CancellationToken cancellationToken)
    {
        var dir = PackagePath(destination, package, PackageLayout.Unpacked);
        PackageHash? existing = null;
        if (Directory.Exists(dir))
        {
            var h1 = await DirHash.HashDirectoryAsync(dir, cancellationToken).ConfigureAwait(false);
            // An empty directory counts as absent (§2.1 4c; §8.17).
            if (h1 != PackageHash.EmptyH1)
            {
                existing = h1;
                // What tofu init does with a warm cache: a package the lock file vouches for is not downloaded again.
                if (package.LockedHashes.Contains(h1.ToString()))
                {
                    tracker.Skipped(package.Meta.LayerDescriptor.Size);
                    return Result(package, dir, h1.ToString(), PackageInstallStatus.AlreadyPresent);
                }
            }
        }

        var parent = Path.GetDirectoryName(dir)!;
        Directory.CreateDirectory(parent);
        var temp = Path.Combine(parent, PackageDownloader.TempName(package.Platform + ".zip"));
        try
        {
            await PackageDownloader.DownloadAsync(package, temp, tracker, cancellationToken).ConfigureAwait(false);
            PackageDownloader.CheckExecutable(package, temp);
            var status = PackageInstallStatus.Installed;
            if (existing is { } dirHash)
            {
                var zipHash = await DirHash.HashZipAsync(temp, cancellationToken).ConfigureAwait(false);
                if (zipHash == dirHash)
                {
                    return Result(package, dir, dirHash.ToString(), PackageInstallStatus.AlreadyPresent);
                }

                if (!force)
                {
                    throw Mismatch(package, dir, $"its h1: is {dirHash}, the mirror's package has {zipHash}; does it contain local modifications?");
                }

                status = PackageInstallStatus.Replaced;
            }

            // h1: is computed from the bytes as they are written (equal to DirHash.HashDirectoryAsync
            // of the result), so the installed files are not read back.
            var extracted = await SafeZipExtractor.ExtractAsync(temp, dir, new ZipExtractionOptions { Overwrite = force, ComputeH1 = true }, cancellationToken).ConfigureAwait(false);
            var installed = extracted.H1 ?? await DirHash.HashDirectoryAsync(dir, cancellationToken).ConfigureAwait(false);
            return Result(package, dir, installed.ToString(), status);
        }
        finally
        {
            PackageDownloader.TryDelete(temp);
        }
    }

    private static async Task<InstalledProviderPackage> InstallPackedAsync(PlannedPackage package, string destination, bool force, TransferTracker tracker, CancellationToken cancellationToken)
    {
        var path = PackagePath(destination, package, PackageLayout.Packed);
        var status = PackageInstallStatus.Installed;
        if (File.Exists(path))
        {
            // A packed package is known by its zh:, which the layer digest gives without downloading.
            var zh = (await ZipHash.ComputeAsync(path, cancellationToken).ConfigureAwait(false)).ToString();
            if (zh == package.Meta.ZipHash)
            {
                tracker.Skipped(package.Meta.LayerDescriptor.Size);
                var h1 = await DirHash.HashZipAsync(path, cancellationToken).ConfigureAwait(false);
                return Result(package, path, h1.ToString(), PackageInstallStatus.AlreadyPresent);
            }

            if (!force)
            {
                throw Mismatch(package, path, $"its zh: is {zh}, the mirror's package has {package.Meta.ZipHash}");
            }

            status = PackageInstallStatus.Replaced;
        }

        var parent = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(parent);
        var temp = Path.Combine(parent, PackageDownloader.TempName(Path.GetFileName(path)));
        try
        {
            await PackageDownloader.DownloadAsync(package, temp, tracker, cancellationToken).ConfigureAwait(false);
            PackageDownloader.CheckExecutable(package, temp);
            var h1 = await DirHash.HashZipAsync(temp, cancellationToken).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            File.Move(temp, path, overwrite: force);
            return Result(package, path, h1.ToString(), status);
        }
        finally
        {
            PackageDownloader.TryDelete(temp);
        }
    }

    private static InstalledProviderPackage Result(PlannedPackage package, string path, string h1, PackageInstallStatus status) =>
        new(package.Meta.Address, package.Meta.Version, package.Platform, path, h1, package.Meta.ZipHash, status);

    private static TofuOciException Mismatch(PlannedPackage package, string path, string detail) =>
        new(ErrorIds.PackageMismatch, ErrorKind.ResourceExists,
            $"existing cached package at {path} does not match the content of the downloaded package of {package.Meta.Address} {package.Meta.Version} {package.Platform} ({detail}). "
            + $"Delete it, or install with {UserOption.Force} to replace it.",
            path);

    // The directories this call will create, deepest first, so a failure can remove the empty ones again.
    private static List<string> NewDirectories(string destination, IEnumerable<string> packageParents)
    {
        var fresh = new HashSet<string>(StringComparer.Ordinal);
        foreach (var start in packageParents.Append(destination))
        {
            for (var dir = start; dir is not null && !Directory.Exists(dir); dir = Path.GetDirectoryName(dir))
            {
                fresh.Add(dir);
            }
        }

        return fresh.OrderByDescending(d => d.Length).ToList();
    }

    private static void PruneEmpty(List<string> created)
    {
        foreach (var dir in created)
        {
            try
            {
                if (Directory.Exists(dir) && !Directory.EnumerateFileSystemEntries(dir).Any())
                {
                    Directory.Delete(dir);
                }
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }
}
