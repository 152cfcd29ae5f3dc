using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci;
using OpenTofuOci.Core.Oci.Layout;
using OpenTofuOci.Core.Oci.Targets;
using OpenTofuOci.Core.Providers;
using OpenTofuOci.Core.Providers.Publishing;
using OpenTofuOci.Core.Tests.Fixtures;

namespace OpenTofuOci.Core.Tests.Providers.Publishing;

/// <summary>Publishing to a real docker-registry and to a layout directory must behave the same.</summary>
public sealed class ProviderPublisherTests(PlainRegistryFixture fixture) : IClassFixture<PlainRegistryFixture>, IDisposable
{
    private static readonly string[] ThreePlatforms = ["linux_amd64", "darwin_arm64", "windows_amd64"];
    private static readonly ProviderAddress Address = ProviderAddress.Parse("example/foo-bar");
    private readonly TempDirectory _dir = new();
    private readonly ConcurrentQueue<string> _log = new();

    public void Dispose() => _dir.Dispose();

    private ITarget Open(string kind) => kind == "registry"
        ? fixture.Server.Repository($"pub/foo-bar-{Guid.NewGuid().ToString("N")[..10]}", log: _log.Enqueue)
        : new OciLayoutStore(_dir.Combine("layout-" + Guid.NewGuid().ToString("N")[..10]));

    private static Task<ProviderPublishResult> Publish(ITarget target, IEnumerable<string> paths, bool force = false, IProgress<TransferProgress>? progress = null) =>
        ProviderPublisher.PublishAsync(new ProviderPublishRequest { Files = ProviderReleaseFile.FromPaths(paths), Target = target, Force = force }, progress);

    [Theory]
    [InlineData("registry")]
    [InlineData("layout")]
    public async Task Three_platforms_are_selected_by_the_index_reader_with_the_zip_sha256_as_zh(string kind)
    {
        var zips = ReleaseFiles.Write(_dir.Combine("release"), "foo-bar", "1.2.3", ThreePlatforms);
        var target = Open(kind);

        var result = await Publish(target, [_dir.Combine("release")]);

        Assert.Equal(ProviderPublishStatus.Published, result.Status);
        Assert.Equal("1.2.3", result.Tag);
        Assert.Equal(["darwin_arm64", "linux_amd64", "windows_amd64"], result.Platforms.Select(p => p.Platform));
        Assert.Equal(4, result.BlobsUploaded);
        Assert.Equal(0, result.BlobsSkipped);
        var manifestSizes = 0L;
        foreach (var p in result.Platforms)
        {
            var manifest = await target.ResolveAsync(p.ManifestDigest);
            manifestSizes += manifest.Size;
        }

        Assert.Equal(zips.Sum(z => new FileInfo(z).Length) + 2 + manifestSizes + result.Index.Size, result.BytesUploaded);
        Assert.Equal(result.IndexDigest, (await target.ResolveAsync("1.2.3")).Digest);

        var platforms = ThreePlatforms.Select(ProviderPlatform.Parse).ToList();
        var metas = await ProviderIndexReader.ReadAsync(target, Address, ProviderVersion.Create(1, 2, 3), platforms);
        for (var i = 0; i < platforms.Count; i++)
        {
            var zip = zips.Single(z => z.EndsWith($"_{platforms[i]}.zip", StringComparison.Ordinal));
            Assert.Equal("zh:" + ReleaseFiles.Sha256Hex(zip), metas[i].ZipHash);
            Assert.Equal(Path.GetFileName(zip), metas[i].LayerDescriptor.Annotation(AnnotationKeys.Title));
            Assert.Equal(MediaTypes.OpenTofuProviderTarget, metas[i].ManifestDescriptor.ArtifactType);
            Assert.Equal(result.IndexDigest, metas[i].IndexDescriptor.Digest);
        }
    }

