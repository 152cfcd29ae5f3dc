using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.LockFiles;
using OpenTofuOci.Core.Oci.Layout;
using OpenTofuOci.Core.Oci.Targets;
using OpenTofuOci.Core.Providers;
using OpenTofuOci.Core.Providers.Installing;
using OpenTofuOci.Core.Tests.Layout;
using static OpenTofuOci.Core.Tests.Providers.Installing.InstallTestMirror;

namespace OpenTofuOci.Core.Tests.Providers.Installing;

/// <summary>
/// Install and lock are two variants of one pipeline (plan → parallel fetch → record): every behaviour
/// they share is run through both here, against real OCI image layouts, and must come out the same —
/// except what each does with a fetched package (install places it, lock only hashes it) and which
/// packages each reports (install: all that are in the destination; lock: those it recorded).
/// </summary>
public sealed class ProviderPipelineVariantTests : IDisposable
{
    private static readonly ProviderAddress Hello = ProviderAddress.Parse("example/hello");
    private static readonly ProviderPlatform Linux = ProviderPlatform.Parse("linux_amd64");
    private static readonly ProviderPlatform Darwin = ProviderPlatform.Parse("darwin_arm64");

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    public static TheoryData<string> Variants => new() { "install", "lock" };

    private string Destination => _temp.Combine("plugins");

    private string LockPath => _temp.Combine(".terraform.lock.hcl");

    private sealed record Outcome(IReadOnlyList<HashedProviderPackage> Packages, IReadOnlyList<ProviderFailure> Failures, string? LockFilePath);

    private async Task<Outcome> RunAsync(string variant, ProviderSourceResolver resolver, IReadOnlyList<ProviderRequirement> providers, IReadOnlyList<ProviderPlatform> platforms,
        int parallel = 4, TimeSpan? lockTimeout = null, IProgress<TransferProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        if (variant == "install")
        {
            var installed = await new ProviderInstaller(resolver).InstallAsync(new ProviderInstallRequest
            {
                Providers = providers, Platforms = platforms, Destination = Destination, LockFilePath = LockPath,
                MaxParallelDownloads = parallel, LockTimeout = lockTimeout ?? LockFileUpdater.DefaultTimeout,
            }, progress, cancellationToken);
            return new Outcome(installed.Packages, installed.Failures, installed.LockFilePath);
        }

        var locked = await new ProviderLocker(resolver).LockAsync(new ProviderLockRequest
        {
            Providers = providers, Platforms = platforms, LockFilePath = LockPath,
            MaxParallelDownloads = parallel, LockTimeout = lockTimeout ?? LockFileUpdater.DefaultTimeout,
        }, progress, cancellationToken);
        return new Outcome(locked.Packages, locked.Failures, locked.LockFilePath);
    }

    // A provider type no other test uses, so its temporary files in the system temp directory are this test's alone.
    private static ProviderAddress UniqueProvider(string prefix) => ProviderAddress.Parse($"example.com/acme/{prefix}{Guid.NewGuid().ToString("N")[..8]}");

