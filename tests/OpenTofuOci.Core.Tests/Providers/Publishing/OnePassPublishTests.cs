using System.Collections.Concurrent;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci;
using OpenTofuOci.Core.Oci.Layout;
using OpenTofuOci.Core.Oci.Remote;
using OpenTofuOci.Core.Oci.Targets;
using OpenTofuOci.Core.Providers.Publishing;
using OpenTofuOci.Core.Tests.Fixtures;
using static OpenTofuOci.Core.Tests.Providers.Publishing.ProviderPublisherTests;

namespace OpenTofuOci.Core.Tests.Providers.Publishing;

/// <summary>
/// A release without SHA256SUMS whose version is new is published reading each zip once (uploaded while
/// hashed, digest learnt at the end), into a real docker-registry and a layout; a republish hashes first
/// and uploads nothing; a zip that changes meanwhile publishes nothing.
/// </summary>
public sealed class OnePassPublishTests(PlainRegistryFixture fixture) : IClassFixture<PlainRegistryFixture>, IDisposable
{
    private static readonly string[] ThreePlatforms = ["linux_amd64", "darwin_arm64", "windows_amd64"];
    private readonly TempDirectory _dir = new();
    private readonly ConcurrentQueue<string> _log = new();

    public void Dispose() => _dir.Dispose();

    private ITarget Open(string kind) => kind switch
    {
        "registry" => fixture.Server.Repository($"pub/one-pass-{Guid.NewGuid().ToString("N")[..10]}", log: _log.Enqueue),
        // Chunks of 100 bytes: the one-pass upload spans several PATCHes before its closing PUT.
        "registry-chunked" => new RemoteRepository(fixture.Server.Address, $"pub/one-pass-{Guid.NewGuid().ToString("N")[..10]}",
            new RemoteRepositoryOptions { PlainHttp = true, ChunkedUploadThreshold = 100, ChunkSize = 100, Log = _log.Enqueue }),
        // A target that cannot learn a digest while it stores: the zips are hashed first, then pushed.
        "memory" => new Copy.MemoryTarget(),
        _ => new OciLayoutStore(_dir.Combine("layout-" + Guid.NewGuid().ToString("N")[..10])),
    };

    private static Task<ProviderPublishResult> Publish(ITarget target, IReadOnlyList<ProviderReleaseFile> files, IProgress<TransferProgress>? progress = null) =>
        ProviderPublisher.PublishAsync(new ProviderPublishRequest { Files = files, Target = target }, progress);

    private IReadOnlyList<string> WithoutSums(string name, string version = "1.0.0", string[]? platforms = null) =>
        ReleaseFiles.Write(_dir.Combine(name), "foo-bar", version, platforms ?? ThreePlatforms, sums: false);

