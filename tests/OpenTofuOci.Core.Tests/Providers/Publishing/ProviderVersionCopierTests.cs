using System.Collections.Concurrent;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci;
using OpenTofuOci.Core.Oci.Layout;
using OpenTofuOci.Core.Oci.Targets;
using OpenTofuOci.Core.Providers;
using OpenTofuOci.Core.Providers.Publishing;
using OpenTofuOci.Core.Tests.Fixtures;
using OpenTofuOci.Core.Tests.Remote;

namespace OpenTofuOci.Core.Tests.Providers.Publishing;

public sealed class ProviderVersionCopierTests(PlainRegistryFixture fixture) : IClassFixture<PlainRegistryFixture>, IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string UniqueRepo(string name) => $"copy/{name}-{Guid.NewGuid().ToString("N")[..10]}";

    private async Task<ProviderPublishResult> PublishAsync(ITarget target, string version, string salt = "")
    {
        var dir = _dir.Combine("release-" + Guid.NewGuid().ToString("N")[..8]);
        ReleaseFiles.Write(dir, "foo-bar", version, ["linux_amd64", "windows_amd64"], salt: salt);
        return await ProviderPublisher.PublishAsync(new ProviderPublishRequest { Files = ProviderReleaseFile.FromPaths([dir]), Target = target });
    }

    [Fact]
    public async Task Registry_to_layout_to_registry_keeps_the_index_digest()
    {
        var source = fixture.Server.Repository(UniqueRepo("src"));
        var published = await PublishAsync(source, "1.0.0+build.7");
        var layout = new OciLayoutStore(_dir.Combine("carry"));
        var back = fixture.Server.Repository(UniqueRepo("back"));

        var down = await ProviderVersionCopier.CopyAsync(source, "1.0.0_build.7", layout);
        var up = await ProviderVersionCopier.CopyAsync(layout, "1.0.0_build.7", back);

        Assert.Equal(ProviderPublishStatus.Published, down.Status);
        Assert.Equal(published.IndexDigest, down.IndexDigest);
        Assert.Equal(published.IndexDigest, up.IndexDigest);
        Assert.Equal("1.0.0+build.7", up.Version.ToString());
        Assert.Equal(published.Platforms.Select(p => (p.Platform, p.ManifestDigest)), up.Platforms.Select(p => (p.Platform, p.ManifestDigest)));
        Assert.Equal(published.IndexDigest, (await back.ResolveAsync("1.0.0_build.7")).Digest);
        var metas = await ProviderIndexReader.ReadAsync(back, ProviderAddress.Parse("example/foo-bar"), up.Version, [ProviderPlatform.Parse("windows_amd64")]);
        Assert.Equal(published.Platforms.Single(p => p.Platform == "windows_amd64").ZipHash, metas[0].ZipHash);

        var again = await ProviderVersionCopier.CopyAsync(layout, "1.0.0_build.7", back);
        Assert.Equal(ProviderPublishStatus.Unchanged, again.Status);
        Assert.Equal(0, again.BytesUploaded);
    }

    [Fact]
    public async Task Two_repositories_on_one_registry_mount_instead_of_uploading()
    {
        var source = fixture.Server.Repository(UniqueRepo("mount-src"));
        await PublishAsync(source, "1.0.0");
        var log = new ConcurrentQueue<string>();
        var destination = fixture.Server.Repository(UniqueRepo("mount-dst"), log: log.Enqueue);

        var result = await ProviderVersionCopier.CopyAsync(source, "1.0.0", destination);

        Assert.Equal(3, result.BlobsSkipped); // config and two zips, mounted
        Assert.DoesNotContain(log, l => l.StartsWith("PUT ", StringComparison.Ordinal) && l.Contains("/blobs/uploads/", StringComparison.Ordinal));
        Assert.Contains(log, l => l.StartsWith("POST ", StringComparison.Ordinal) && l.EndsWith(" 201", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_different_version_under_the_tag_is_refused_unless_forced()
    {
        var source = new OciLayoutStore(_dir.Combine("a"));
        var destination = new OciLayoutStore(_dir.Combine("b"));
        var wanted = await PublishAsync(source, "2.0.0");
        var other = await PublishAsync(destination, "2.0.0", salt: "different");

        var ex = await Assert.ThrowsAsync<TofuOciException>(() => ProviderVersionCopier.CopyAsync(source, "2.0.0", destination));
        Assert.Equal(ErrorIds.ProviderVersionExists, ex.ErrorId);
        Assert.Equal(other.IndexDigest, (await destination.ResolveAsync("2.0.0")).Digest);

        var forced = await ProviderVersionCopier.CopyAsync(source, "2.0.0", destination, force: true);
        Assert.Equal(ProviderPublishStatus.Replaced, forced.Status);
        Assert.Equal(other.IndexDigest, forced.PreviousDigest);
        Assert.Equal(wanted.IndexDigest, (await destination.ResolveAsync("2.0.0")).Digest);
    }

    [Fact]
    public async Task A_tag_that_is_not_a_provider_index_is_refused_before_anything_is_written()
    {
        var source = fixture.Server.Repository(UniqueRepo("image"));
        await RealRegistryTests.PushArtifactAsync(source, "1.0.0");
        var destination = new OciLayoutStore(_dir.Combine("never"));

        var ex = await Assert.ThrowsAsync<TofuOciException>(() => ProviderVersionCopier.CopyAsync(source, "1.0.0", destination));

        Assert.Equal(ErrorIds.NotAProviderIndex, ex.ErrorId);
        Assert.False(Directory.Exists(_dir.Combine("never")));
    }

    [Fact]
    public async Task A_tag_that_is_not_a_version_is_refused()
    {
        var source = new OciLayoutStore(_dir.Combine("a"));
        var ex = await Assert.ThrowsAsync<TofuOciException>(() => ProviderVersionCopier.CopyAsync(source, "latest", new OciLayoutStore(_dir.Combine("b"))));
        Assert.Equal(ErrorIds.InvalidArgument, ex.ErrorId);
    }
}