    private async Task<(OciLayoutStore Store, Dictionary<string, byte[]> Zips)> MirrorAsync(string name, ProviderAddress address, string version, params string[] platforms)
    {
        var store = new OciLayoutStore(_temp.Combine(name));
        return (store, await PublishProviderAsync(store, address.Type, version, platforms));
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public async Task Setup_errors_are_the_same_for_install_and_lock_and_nothing_is_fetched_or_written(string variant)
    {
        var (store, _) = await MirrorAsync("layout", Hello, "1.0.0", "linux_amd64");
        var counting = new CountingTarget(store);
        var resolver = ProviderSourceResolver.FromFunction(_ => counting);
        var one = new[] { ProviderRequirement.AnyVersion(Hello) };

        var none = await Assert.ThrowsAsync<TofuOciException>(() => RunAsync(variant, resolver, one, [Linux], parallel: 0));
        var many = await Assert.ThrowsAsync<TofuOciException>(() => RunAsync(variant, resolver, one, [Linux], parallel: 65));
        var negative = await Assert.ThrowsAsync<TofuOciException>(() => RunAsync(variant, resolver, one, [Linux], lockTimeout: TimeSpan.FromSeconds(-1)));
        var twice = await Assert.ThrowsAsync<TofuOciException>(() => RunAsync(variant, resolver, [one[0], one[0]], [Linux]));
        await File.WriteAllTextAsync(LockPath, "provider \"registry.opentofu.org/example/hello\" {\n}\n");
        var invalid = await Assert.ThrowsAsync<LockFileException>(() => RunAsync(variant, resolver, one, [Linux]));

        Assert.Equal((ErrorCode.InvalidArgument, "MaxParallelDownloads 0 is out of range; use 1 to 64."), (none.Code, none.Message));
        Assert.Equal((ErrorCode.InvalidArgument, "MaxParallelDownloads 65 is out of range; use 1 to 64."), (many.Code, many.Message));
        Assert.Equal((ErrorCode.InvalidArgument, "LockTimeout -00:00:01 is negative; give how long to wait for another process's lock (zero: do not wait)."),
            (negative.Code, negative.Message));
        Assert.Equal((ErrorCode.InvalidArgument, "Provider registry.opentofu.org/example/hello is named 2 times; name each provider once.", "registry.opentofu.org/example/hello"),
            (twice.Code, twice.Message, twice.Target));
        Assert.Equal(ErrorCode.InvalidLockFile, invalid.Code);
        Assert.Equal(0, counting.ZipFetches);
        Assert.Equal(["layout", ".terraform.lock.hcl"], Directory.EnumerateFileSystemEntries(_temp.Path).Select(Path.GetFileName).OrderDescending(StringComparer.Ordinal));
        Assert.Equal("provider \"registry.opentofu.org/example/hello\" {\n}\n", await File.ReadAllTextAsync(LockPath));
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public async Task A_provider_the_lock_file_refuses_fails_alone_without_a_download_and_the_other_is_recorded(string variant)
    {
        var world = UniqueProvider("world");
        var (helloStore, _) = await MirrorAsync("hello", Hello, "1.0.0", "linux_amd64");
        var (worldStore, worldZips) = await MirrorAsync("world", world, "2.0.0", "linux_amd64");
        var helloCounting = new CountingTarget(helloStore);
        var resolver = ProviderSourceResolver.FromFunction(a => a == Hello ? helloCounting : worldStore);
        var pinned = new LockedProvider(Hello.ToString(), "1.0.0", null, ["zh:" + new string('a', 64)]);
        await LockFileWriter.WriteFileAsync(LockPath, DependencyLockFile.Empty.With(pinned));

        var outcome = await RunAsync(variant, resolver, [ProviderRequirement.AnyVersion(Hello), ProviderRequirement.AnyVersion(world)], [Linux]);

        var failure = Assert.Single(outcome.Failures);
        Assert.Equal((Hello, ErrorCode.LockedChecksumMismatch), (failure.Address, failure.Error.Code));
        Assert.Equal(0, helloCounting.ZipFetches);
        var package = Assert.Single(outcome.Packages);
        Assert.Equal((world, Linux, Zh(worldZips["linux_amd64"])), (package.Address, package.Platform, package.Zh));
        var lockFile = await LockFileReader.ReadFileAsync(LockPath);
        Assert.Equal(["zh:" + new string('a', 64)], lockFile.Find(Hello.ToString())!.Hashes.ToArray());
        Assert.Equal(new[] { package.H1, package.Zh }.Order(StringComparer.Ordinal), lockFile.Find(world.ToString())!.Hashes.ToArray());
        Assert.Equal(LockPath, outcome.LockFilePath);
        Assert.False(Directory.Exists(Path.Combine(Destination, "registry.opentofu.org")));
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public async Task A_package_that_does_not_verify_fails_its_provider_and_the_lock_file_records_only_the_others(string variant)
    {
        var world = UniqueProvider("world");
        var (helloStore, _) = await MirrorAsync("hello", Hello, "1.0.0", "linux_amd64", "darwin_arm64");
        var worldStore = new OciLayoutStore(_temp.Combine("world"));
        var layers = await PublishAsync(worldStore, "2.0.0", new Dictionary<string, byte[]>
        {
            ["linux_amd64"] = ProviderZip(world.Type, "2.0.0", "linux_amd64"),
            ["darwin_arm64"] = ProviderZip(world.Type, "2.0.0", "darwin_arm64"),
        });
        var blob = _temp.Combine("world", "blobs", "sha256", layers["darwin_arm64"].Digest["sha256:".Length..]);
        var bytes = await File.ReadAllBytesAsync(blob);
        bytes[^10] ^= 0xff;
        await File.WriteAllBytesAsync(blob, bytes);
        var resolver = ProviderSourceResolver.FromFunction(a => a == Hello ? helloStore : worldStore);

        var outcome = await RunAsync(variant, resolver, [ProviderRequirement.AnyVersion(world), ProviderRequirement.AnyVersion(Hello)], [Linux, Darwin], parallel: 1);

        var failure = Assert.Single(outcome.Failures);
        Assert.Equal((world, ErrorCode.DigestMismatch), (failure.Address, failure.Error.Code));
        Assert.StartsWith($"Provider {world} 2.0.0 darwin_arm64: fetching provider package blob {layers["darwin_arm64"].Digest}", failure.Error.Message, StringComparison.Ordinal);
        Assert.Equal([Hello.ToString()], (await LockFileReader.ReadFileAsync(LockPath)).Providers.Keys);
        // The one difference: an install reports the failed provider's platform that is in the destination; a lock reports what it recorded.
        var expected = variant == "install"
            ? new[] { (world, Linux), (Hello, Linux), (Hello, Darwin) }
            : [(Hello, Linux), (Hello, Darwin)];
        Assert.Equal(expected, outcome.Packages.Select(p => (p.Address, p.Platform)));
        Assert.Empty(LayoutTempDirectory.TempFiles(_temp.Path));
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public async Task Progress_counts_every_byte_and_package_of_the_call(string variant)
    {
        var (store, zips) = await MirrorAsync("layout", Hello, "1.0.0", "linux_amd64", "darwin_arm64");
        var reports = new List<TransferProgress>();
        var progress = new SyncProgress(r => { lock (reports) { reports.Add(r); } });

        await RunAsync(variant, ProviderSourceResolver.FromFunction(_ => store), [ProviderRequirement.AnyVersion(Hello)], [Linux, Darwin], progress: progress);

        var total = zips.Values.Sum(z => (long)z.Length);
        // An install also counts the uncompressed bytes it writes, towards what the zips' entries declare;
        // a lock extracts nothing.
        var unpacked = variant == "install" ? zips.Values.Sum(UncompressedSize) : 0;
        var last = reports.MaxBy(r => (r.ItemsDone, r.BytesDone, r.UnpackedDone));
        Assert.Equal(new TransferProgress(total, total, 2, 2, null) { UnpackedDone = unpacked, UnpackedTotal = unpacked }, last);
        Assert.All(reports, r => Assert.Equal((total, 2), (r.BytesTotal, r.ItemsTotal)));
        Assert.All(reports, r => Assert.InRange(r.UnpackedDone, 0, r.UnpackedTotal));
    }

    private static long UncompressedSize(byte[] zip)
    {
        using var archive = new System.IO.Compression.ZipArchive(new MemoryStream(zip), System.IO.Compression.ZipArchiveMode.Read);
        return archive.Entries.Sum(e => e.Length);
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public async Task Cancellation_mid_download_ends_the_call_and_leaves_no_temporary_file_no_directory_and_the_lock_file_untouched(string variant)
    {
        var provider = UniqueProvider("cancel");
        var (store, _) = await MirrorAsync("layout", provider, "1.0.0", "linux_amd64");
        using var cts = new CancellationTokenSource();
        var cancelling = new CancellingTarget(store, cts);
        await LockFileWriter.WriteFileAsync(LockPath, DependencyLockFile.Empty.With(new LockedProvider("example.com/a/b", "1.0.0", null, ["zh:" + new string('b', 64)])));
        var before = await File.ReadAllBytesAsync(LockPath);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            RunAsync(variant, ProviderSourceResolver.FromFunction(_ => cancelling), [ProviderRequirement.AnyVersion(provider)], [Linux], cancellationToken: cts.Token));

        Assert.True(cancelling.Cancelled);
        Assert.Equal(before, await File.ReadAllBytesAsync(LockPath));
        Assert.False(Directory.Exists(Destination));
        Assert.Empty(Directory.EnumerateFiles(Path.GetTempPath(), $"tofu-oci-terraform-provider-{provider.Type}_*"));
        Assert.Empty(LayoutTempDirectory.TempFiles(_temp.Path));
    }

    private sealed class SyncProgress(Action<TransferProgress> report) : IProgress<TransferProgress>
    {
        public void Report(TransferProgress value) => report(value);
    }
}