    [Theory]
    [InlineData("registry")]
    [InlineData("layout")]
    public async Task Publishing_the_same_zips_twice_gives_the_same_digest_and_uploads_nothing(string kind)
    {
        ReleaseFiles.Write(_dir.Combine("release"), "foo-bar", "1.0.0", ThreePlatforms);
        var target = Open(kind);
        var first = await Publish(target, [_dir.Combine("release")]);
        _log.Clear();
        var reports = new List<TransferProgress>();

        var second = await Publish(target, [_dir.Combine("release")], progress: new SyncProgress(reports.Add));

        Assert.Equal(first.IndexDigest, second.IndexDigest);
        Assert.Equal(first.Platforms, second.Platforms);
        Assert.Equal(ProviderPublishStatus.Unchanged, second.Status);
        Assert.Equal(0, second.BytesUploaded);
        Assert.Equal(0, second.BlobsUploaded);
        Assert.Empty(reports);
        Assert.DoesNotContain(_log, l => l.StartsWith("PUT ", StringComparison.Ordinal) || l.StartsWith("PATCH ", StringComparison.Ordinal) || l.StartsWith("POST ", StringComparison.Ordinal));
        if (kind == "registry")
        {
            Assert.Contains(_log, l => l.StartsWith("HEAD ", StringComparison.Ordinal) || l.StartsWith("GET ", StringComparison.Ordinal));
        }

        // The same layout elsewhere, and the registry, agree on the digest (deterministic, target-independent).
        var other = await Publish(Open(kind == "registry" ? "layout" : "registry"), [_dir.Combine("release")]);
        Assert.Equal(first.IndexDigest, other.IndexDigest);
    }

