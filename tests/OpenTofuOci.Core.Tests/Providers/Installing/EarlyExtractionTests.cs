using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Http;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci;
using OpenTofuOci.Core.Oci.Remote;
using OpenTofuOci.Core.Oci.Targets;
using OpenTofuOci.Core.Packages;
using OpenTofuOci.Core.Providers;
using OpenTofuOci.Core.Providers.Installing;
using static OpenTofuOci.Core.Tests.Providers.Installing.InstallTestMirror;

namespace OpenTofuOci.Core.Tests.Providers.Installing;

/// <summary>
/// A fresh install from a registry extracts while the zip downloads: the zip's end (its central
/// directory) comes first in a range request, and the extractor reads the download's file as it fills.
/// Against a real docker-registry, directly and through an in-process proxy that does what a real
/// registry will not do on demand: send the blob slowly, ignore the range, lie in the range, or damage
/// the first full download. Every install must end with exactly the package's files and h1:, with
/// nothing left beside it, and a bad package must fail as it does without the early extraction.
/// </summary>
public sealed class EarlyExtractionTests(PlainRegistryFixture fixture) : IClassFixture<PlainRegistryFixture>, IDisposable
{
    private static readonly ProviderAddress Big = ProviderAddress.Parse("example/big");
    private static readonly ProviderPlatform Linux = ProviderPlatform.Parse("linux_amd64");
    private readonly TempDirectory _root = new();

    public void Dispose() => _root.Dispose();

    // About 6 MB deflated: over EarlyExtraction.MinimumSize, and an entry large enough for the two-thread copy.
    private static readonly string ExecutableText = Convert.ToBase64String(RandomBytes(6_000_000, seed: 21));

    private static byte[] BigZip(string version, params (string Name, string Content, int Mode)[] extra) =>
        Zip([($"terraform-provider-big_v{version}", ExecutableText, Executable), ("README", "big " + version, Regular), .. extra]);

    private async Task<(string Repository, byte[] Zip)> PublishAsync(string version, byte[]? zip = null)
    {
        zip ??= BigZip(version);
        var repository = $"early/{Guid.NewGuid().ToString("N")[..12]}/big";
        using var target = fixture.Server.Repository(repository);
        await InstallTestMirror.PublishAsync(target, version, new Dictionary<string, byte[]> { ["linux_amd64"] = zip });
        Assert.True(zip.Length > EarlyExtraction.MinimumSize, $"the test zip ({zip.Length} bytes) must be large enough for an early extraction");
        return (repository, zip);
    }

    private static async Task<(ProviderInstallResult Result, List<TransferProgress> Reports)> InstallAsync(RemoteRepository repository, string destination)
    {
        var reports = new List<TransferProgress>();
        var installer = new ProviderInstaller(ProviderSourceResolver.FromFunction(_ => repository));
        var result = await installer.InstallAsync(new ProviderInstallRequest
        {
            Providers = [new ProviderRequirement(Big, VersionConstraint.Any)],
            Platforms = [Linux],
            Destination = destination,
            Layout = PackageLayout.Unpacked,
        }, new Publishing.ProviderPublisherTests.SyncProgress(r =>
        {
            lock (reports)
            {
                reports.Add(r);
            }
        }));
        return (result, reports);
    }

