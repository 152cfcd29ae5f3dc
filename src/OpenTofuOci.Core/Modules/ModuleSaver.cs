using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.FileSystem;
using OpenTofuOci.Core.Oci;
using OpenTofuOci.Core.Oci.Targets;
using OpenTofuOci.Core.Packages;

namespace OpenTofuOci.Core.Modules;

/// <summary>
/// Saves a module package into a directory the way <c>tofu init</c> would fetch it
/// (docs/opentofu-compatibility.md §3.3, §2.6): every manifest check of <see cref="ModulePackageReader"/>, the zip
/// downloaded with its size and digest verified while it streams, extracted with the hostile-zip rules
/// of <see cref="SafeZipExtractor"/>, and — when the address has a <c>//subdir</c> — only that directory
/// kept, because that is the module directory OpenTofu would use.
/// </summary>
/// <remarks>
/// Everything is staged beside the destination (<c>.&lt;name&gt;.tmp-&lt;random&gt;</c>) and moved into place
/// only when complete; any failure or cancellation removes the staging, the downloaded zip and the
/// directories created for the destination, and a replaced destination (<c>force</c>) is restored if
/// the final move fails.
/// </remarks>
public static class ModuleSaver
{
    /// <summary>Saves the package <paramref name="address"/> names, read from <paramref name="target"/>, into <paramref name="destination"/>.</summary>
    /// <param name="force">Replace a destination that exists and is not empty.</param>
    public static async Task<ModuleSaveResult> SaveAsync(IReadOnlyTarget target, ModuleAddress address, string destination, bool force = false,
        IProgress<TransferProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(address);
        ArgumentException.ThrowIfNullOrEmpty(destination);
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(destination));
        var parent = Path.GetDirectoryName(full)
            ?? throw new TofuOciException(ErrorIds.InvalidArgument, ErrorKind.InvalidArgument, $"The destination \"{destination}\" is a file system root; give a directory to save the module into.", destination);
        CheckDestination(full, force);

