using System.IO.Compression;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.FileSystem;
using OpenTofuOci.Core.Oci;
using OpenTofuOci.Core.Oci.Targets;
using OpenTofuOci.Core.Packages;

namespace OpenTofuOci.Core.Providers.Installing;

/// <summary>
/// Downloads a provider zip layer to a file, verified while it streams (docs/opentofu-compatibility.md §2.1
/// step 3): the size and digest (whose hex is the package's <c>zh:</c>) are checked before the last
/// read returns, through one fixed buffer, and a failed download removes its file.
/// </summary>
internal static class PackageDownloader
{
    // Large reads mean few hops between the socket, the digest and the file.
    private const int BufferSize = 256 * 1024;

    // One download at a time is written on a second thread; parallel downloads keep the cores busy anyway.
    private static readonly OverlapTurn s_overlap = new();

    /// <param name="early">An extraction to feed as the file fills (read shared), or null.</param>
    public static async Task DownloadAsync(PlannedPackage package, string path, TransferTracker progress, CancellationToken cancellationToken,
        EarlyExtraction? early = null)
    {
        var layer = package.Meta.LayerDescriptor;
        try
        {
            // Synchronous, unbuffered writes: an asynchronous file on Unix hands every write to the thread
            // pool and back, which costs more than the write into the page cache itself.
            var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, early is null ? FileShare.None : FileShare.Read, bufferSize: 0, FileOptions.None);
            await using (file.ConfigureAwait(false))
            {
                early?.Start(file.SafeFileHandle, path, layer.Size, cancellationToken);
                long delivered = 0;
                await ContentRetry.ReadAsync(package.Source, layer, async (fetched, attempt, token) =>
                {
                    if (attempt > 1)
                    {
                        // The attempt before delivered bytes that failed their digest: start the file and the count again.
                        early?.Restarted();
                        file.SetLength(0);
                        file.Position = 0;
                        progress.Transferred(-delivered, layer.Digest);
                        delivered = 0;
                    }

                    // Exactly one size+digest check per transfer: the built-in targets hand back a
                    // VerifyingStream for this very descriptor, which checks as we read it to the end;
                    // any other stream is wrapped, so no target implementation can hand us an
                    // unverified package.
                    var verified = VerifyingStream.WillVerify(fetched, layer)
                        ? fetched
                        : new VerifyingStream(fetched, layer, package.Source.DisplayName);
                    await using (verified.ConfigureAwait(false))
                    {
                        void Received(int n)
                        {
                            delivered += n;
                            progress.Transferred(n, layer.Digest);
                        }

                        if (s_overlap.TryTake(layer.Size))
                        {
                            try
                            {
                                await ReceiveOverlappedAsync(verified, file, Received, early, token).ConfigureAwait(false);
                            }
                            finally
                            {
                                s_overlap.Release();
                            }
                        }
                        else
                        {
                            var buffer = new byte[BufferSize];
                            int n;
                            while ((n = await verified.ReadAsync(buffer, token).ConfigureAwait(false)) > 0)
                            {
                                file.Write(buffer, 0, n);
                                early?.Advanced(n);
                                Received(n);
                            }
                        }
                    }

                    return delivered;
                }, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex)
        {
            Cleanup.DeleteFile(path);
            if (ex is TofuOciException t)
            {
                throw new TofuOciException(t.ErrorId, t.Kind,
                    $"Provider {package.Meta.Address} {package.Meta.Version} {package.Platform}: fetching provider package blob {layer.Digest} from {package.Source.DisplayName}: {t.Message} Nothing was installed.",
                    t.Target ?? layer.Digest, t, t.RegistryErrors, t.StatusCode);
            }

            throw;
        }

        progress.ItemDone();
    }

    // A large download: the file is written on a second thread while the next bytes are received and
    // their digest computed (tests/benchmarks/README.md, "Issue 14").
    private static async Task ReceiveOverlappedAsync(Stream verified, FileStream file, Action<int> received, EarlyExtraction? early, CancellationToken cancellationToken)
    {
        var writer = new OverlappedFileWriter(file.SafeFileHandle, ownsFile: false, hash: null, written: early is null ? null : early.Advanced);
        await using (writer.ConfigureAwait(false))
        {
            await writer.WriteFromAsync(verified, received, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Downloads the package to a new temporary file beside <paramref name="packagePath"/> (same
    /// directory, so it can be renamed into place) and returns its path; the caller deletes it.
    /// </summary>
    public static async Task<string> DownloadBesideAsync(PlannedPackage package, string packagePath, TransferTracker progress, CancellationToken cancellationToken,
        EarlyExtraction? early = null)
    {
        var parent = Path.GetDirectoryName(packagePath)!;
        var name = Path.GetFileName(packagePath);
        for (var attempt = 1; ; attempt++)
        {
            Directory.CreateDirectory(parent);
            var temp = TempPaths.Beside(name.EndsWith(".zip", StringComparison.Ordinal) ? packagePath : packagePath + ".zip");
            try
            {
                await DownloadAsync(package, temp, progress, cancellationToken, early).ConfigureAwait(false);
                return temp;
            }
            catch (DirectoryNotFoundException) when (attempt < 3)
            {
                // Another install that failed removed the directory as empty between our creating it and
                // creating the file; create it again.
            }
        }
    }

    /// <summary>
    /// OpenTofu refuses a package without its executable after installing it (§2.4); checking the
    /// zip's names first means such a package is never written anywhere.
    /// </summary>
    public static void CheckExecutable(PlannedPackage package, string zipPath)
    {
        var prefix = "terraform-provider-" + package.Meta.Address.Type;
        var file = DirHash.OpenZipFile(zipPath);
        using (file)
        {
            using var archive = ZipArchives.Open(file, package.Meta.Filename);
            if (archive.Entries.Any(e => !e.FullName.Contains('/', StringComparison.Ordinal) && !e.FullName.Contains('\\', StringComparison.Ordinal)
                && e.FullName.StartsWith(prefix, StringComparison.Ordinal)))
            {
                return;
            }
        }

        throw new TofuOciException(ErrorIds.ProviderBinaryNotFound, ErrorKind.InvalidData,
            $"provider binary not found: the {package.Platform} package of {package.Meta.Address} {package.Meta.Version} ({package.Source.DisplayName}@{package.Meta.LayerDescriptor.Digest}) has no file named {prefix}* at the top of its zip, so OpenTofu could not run it. Republish the provider with its executable at the root of the zip.",
            package.Meta.LayerDescriptor.Digest);
    }

}

/// <summary>
/// Adds up bytes and items across parallel downloads, and the bytes their extractions write, and
/// reports them.
/// </summary>
internal sealed class TransferTracker(IProgress<TransferProgress>? progress, long bytesTotal, int itemsTotal) : IExtractionProgress
{
    private long _bytes;
    private int _items;
    private long _unpacked;
    private long _unpackTotal;

    /// <summary>Lets one package of this operation at a time be extracted while it downloads (<see cref="EarlyExtraction"/>).</summary>
    public OverlapTurn EarlyExtractionTurn { get; } = new();

    public void Transferred(long bytes, string current)
    {
        var done = Interlocked.Add(ref _bytes, bytes);
        Report(done, Volatile.Read(ref _items), current);
    }

    public void ItemDone()
    {
        var items = Interlocked.Increment(ref _items);
        Report(Interlocked.Read(ref _bytes), items, null);
    }

    /// <summary>A package that needed no download counts as done, so the bar still reaches the end.</summary>
    public void Skipped(long bytes)
    {
        Interlocked.Add(ref _bytes, bytes);
        ItemDone();
    }

    void IExtractionProgress.Planned(long bytes)
    {
        Interlocked.Add(ref _unpackTotal, bytes);
        Report(Interlocked.Read(ref _bytes), Volatile.Read(ref _items), null);
    }

    void IExtractionProgress.Written(int bytes)
    {
        Interlocked.Add(ref _unpacked, bytes);
        Report(Interlocked.Read(ref _bytes), Volatile.Read(ref _items), null);
    }

    /// <summary>An extraction started during the download was not used: its bytes are counted again by the one that replaces it.</summary>
    public void ExtractionUndone(long planned, long written)
    {
        Interlocked.Add(ref _unpackTotal, -planned);
        Interlocked.Add(ref _unpacked, -written);
        Report(Interlocked.Read(ref _bytes), Volatile.Read(ref _items), null);
    }

    private void Report(long bytes, int items, string? current) =>
        progress?.Report(new TransferProgress(bytes, bytesTotal, items, itemsTotal, current)
        {
            UnpackedDone = Interlocked.Read(ref _unpacked),
            UnpackedTotal = Interlocked.Read(ref _unpackTotal),
        });
}
