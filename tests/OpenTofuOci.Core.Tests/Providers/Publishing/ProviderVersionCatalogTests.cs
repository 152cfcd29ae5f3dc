using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci;
using OpenTofuOci.Core.Oci.Layout;
using OpenTofuOci.Core.Providers;
using OpenTofuOci.Core.Providers.Publishing;
using OpenTofuOci.Core.Tests.Fixtures;

namespace OpenTofuOci.Core.Tests.Providers.Publishing;

public sealed class ProviderVersionCatalogTests
{
    private static readonly ProviderAddress Address = ProviderAddress.Parse("example/foo-bar");

    [Fact]
    public async Task Versions_are_sorted_with_digest_and_platforms_and_a_bad_tag_is_reported_not_fatal()
    {
        using var dir = new TempDirectory();
        var layout = new OciLayoutStore(dir.Combine("mirror"));
        ReleaseFiles.Write(dir.Combine("r2"), "foo-bar", "1.10.0", ["linux_amd64"]);
        ReleaseFiles.Write(dir.Combine("r1"), "foo-bar", "1.9.0", ["windows_amd64", "linux_amd64"]);
        var newer = await ProviderPublisher.PublishAsync(new ProviderPublishRequest { Files = ProviderReleaseFile.FromPaths([dir.Combine("r2")]), Target = layout });
        var older = await ProviderPublisher.PublishAsync(new ProviderPublishRequest { Files = ProviderReleaseFile.FromPaths([dir.Combine("r1")]), Target = layout });
        // A single manifest under a version tag: OpenTofu would refuse it.
        var manifest = older.Platforms[0].ManifestDigest;
        await layout.TagAsync(await layout.ResolveAsync(manifest), "2.0.0");
        await layout.TagAsync(await layout.ResolveAsync(manifest), "latest");

        var versions = await ProviderVersionCatalog.ListAsync(layout, Address);

        Assert.Equal(["1.9.0", "1.10.0", "2.0.0"], versions.Select(v => v.Tag));
        Assert.Equal(older.IndexDigest, versions[0].IndexDigest);
        Assert.Equal([("linux_amd64", older.Platforms[0].ManifestDigest), ("windows_amd64", older.Platforms[1].ManifestDigest)],
            versions[0].Platforms.Select(p => (p.Platform, p.ManifestDigest)));
        Assert.Null(versions[0].Problem);
        Assert.Equal(newer.IndexDigest, versions[1].IndexDigest);
        Assert.Equal(manifest, versions[2].IndexDigest);
        Assert.Empty(versions[2].Platforms);
        Assert.Equal($"not a provider index: the tag holds {MediaTypes.ImageManifest}", versions[2].Problem);
    }

    [Fact]
    public async Task A_missing_layout_is_ProviderNotFound()
    {
        using var dir = new TempDirectory();
        var ex = await Assert.ThrowsAsync<TofuOciException>(() => ProviderVersionCatalog.ListAsync(new OciLayoutStore(dir.Combine("absent")), Address));
        Assert.Equal(ErrorIds.ProviderNotFound, ex.ErrorId);
    }
}