    [Theory]
    [InlineData("registry")]
    [InlineData("registry-chunked")]
    [InlineData("layout")]
    [InlineData("memory")]
    public async Task Without_SHA256SUMS_a_new_version_gets_the_digests_and_progress_a_publish_with_SHA256SUMS_of_the_same_zips_gets(string kind)
    {
        ReleaseFiles.Write(_dir.Combine("with"), "foo-bar", "1.0.0", ThreePlatforms);
        var zips = WithoutSums("without");
        var withReports = new List<TransferProgress>();
        var withoutReports = new List<TransferProgress>();

        var withSums = await Publish(Open(kind), ProviderReleaseFile.FromPaths([_dir.Combine("with")]), new SyncProgress(withReports.Add));
        _log.Clear();
        var target = Open(kind);
        var onePass = await Publish(target, ProviderReleaseFile.FromPaths([_dir.Combine("without")]), new SyncProgress(withoutReports.Add));

        Assert.Equal(ProviderPublishStatus.Published, onePass.Status);
        Assert.Equal(withSums.IndexDigest, onePass.IndexDigest);
        Assert.Equal(withSums.Index, onePass.Index);
        Assert.Equal(withSums.Platforms, onePass.Platforms);
        Assert.Equal((withSums.BytesUploaded, withSums.BlobsUploaded, withSums.BlobsSkipped), (onePass.BytesUploaded, onePass.BlobsUploaded, onePass.BlobsSkipped));
        Assert.Equal(zips.Select(z => "zh:" + ReleaseFiles.Sha256Hex(z)).Order(), onePass.Platforms.Select(p => p.ZipHash).Order());
        Assert.Equal(onePass.IndexDigest, (await target.ResolveAsync("1.0.0")).Digest);
        // The same totals up front, and the same end.
        Assert.Equal(withReports[0], withoutReports[0]);
        Assert.Equal(withReports[^1] with { Current = null }, withoutReports[^1] with { Current = null });
        Assert.Equal(withoutReports[^1].BytesTotal, withoutReports[^1].BytesDone);
        if (kind.StartsWith("registry", StringComparison.Ordinal))
        {
            // No HEAD for a zip (its digest is not known before it is sent): for the empty config only.
            Assert.All(_log.Where(l => l.StartsWith("HEAD ", StringComparison.Ordinal) && l.Contains("/blobs/", StringComparison.Ordinal)),
                l => Assert.Contains(EmptyConfig.Descriptor.Digest, l, StringComparison.Ordinal));
            Assert.Equal(1 + ThreePlatforms.Length, _log.Count(l => l.StartsWith("PUT ", StringComparison.Ordinal) && l.Contains("/blobs/uploads/", StringComparison.Ordinal)));
        }
    }

    [Theory]
    [InlineData("registry")]
    [InlineData("layout")]
    public async Task Without_SHA256SUMS_each_zip_is_read_once_apart_from_its_four_header_bytes(string kind)
    {
        var zips = WithoutSums("release");
        var read = new ConcurrentDictionary<string, long>();
        var files = zips.Select(z => ProviderReleaseFile.FromOpener(Path.GetFileName(z),
            () => new CountedStream(File.ReadAllBytes(z), n => read.AddOrUpdate(z, n, (_, total) => total + n)), () => new FileInfo(z).Length)).ToList();

        var result = await Publish(Open(kind), files);

        Assert.Equal(ProviderPublishStatus.Published, result.Status);
        // A second pass over any zip would double its count.
        Assert.All(zips, z => Assert.Equal(new FileInfo(z).Length + 4, read[z]));
    }