        var package = await ModulePackageReader.ReadAsync(target, address, cancellationToken).ConfigureAwait(false);
        var layer = package.Layer;
        using var scratch = PrivateTempDirectory.Create();
        var zipPath = scratch.Combine("module.zip");
        var created = CreatedDirectories.Before([parent]);
        var staging = TempPaths.Beside(full);
        try
        {
            await DownloadAsync(target, address, layer, zipPath, progress, cancellationToken).ConfigureAwait(false);
            try
            {
                await SafeZipExtractor.ExtractAsync(zipPath, staging, ZipExtractionOptions.ForModules, cancellationToken).ConfigureAwait(false);
            }
            catch (TofuOciException ex)
            {
                throw new TofuOciException(ex.ErrorId, ex.Kind,
                    $"Module source \"{address.Text}\": decompressing package {layer.Digest} into {full}: {ex.Message}", ex.Target ?? address.Text, ex);
            }

            var (subdir, selected) = SelectSubdir(staging, address);
            var (files, bytes) = Count(selected);
            cancellationToken.ThrowIfCancellationRequested();
            MoveIntoPlace(selected, full, force);
            return new ModuleSaveResult(address.Text, address.PinnedText(package.Manifest.Digest), package.Manifest.Digest, layer.Digest, layer.Size,
                subdir, full, files, bytes);
        }
        catch
        {
            Cleanup.DeleteDirectory(staging);
            created.RemoveEmpty();
            throw;
        }
        finally
        {
            Cleanup.DeleteDirectory(staging);
        }
    }

    private static async Task DownloadAsync(IReadOnlyTarget target, ModuleAddress address, Descriptor layer, string path,
        IProgress<TransferProgress>? progress, CancellationToken cancellationToken)
    {
        progress?.Report(new TransferProgress(0, layer.Size, 0, 1, layer.Digest));
        try
        {
            var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous);
            await using (file.ConfigureAwait(false))
            {
                await ContentRetry.ReadAsync(target, layer, async (fetched, attempt, token) =>
                {
                    if (attempt > 1)
                    {
                        // The attempt before delivered bytes that failed their digest: start the file again.
                        file.SetLength(0);
                        file.Position = 0;
                    }

                    // Layer digests may be sha256, sha384 or sha512 for modules (§8.7); the verifying stream
                    // hashes with the descriptor's own algorithm.
                    var verified = VerifyingStream.WillVerify(fetched, layer) ? fetched : new VerifyingStream(fetched, layer, target.DisplayName);
                    await using (verified.ConfigureAwait(false))
                    {
                        var buffer = new byte[81920];
                        long done = 0;
                        int n;
                        while ((n = await verified.ReadAsync(buffer, token).ConfigureAwait(false)) > 0)
                        {
                            await file.WriteAsync(buffer.AsMemory(0, n), token).ConfigureAwait(false);
                            done += n;
                            progress?.Report(new TransferProgress(done, layer.Size, 0, 1, layer.Digest));
                        }

                        return done;
                    }
                }, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (TofuOciException ex)
        {
            throw new TofuOciException(ex.ErrorId, ex.Kind,
                $"Module source \"{address.Text}\": fetching module package blob {layer.Digest} from {target.DisplayName}: {ex.Message} Nothing was saved.",
                ex.Target ?? layer.Digest, ex, ex.RegistryErrors, ex.StatusCode);
        }

        progress?.Report(new TransferProgress(layer.Size, layer.Size, 1, 1, null));
    }

    // go-getter joins the subdir to the package root and expands globs; exactly one match is required.
    private static (string? Subdir, string Path) SelectSubdir(string root, ModuleAddress address)
    {
        if (address.Subdir is null)
        {
            return (null, root);
        }

        var segments = address.Subdir.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var candidates = new List<string> { string.Empty };
        foreach (var segment in segments)
        {
            var next = new List<string>();
            foreach (var candidate in candidates)
            {
                var dir = Path.Combine(root, candidate.Replace('/', Path.DirectorySeparatorChar));
                if (!Directory.Exists(dir))
                {
                    continue;
                }

                if (segment.IndexOfAny(['*', '?', '[']) < 0)
                {
                    if (Directory.Exists(Path.Combine(dir, segment)))
                    {
                        next.Add(candidate.Length == 0 ? segment : candidate + "/" + segment);
                    }

                    continue;
                }

                var glob = ExcludePattern.Parse(segment);
                next.AddRange(Directory.EnumerateDirectories(dir).Select(Path.GetFileName).Where(n => glob.Matches(n!))
                    .Order(StringComparer.Ordinal).Select(n => candidate.Length == 0 ? n! : candidate + "/" + n));
            }

            candidates = next;
        }

        return candidates.Count switch
        {
            1 => (candidates[0], Path.Combine(root, candidates[0].Replace('/', Path.DirectorySeparatorChar))),
            0 => throw new TofuOciException(ErrorIds.InvalidModuleSubdirectory, ErrorKind.NotFound,
                $"Module source \"{address.Text}\": subdir \"{address.Subdir}\" not found in the package. Its top-level entries are: {string.Join(", ", TopLevel(root))}. Fix the //subdir part of the address.",
                address.Text),
            _ => throw new TofuOciException(ErrorIds.InvalidModuleSubdirectory, ErrorKind.InvalidArgument,
                $"Module source \"{address.Text}\": subdir \"{address.Subdir}\" matches multiple paths ({string.Join(", ", candidates)}); make the //subdir pattern match exactly one directory.",
                address.Text),
        };
    }

    private static IEnumerable<string> TopLevel(string root) =>
        Directory.EnumerateFileSystemEntries(root).Select(e => Path.GetFileName(e) + (Directory.Exists(e) ? "/" : string.Empty)).Order(StringComparer.Ordinal).Take(20);

    private static (int Files, long Bytes) Count(string directory)
    {
        var files = new DirectoryInfo(directory).EnumerateFiles("*", SearchOption.AllDirectories).ToList();
        return (files.Count, files.Sum(f => f.Length));
    }

    private static void CheckDestination(string path, bool force)
    {
        if (force || IsAbsentOrEmpty(path))
        {
            return;
        }

        throw new TofuOciException(ErrorIds.DestinationExists, ErrorKind.ResourceExists,
            $"\"{path}\" already exists and is not empty; choose another destination, or replace it with {UserOption.Force}.", path);
    }

    private static bool IsAbsentOrEmpty(string path) => !DirectoryMove.Exists(path) || IsEmptyDirectory(path);

    // A module destination is vacant when it is a real directory with no entries at all.
    private static bool IsEmptyDirectory(string path) =>
        Directory.Exists(path) && new DirectoryInfo(path).LinkTarget is null && !Directory.EnumerateFileSystemEntries(path).Any();

    // Checked again right before the move: the destination may have changed during the download.
    private static void MoveIntoPlace(string source, string target, bool force)
    {
        CheckDestination(target, force);
        DirectoryMove.Into(source, target, IsEmptyDirectory);
    }
}
