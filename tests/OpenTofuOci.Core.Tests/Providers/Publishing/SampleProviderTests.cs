using OpenTofuOci.Core.Oci.Layout;
using OpenTofuOci.Core.Providers;
using OpenTofuOci.Core.Providers.Publishing;
using OpenTofuOci.Core.Samples;
using OpenTofuOci.Core.Tests.Fixtures;

namespace OpenTofuOci.Core.Tests.Providers.Publishing;

/// <summary>The sample goes through the publisher, so it is a real, deterministic provider release.</summary>
public sealed class SampleProviderTests
{
    [Fact]
    public async Task The_sample_is_deterministic_and_readable_as_a_provider()
    {
        using var dir = new TempDirectory();
        var a = new OciLayoutStore(dir.Combine("a"));
        var first = await SampleProvider.PublishAsync(a, "1.0.0_build.2");
        var second = await SampleProvider.PublishAsync(new OciLayoutStore(dir.Combine("b")), "1.0.0+build.2");
        var again = await SampleProvider.PublishAsync(a, "1.0.0_build.2");

        Assert.Equal("hello", first.Type);
        Assert.Equal("1.0.0_build.2", first.Tag);
        Assert.Equal(first.IndexDigest, second.IndexDigest);
        Assert.Equal(ProviderPublishStatus.Unchanged, again.Status);
        var metas = await ProviderIndexReader.ReadAsync(a, ProviderAddress.Parse("example/hello"), first.Version,
            SampleProvider.Platforms.Select(ProviderPlatform.Parse).ToList());
        Assert.Equal(SampleProvider.Platforms.Select(p => "zh:" + ReleaseFiles.Sha256Hex(SampleProvider.BuildZip("1.0.0+build.2", p))), metas.Select(m => m.ZipHash));
        Assert.Equal(["terraform-provider-hello_1.0.0+build.2_linux_amd64.zip", "terraform-provider-hello_1.0.0+build.2_windows_amd64.zip"], first.Platforms.Select(p => p.FileName));
    }

    [Fact]
    public async Task A_tag_that_is_not_a_version_is_refused()
    {
        using var dir = new TempDirectory();
        var ex = await Assert.ThrowsAsync<Errors.TofuOciException>(() => SampleProvider.PublishAsync(new OciLayoutStore(dir.Combine("a")), "latest"));
        Assert.Equal(Errors.ErrorIds.InvalidArgument, ex.ErrorId);
    }
}