    [Theory]
    [InlineData("registry")]
    [InlineData("layout")]
    public async Task Republishing_a_release_without_SHA256SUMS_into_the_same_repository_uploads_nothing(string kind)
    {
        WithoutSums("release");
        var target = Open(kind);
        var first = await Publish(target, ProviderReleaseFile.FromPaths([_dir.Combine("release")]));
        _log.Clear();
        var reports = new List<TransferProgress>();

        var second = await Publish(target, ProviderReleaseFile.FromPaths([_dir.Combine("release")]), new SyncProgress(reports.Add));

        Assert.Equal(ProviderPublishStatus.Unchanged, second.Status);
        Assert.Equal(first.IndexDigest, second.IndexDigest);
        Assert.Equal(first.Platforms, second.Platforms);
        Assert.Equal((0L, 0), (second.BytesUploaded, second.BlobsUploaded));
        Assert.Empty(reports);
        Assert.DoesNotContain(_log, l => l.StartsWith("PUT ", StringComparison.Ordinal) || l.StartsWith("PATCH ", StringComparison.Ordinal) || l.StartsWith("POST ", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("registry")]
    [InlineData("layout")]
    public async Task Republishing_with_force_after_one_zip_changed_hashes_first_and_skips_the_zips_the_target_has(string kind)
    {
        var zips = WithoutSums("release");
        var target = Open(kind);
        var first = await Publish(target, ProviderReleaseFile.FromPaths([_dir.Combine("release")]));
        File.WriteAllBytes(zips[1], ReleaseFiles.Zip("foo-bar", "1.0.0", ThreePlatforms[1], salt: "rebuilt"));

        var refused = await Assert.ThrowsAsync<TofuOciException>(() => Publish(target, ProviderReleaseFile.FromPaths([_dir.Combine("release")])));
        var replaced = await ProviderPublisher.PublishAsync(new ProviderPublishRequest { Files = ProviderReleaseFile.FromPaths([_dir.Combine("release")]), Target = target, Force = true });

        Assert.Equal(ErrorIds.ProviderVersionExists, refused.ErrorId);
        Assert.Equal(ProviderPublishStatus.Replaced, replaced.Status);
        Assert.Equal(first.IndexDigest, replaced.PreviousDigest);
        Assert.Equal((1, 3), (replaced.BlobsUploaded, replaced.BlobsSkipped));
        Assert.Equal("zh:" + ReleaseFiles.Sha256Hex(zips[1]), replaced.Platforms.Single(p => p.FileName == Path.GetFileName(zips[1])).ZipHash);
    }

    [Theory]
    [InlineData("registry", "grows")]
    [InlineData("registry", "rewritten")]
    [InlineData("registry-chunked", "grows")]
    [InlineData("layout", "grows")]
    [InlineData("layout", "rewritten")]
    public async Task A_zip_that_changes_while_it_is_published_without_SHA256SUMS_fails_naming_it_and_leaves_no_tag(string kind, string change)
    {
        var zip = WithoutSums("release", platforms: ["linux_amd64"]).Single();
        var original = File.ReadAllBytes(zip);
        var target = Open(kind);
        var changed = 0;
        // A writer gets at the zip once its upload has started, before the upload is committed.
        var progress = new SyncProgress(p =>
        {
            if (p.Current is null && p.BytesDone > 0 && Interlocked.Exchange(ref changed, 1) == 0)
            {
                if (change == "grows")
                {
                    File.AppendAllText(zip, "more");
                }
                else
                {
                    var bytes = (byte[])original.Clone();
                    bytes[^1] ^= 0xFF;
                    File.WriteAllBytes(zip, bytes);
                    // As a writer's clock would a moment later, whatever the file system's timestamp granularity.
                    File.SetLastWriteTimeUtc(zip, File.GetLastWriteTimeUtc(zip).AddSeconds(2));
                }
            }
        });

        var ex = await Assert.ThrowsAsync<TofuOciException>(() => Publish(target, ProviderReleaseFile.FromPaths([zip]), progress));

        Assert.Equal(1, changed);
        Assert.Equal((change == "grows" ? ErrorIds.SizeMismatch : ErrorIds.DigestMismatch, zip), (ex.ErrorId, ex.Target));
        var absent = await Assert.ThrowsAsync<TofuOciException>(() => target.ResolveAsync("1.0.0"));
        Assert.Equal(ErrorKind.NotFound, absent.Kind);
        Assert.False(await target.ExistsAsync(Descriptor.FromBytes(MediaTypes.Zip, original)));
        Assert.False(await target.ExistsAsync(Descriptor.FromBytes(MediaTypes.Zip, File.ReadAllBytes(zip))));
        Assert.DoesNotContain(_log, l => l.StartsWith("PUT ", StringComparison.Ordinal) && l.Contains("/manifests/", StringComparison.Ordinal));
        if (target is OciLayoutStore layout)
        {
            // At most the empty config was stored (the failure may stop it first), and no temp file is left.
            Assert.All(Directory.GetFiles(Path.Combine(layout.Directory, "blobs", "sha256")),
                f => Assert.Equal(EmptyConfig.Descriptor.ParsedDigest().Encoded, Path.GetFileName(f)));
        }
    }

    /// <summary>Bytes in memory whose reads are counted.</summary>
    private sealed class CountedStream(byte[] bytes, Action<long> counted) : Stream
    {
        private readonly MemoryStream _inner = new(bytes, writable: false);

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => _inner.Length;
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Count(_inner.Read(buffer, offset, count));

        public override int Read(Span<byte> buffer) => Count(_inner.Read(buffer));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Task.FromResult(Count(_inner.Read(buffer, offset, count)));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Count(_inner.Read(buffer.Span)));

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private int Count(int n)
        {
            counted(n);
            return n;
        }
    }
}