    // The package's files as the zip holds them, and its h1: computed from the zip on its own.
    private static async Task AssertInstalledExactlyAsync(ProviderInstallResult result, byte[] zip, string destination)
    {
        if (result.Failures.Count > 0)
        {
            throw result.Failures[0].Error;
        }

        var package = Assert.Single(result.Packages);
        var zipPath = Path.Combine(Path.GetTempPath(), "early-" + Guid.NewGuid().ToString("N") + ".zip");
        await File.WriteAllBytesAsync(zipPath, zip);
        try
        {
            Assert.Equal((await DirHash.HashZipAsync(zipPath)).ToString(), package.H1);
        }
        finally
        {
            File.Delete(zipPath);
        }

        Assert.Equal(ExecutableText, await File.ReadAllTextAsync(Path.Combine(package.Path, "terraform-provider-big_v1.0.0")));
        if (!OperatingSystem.IsWindows())
        {
            // The modes the verified zip gives (less the umask): only the executable can be run.
            Assert.True(File.GetUnixFileMode(Path.Combine(package.Path, "terraform-provider-big_v1.0.0")).HasFlag(UnixFileMode.UserExecute));
            Assert.False(File.GetUnixFileMode(Path.Combine(package.Path, "README")).HasFlag(UnixFileMode.UserExecute));
        }

        Assert.Equal(["README", "terraform-provider-big_v1.0.0"], Directory.EnumerateFileSystemEntries(package.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        // Nothing beside the package but its lock file (OpenTofu's, kept): no download, no staging directory.
        Assert.Equal(["linux_amd64", "linux_amd64.lock"], Directory.EnumerateFileSystemEntries(Path.GetDirectoryName(package.Path)!).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(Path.Combine(destination, "registry.opentofu.org", "example", "big", "1.0.0", "linux_amd64"), package.Path);
    }

    private static void AssertUnpackedCountedOnce(List<TransferProgress> reports, byte[] zip)
    {
        var declared = ZipDeclaredBytes(zip);
        var last = reports[^1];
        Assert.Equal(declared, last.UnpackedTotal);
        Assert.Equal(declared, last.UnpackedDone);
        Assert.Equal(last.BytesTotal, last.BytesDone);
    }

    private static long ZipDeclaredBytes(byte[] zip)
    {
        using var archive = new System.IO.Compression.ZipArchive(new MemoryStream(zip), System.IO.Compression.ZipArchiveMode.Read);
        return archive.Entries.Sum(e => e.Length);
    }

    [Fact]
    public async Task A_slow_download_from_a_real_registry_is_extracted_while_it_arrives_and_installs_exactly_the_package()
    {
        var (repository, zip) = await PublishAsync("1.0.0");
        await using var proxy = await Proxy.StartAsync(fixture.Server.Address, Proxy.Mode.Slow);
        using var repo = new RemoteRepository(proxy.Authority, repository, new RemoteRepositoryOptions { PlainHttp = true });
        var destination = _root.Combine("slow");

        var (result, reports) = await InstallAsync(repo, destination);

        await AssertInstalledExactlyAsync(result, zip, destination);
        AssertUnpackedCountedOnce(reports, zip);
        // One range request for the zip's end, answered 206, and one full download.
        var blobGets = proxy.Seen.Where(s => s.Path.Contains("/blobs/", StringComparison.Ordinal) && s.Method == "GET").ToList();
        var ranged = Assert.Single(blobGets, s => s.Range is not null);
        Assert.Equal($"bytes={zip.Length - EarlyExtraction.TailBytes}-", ranged.Range);
        Assert.Equal(206, ranged.Status);
        Assert.Single(blobGets, s => s.Range is null && s.Path.EndsWith(Zh(zip)["zh:".Length..], StringComparison.Ordinal));
        // Files were being written before the last byte of the zip arrived.
        Assert.Contains(reports, r => r.UnpackedDone > 0 && r.BytesDone < r.BytesTotal);
    }

    [Theory]
    [InlineData(Proxy.Mode.NoRange, 200)]
    [InlineData(Proxy.Mode.LyingRange, 206)]
    public async Task A_range_that_is_ignored_or_differs_from_the_verified_zip_is_not_used_and_the_package_is_extracted_from_the_verified_file(Proxy.Mode mode, int rangeStatus)
    {
        var (repository, zip) = await PublishAsync("1.0.0");
        await using var proxy = await Proxy.StartAsync(fixture.Server.Address, mode);
        using var repo = new RemoteRepository(proxy.Authority, repository, new RemoteRepositoryOptions { PlainHttp = true });
        var destination = _root.Combine(mode.ToString());

        var (result, reports) = await InstallAsync(repo, destination);

        await AssertInstalledExactlyAsync(result, zip, destination);
        AssertUnpackedCountedOnce(reports, zip);
        Assert.Contains(proxy.Seen, s => s.Range is not null && s.Status == rangeStatus);
    }

    [Theory]
    [InlineData(Proxy.Mode.Slow, 206)]
    [InlineData(Proxy.Mode.NoRange, 200)]
    public async Task A_registry_that_redirects_blob_reads_to_other_storage_has_the_range_asked_there_and_installs_exactly(Proxy.Mode storageMode, int rangeStatus)
    {
        var (repository, zip) = await PublishAsync("1.0.0");
        // The storage is another origin (another port): it serves the blobs, slowly, or ignoring ranges.
        await using var storage = await Proxy.StartAsync(fixture.Server.Address, storageMode);
        await using var front = await Proxy.StartAsync(fixture.Server.Address, Proxy.Mode.Forward, blobStorage: storage.Authority);
        using var repo = new RemoteRepository(front.Authority, repository, new RemoteRepositoryOptions { PlainHttp = true });
        var destination = _root.Combine("redirect-" + storageMode);

        var (result, reports) = await InstallAsync(repo, destination);

        await AssertInstalledExactlyAsync(result, zip, destination);
        AssertUnpackedCountedOnce(reports, zip);
        // The registry sent every blob read elsewhere, the range request included, and the range went along.
        var tailRange = $"bytes={zip.Length - EarlyExtraction.TailBytes}-";
        var redirected = front.Seen.Where(s => s.Method == "GET" && s.Path.Contains("/blobs/", StringComparison.Ordinal)).ToList();
        Assert.Equal([(tailRange, 307), (null, 307)], redirected.Select(s => (s.Range, s.Status)));
        var served = storage.Seen.Where(s => s.Method == "GET").ToList();
        Assert.Equal([(tailRange, rangeStatus), (null, 200)], served.Select(s => (s.Range, s.Status)));
        // Honoured there, the range lets the files be written while the zip arrives; ignored, they are
        // written only after the download, from the verified file.
        Assert.Equal(storageMode == Proxy.Mode.Slow, reports.Any(r => r.UnpackedDone > 0 && r.BytesDone < r.BytesTotal));
    }

    [Fact]
    public async Task A_first_download_damaged_in_transit_restarts_the_file_and_the_package_is_still_installed_exactly()
    {
        var (repository, zip) = await PublishAsync("1.0.0");
        await using var proxy = await Proxy.StartAsync(fixture.Server.Address, Proxy.Mode.DamageFirstDownload);
        using var repo = new RemoteRepository(proxy.Authority, repository, new RemoteRepositoryOptions { PlainHttp = true, RetryBaseDelay = TimeSpan.FromMilliseconds(10) });
        var destination = _root.Combine("damaged");

        var (result, reports) = await InstallAsync(repo, destination);

        await AssertInstalledExactlyAsync(result, zip, destination);
        Assert.Equal(2, proxy.Seen.Count(s => s.Method == "GET" && s.Range is null && s.Path.EndsWith(Zh(zip)["zh:".Length..], StringComparison.Ordinal)));
        var last = reports[^1];
        Assert.Equal(ZipDeclaredBytes(zip), last.UnpackedDone);
        Assert.Equal(last.UnpackedTotal, last.UnpackedDone);
    }

    [Fact]
    public async Task An_unsafe_entry_found_by_the_early_extraction_fails_the_install_with_the_usual_error_and_leaves_nothing()
    {
        var zip = BigZip("1.0.0", ("../escape", "x", Regular));
        var (repository, _) = await PublishAsync("1.0.0", zip);
        using var repo = fixture.Server.Repository(repository);
        var destination = _root.Combine("unsafe");

        var (result, _) = await InstallAsync(repo, destination);

        var failure = Assert.Single(result.Failures);
        var error = Assert.IsType<TofuOciException>(failure.Error);
        Assert.Equal(ErrorCode.UnsafeArchiveEntry, error.Code);
        Assert.Contains("entry \"../escape\" is unsafe", error.Message, StringComparison.Ordinal);
        Assert.Empty(result.Packages);
        // No file anywhere under the destination, and no staging or download left behind.
        var left = Directory.Exists(destination) ? Directory.EnumerateFileSystemEntries(destination, "*", SearchOption.AllDirectories).ToList() : [];
        Assert.DoesNotContain(left, File.Exists);
        Assert.DoesNotContain(left, p => Path.GetFileName(p).StartsWith('.'));
    }

    [Fact]
    public async Task Three_large_platforms_installed_at_once_from_a_real_registry_are_each_installed_exactly_with_nothing_left_beside_them()
    {
        var platforms = new[] { "linux_amd64", "linux_arm64", "darwin_arm64" };
        var zips = platforms.ToDictionary(p => p, p => Zip(($"terraform-provider-big_v1.0.0", ExecutableText + p, Executable), ("README", p, Regular)), StringComparer.Ordinal);
        var repository = $"early/{Guid.NewGuid().ToString("N")[..12]}/big";
        using (var target = fixture.Server.Repository(repository))
        {
            await InstallTestMirror.PublishAsync(target, "1.0.0", zips);
        }

        using var repo = fixture.Server.Repository(repository);
        var destination = _root.Combine("three");
        var installer = new ProviderInstaller(ProviderSourceResolver.FromFunction(_ => repo));
        var result = await installer.InstallAsync(new ProviderInstallRequest
        {
            Providers = [new ProviderRequirement(Big, VersionConstraint.Any)],
            Platforms = [.. platforms.Select(ProviderPlatform.Parse)],
            Destination = destination,
            Layout = PackageLayout.Unpacked,
        });

        Assert.Empty(result.Failures);
        Assert.Equal(platforms.Order(StringComparer.Ordinal), result.Packages.Select(p => p.Platform.ToString()).Order(StringComparer.Ordinal));
        foreach (var package in result.Packages)
        {
            var platform = package.Platform.ToString();
            Assert.Equal(ExecutableText + platform, await File.ReadAllTextAsync(Path.Combine(package.Path, "terraform-provider-big_v1.0.0")));
            Assert.Equal(platform, await File.ReadAllTextAsync(Path.Combine(package.Path, "README")));
            Assert.Equal(Zh(zips[platform]), package.Zh);
        }

        var versionDir = Path.Combine(destination, "registry.opentofu.org", "example", "big", "1.0.0");
        Assert.Equal(platforms.SelectMany(p => new[] { p, p + ".lock" }).Order(StringComparer.Ordinal),
            Directory.EnumerateFileSystemEntries(versionDir).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_registry_client_gives_the_exact_last_bytes_of_a_blob_or_null_when_the_range_is_not_what_was_asked()
    {
        var (repository, zip) = await PublishAsync("1.0.0");
        using var repo = fixture.Server.Repository(repository);
        var layer = new Descriptor { MediaType = MediaTypes.Zip, Digest = Zh(zip).Replace("zh:", "sha256:", StringComparison.Ordinal), Size = zip.Length };

        var tail = await repo.TryFetchTailAsync(layer, zip.Length - 1000);

        Assert.Equal(zip.AsSpan(zip.Length - 1000).ToArray(), tail);
        Assert.Null(await repo.TryFetchTailAsync(layer, -1));
        Assert.Null(await repo.TryFetchTailAsync(layer, zip.Length));
        Assert.Null(await repo.TryFetchTailAsync(layer, zip.Length - RemoteRepository.MaxTailBytes - 1));
        // A descriptor claiming more bytes than the blob has: the registry's range is not the one asked for.
        Assert.Null(await repo.TryFetchTailAsync(layer with { Size = zip.Length + 10 }, zip.Length - 100));
    }

    private static byte[] RandomBytes(int count, int seed)
    {
        var bytes = new byte[count];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>
    /// Forwards to the registry, recording each request's range and answer, misbehaving as its mode says;
    /// with a blob storage given, it answers every blob read with a redirect there instead, as registries
    /// that keep blobs in S3-style storage do.
    /// </summary>
    public sealed class Proxy : IAsyncDisposable
    {
        public enum Mode
        {
            Forward,
            Slow,
            NoRange,
            LyingRange,
            DamageFirstDownload,
        }

        public sealed record Exchange(string Method, string Path, string? Range, int Status);

        private readonly InProcessServer _server;
        private int _fullDownloads;

        private Proxy(InProcessServer server) => _server = server;

        public string Authority => _server.Authority;

        public ConcurrentQueue<Exchange> Seen { get; } = new();

        public static async Task<Proxy> StartAsync(string registry, Mode mode, string? blobStorage = null)
        {
            Proxy? proxy = null;
            var server = await InProcessServer.StartAsync((ctx, r) => proxy!.ForwardAsync(ctx, r, registry, mode, blobStorage));
            proxy = new Proxy(server);
            return proxy;
        }

        private async Task ForwardAsync(HttpContext ctx, RecordedRequest r, string registry, Mode mode, string? blobStorage)
        {
            var range = r.Header("Range");
            if (blobStorage is not null && HttpMethods.IsGet(r.Method) && r.Path.Contains("/blobs/", StringComparison.Ordinal))
            {
                Seen.Enqueue(new Exchange(r.Method, r.Path, range, StatusCodes.Status307TemporaryRedirect));
                ctx.Response.StatusCode = StatusCodes.Status307TemporaryRedirect;
                ctx.Response.Headers.Location = $"http://{blobStorage}{r.Path}{r.Query}";
                return;
            }

            var (status, body) = await RegistryForwarding.ForwardAsync(ctx, r, registry, dropRange: mode == Mode.NoRange);
            Seen.Enqueue(new Exchange(r.Method, r.Path, range, (int)status));
            if (HttpMethods.IsHead(r.Method) || body.Length == 0)
            {
                return;
            }

            var blob = r.Path.Contains("/blobs/", StringComparison.Ordinal);
            if (blob && range is not null && mode == Mode.LyingRange && status == System.Net.HttpStatusCode.PartialContent)
            {
                // The central directory says README is executable: CRCs and h1: are unchanged, only the
                // mode the extraction would give it differs from the verified zip's.
                MakeExecutableInCentralDirectory(body, "README"u8);
            }

            if (blob && range is null && body.Length > EarlyExtraction.MinimumSize && mode == Mode.DamageFirstDownload && Interlocked.Increment(ref _fullDownloads) == 1)
            {
                body[body.Length * 3 / 4] ^= 0xFF;
            }

            if (blob && range is null && mode == Mode.Slow)
            {
                // 128 KiB every 8 ms: the download takes far longer than extracting what has arrived.
                for (var offset = 0; offset < body.Length; offset += 128 * 1024)
                {
                    await ctx.Response.Body.WriteAsync(body.AsMemory(offset, Math.Min(128 * 1024, body.Length - offset)));
                    await ctx.Response.Body.FlushAsync();
                    await Task.Delay(8);
                }

                return;
            }

            await ctx.Response.Body.WriteAsync(body);
        }

        public ValueTask DisposeAsync() => _server.DisposeAsync();

        private static void MakeExecutableInCentralDirectory(byte[] tail, ReadOnlySpan<byte> name)
        {
            // Central directory header: signature PK\x01\x02, name length at 28, external attributes at 38, name at 46.
            for (var i = 0; i + 46 + name.Length <= tail.Length; i++)
            {
                if (tail[i] == 'P' && tail[i + 1] == 'K' && tail[i + 2] == 1 && tail[i + 3] == 2
                    && BitConverter.ToUInt16(tail, i + 28) == name.Length && tail.AsSpan(i + 46, name.Length).SequenceEqual(name))
                {
                    BitConverter.TryWriteBytes(tail.AsSpan(i + 38, 4), (0x8000 | Executable) << 16);
                    return;
                }
            }

            throw new InvalidOperationException("README's central directory header is not in the range answer.");
        }
    }
}