    [Theory]
    [InlineData("registry")]
    [InlineData("layout")]
    public async Task A_new_version_with_the_same_zip_bytes_and_SHA256SUMS_skips_every_blob(string kind)
    {
        var target = Open(kind);
        var zip = ReleaseFiles.Zip("foo-bar", "1.0.0", "linux_amd64");
        var a = _dir.Combine("a", ReleaseFiles.FileName("foo-bar", "1.0.0", "linux_amd64"));
        var b = _dir.Combine("b", ReleaseFiles.FileName("foo-bar", "1.0.1", "linux_amd64"));
        Directory.CreateDirectory(Path.GetDirectoryName(a)!);
        Directory.CreateDirectory(Path.GetDirectoryName(b)!);
        File.WriteAllBytes(a, zip);
        File.WriteAllBytes(b, zip);
        // The checksum file gives the digest up front, so the target is asked before the zip is sent.
        var sums = _dir.Combine("b", "terraform-provider-foo-bar_1.0.1_SHA256SUMS");
        File.WriteAllText(sums, $"{ReleaseFiles.Sha256Hex(zip)}  {Path.GetFileName(b)}\n");
        await Publish(target, [a]);
        _log.Clear();

        var second = await Publish(target, [b, sums]);

        Assert.Equal(ProviderPublishStatus.Published, second.Status);
        Assert.Equal(0, second.BlobsUploaded);
        Assert.Equal(2, second.BlobsSkipped);
        var manifest = await target.ResolveAsync(second.Platforms[0].ManifestDigest);
        Assert.Equal(manifest.Size + second.Index.Size, second.BytesUploaded);
        Assert.DoesNotContain(_log, l => l.Contains("/blobs/uploads", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("registry")]
    [InlineData("layout")]
    public async Task A_zip_that_does_not_match_SHA256SUMS_fails_before_its_blob_or_any_manifest_is_stored(string kind)
    {
        var zips = ReleaseFiles.Write(_dir.Combine("release"), "foo-bar", "1.0.0", ThreePlatforms);
        var listed = Descriptor.FromBytes(MediaTypes.Zip, File.ReadAllBytes(zips[2]));
        File.WriteAllBytes(zips[2], ReleaseFiles.Zip("foo-bar", "1.0.0", ThreePlatforms[2], salt: "other"));
        var target = Open(kind);

        var ex = await Assert.ThrowsAsync<TofuOciException>(() => Publish(target, [_dir.Combine("release")]));

        Assert.Equal(ErrorIds.ChecksumMismatch, ex.ErrorId);
        Assert.Equal(zips[2], ex.Target);
        var expectedStart = $"{zips[2]} does not match {_dir.Combine("release", "terraform-provider-foo-bar_1.0.0_SHA256SUMS")}: the checksum file says sha256 {listed.ParsedDigest().Encoded} but the file's content ({new FileInfo(zips[2]).Length} bytes) differs.";
        Assert.True(ex.Message.StartsWith(expectedStart, StringComparison.Ordinal), ex.Message);
        Assert.False(await target.ExistsAsync(listed with { Size = new FileInfo(zips[2]).Length }));
        Assert.False(await target.ExistsAsync(listed));
        Assert.DoesNotContain(_log, l => l.Contains("/manifests/", StringComparison.Ordinal) && l.StartsWith("PUT", StringComparison.Ordinal));
        var absent = await Assert.ThrowsAsync<TofuOciException>(() => target.ResolveAsync("1.0.0"));
        Assert.Equal(ErrorKind.NotFound, absent.Kind);
    }

    [Theory]
    [InlineData("registry")]
    [InlineData("layout")]
    public async Task A_zip_whose_blob_the_target_has_is_still_checked_against_SHA256SUMS(string kind)
    {
        var zips = ReleaseFiles.Write(_dir.Combine("release"), "foo-bar", "1.0.0", ThreePlatforms);
        var good = File.ReadAllBytes(zips[0]);
        var target = Open(kind);
        var blob = Descriptor.FromBytes(MediaTypes.Zip, good);
        await target.PushAsync(blob, new MemoryStream(good));
        var damaged = (byte[])good.Clone();
        damaged[^1] ^= 0xFF; // same length, so the target reports the listed blob as present
        File.WriteAllBytes(zips[0], damaged);

        var ex = await Assert.ThrowsAsync<TofuOciException>(() => Publish(target, [_dir.Combine("release")]));

        Assert.Equal((ErrorIds.ChecksumMismatch, zips[0]), (ex.ErrorId, ex.Target));
        Assert.True(ex.Message.Contains($"its sha256 is {ReleaseFiles.Sha256Hex(zips[0])} but the checksum file says {blob.ParsedDigest().Encoded}", StringComparison.Ordinal), ex.Message);
        var absent = await Assert.ThrowsAsync<TofuOciException>(() => target.ResolveAsync("1.0.0"));
        Assert.Equal(ErrorKind.NotFound, absent.Kind);
    }

    [Theory]
    [InlineData("registry")]
    [InlineData("layout")]
    public async Task Republishing_an_unchanged_version_still_checks_every_zip_against_SHA256SUMS(string kind)
    {
        var zips = ReleaseFiles.Write(_dir.Combine("release"), "foo-bar", "1.0.0", ThreePlatforms);
        var target = Open(kind);
        var first = await Publish(target, [_dir.Combine("release")]);
        Assert.Equal(ProviderPublishStatus.Unchanged, (await Publish(target, [_dir.Combine("release")])).Status);
        File.WriteAllBytes(zips[1], ReleaseFiles.Zip("foo-bar", "1.0.0", ThreePlatforms[1], salt: "other"));

        var ex = await Assert.ThrowsAsync<TofuOciException>(() => Publish(target, [_dir.Combine("release")]));

        Assert.Equal((ErrorIds.ChecksumMismatch, zips[1]), (ex.ErrorId, ex.Target));
        Assert.Equal(first.IndexDigest, (await target.ResolveAsync("1.0.0")).Digest);
    }

    [Fact]
    public async Task Without_SHA256SUMS_the_scan_for_publishing_leaves_every_digest_to_the_upload()
    {
        var zips = ReleaseFiles.Write(_dir.Combine("release"), "foo-bar", "1.0.0", ThreePlatforms, sums: false);
        var release = await ProviderReleaseScanner.ScanTrustingChecksumsAsync(ProviderReleaseFile.FromPaths([_dir.Combine("release")]));
        Assert.False(release.IsVerified);
        Assert.Null(release.ChecksumsFile);
        Assert.All(release.Packages, p => Assert.True(p.DigestPending && !p.Verified));
        Assert.Equal(zips.Select(z => new FileInfo(z).Length).Order(), release.Packages.Select(p => p.Size).Order());

        var hashed = await ProviderReleaseScanner.ScanAsync(ProviderReleaseFile.FromPaths([_dir.Combine("release")]));
        Assert.True(hashed.IsVerified);
        Assert.All(hashed.Packages, p => Assert.False(p.DigestPending));
        Assert.Equal(zips.Select(ReleaseFiles.Sha256Hex).Order(), hashed.Packages.Select(p => p.Digest.Encoded).Order());
    }

    [Fact]
    public async Task With_SHA256SUMS_the_scan_for_publishing_takes_the_digests_from_it_and_reads_only_zip_headers()
    {
        var zips = ReleaseFiles.Write(_dir.Combine("release"), "foo-bar", "1.0.0", ThreePlatforms);
        // Damage a zip after its header: the scan does not notice, the publisher does (tests above).
        var bytes = File.ReadAllBytes(zips[0]);
        bytes[^1] ^= 0xFF;
        File.WriteAllBytes(zips[0], bytes);
        var release = await ProviderReleaseScanner.ScanTrustingChecksumsAsync(ProviderReleaseFile.FromPaths([_dir.Combine("release")]));
        Assert.False(release.IsVerified);
        Assert.All(release.Packages, p => Assert.False(p.Verified));
        Assert.Equal(bytes.Length, release.Packages.Single(p => p.File.Source == zips[0]).Size);

        var strict = await Assert.ThrowsAsync<TofuOciException>(() => ProviderReleaseScanner.ScanAsync(ProviderReleaseFile.FromPaths([_dir.Combine("release")])));
        Assert.Equal((ErrorIds.ChecksumMismatch, zips[0]), (strict.ErrorId, strict.Target));

        File.WriteAllBytes(zips[1], "not a zip"u8.ToArray());
        var header = await Assert.ThrowsAsync<TofuOciException>(() => ProviderReleaseScanner.ScanTrustingChecksumsAsync(ProviderReleaseFile.FromPaths([_dir.Combine("release")])));
        Assert.Equal((ErrorIds.InvalidArchive, zips[1]), (header.ErrorId, header.Target));
    }

    [Theory]
    [InlineData("registry")]
    [InlineData("layout")]
    public async Task Mixed_versions_publish_nothing(string kind)
    {
        var a = ReleaseFiles.Write(_dir.Combine("a"), "foo-bar", "1.0.0", ["linux_amd64"], sums: false);
        var b = ReleaseFiles.Write(_dir.Combine("b"), "foo-bar", "1.1.0", ["darwin_arm64"], sums: false);
        var target = Open(kind);
        var ex = await Assert.ThrowsAsync<TofuOciException>(() => Publish(target, [.. a, .. b]));
        Assert.Equal(ErrorIds.InvalidProviderRelease, ex.ErrorId);
        Assert.Empty(_log);
    }

    [Theory]
    [InlineData("registry")]
    [InlineData("layout")]
    public async Task Different_content_for_an_existing_version_is_refused_unless_forced(string kind)
    {
        ReleaseFiles.Write(_dir.Combine("one"), "foo-bar", "2.0.0", ["linux_amd64"]);
        ReleaseFiles.Write(_dir.Combine("two"), "foo-bar", "2.0.0", ["linux_amd64"], salt: "rebuilt");
        var target = Open(kind);
        var original = await Publish(target, [_dir.Combine("one")]);
        _log.Clear();

        var ex = await Assert.ThrowsAsync<TofuOciException>(() => Publish(target, [_dir.Combine("two")]));
        Assert.Equal(ErrorIds.ProviderVersionExists, ex.ErrorId);
        Assert.Equal(ErrorKind.ResourceExists, ex.Kind);
        Assert.Contains(original.IndexDigest, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(_log, l => !l.StartsWith("HEAD ", StringComparison.Ordinal) && !l.StartsWith("GET ", StringComparison.Ordinal));
        Assert.Equal(original.IndexDigest, (await target.ResolveAsync("2.0.0")).Digest);

        var replaced = await Publish(target, [_dir.Combine("two")], force: true);
        Assert.Equal(ProviderPublishStatus.Replaced, replaced.Status);
        Assert.Equal(original.IndexDigest, replaced.PreviousDigest);
        Assert.NotEqual(original.IndexDigest, replaced.IndexDigest);
        Assert.Equal(replaced.IndexDigest, (await target.ResolveAsync("2.0.0")).Digest);
    }

    [Fact]
    public async Task Skopeo_reads_the_published_index_with_its_artifactType()
    {
        ReleaseFiles.Write(_dir.Combine("release"), "foo-bar", "3.0.0", ThreePlatforms);
        var repo = $"pub/skopeo-{Guid.NewGuid().ToString("N")[..10]}";
        var result = await Publish(fixture.Server.Repository(repo), [_dir.Combine("release")]);

        var raw = await SkopeoRawAsync($"docker://{fixture.Server.Address}/{repo}:3.0.0");

        Assert.Equal(result.IndexDigest, Digest.Compute(Encoding.UTF8.GetBytes(raw)).ToString());
        Assert.Contains("\"artifactType\":\"application/vnd.opentofu.provider\"", raw, StringComparison.Ordinal);
        Assert.Contains("\"platform\":{\"architecture\":\"arm64\",\"os\":\"darwin\"}", raw, StringComparison.Ordinal);
    }

    internal static async Task<string> SkopeoRawAsync(string reference)
    {
        var psi = new ProcessStartInfo("skopeo") { ArgumentList = { "inspect", "--raw", "--tls-verify=false", reference }, RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(psi)!;
        var output = await p.StandardOutput.ReadToEndAsync();
        var error = await p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        Assert.True(p.ExitCode == 0, error);
        return output.TrimEnd('\n');
    }

    internal sealed class SyncProgress(Action<TransferProgress> report) : IProgress<TransferProgress>
    {
        public void Report(TransferProgress value) => report(value);
    }
}
