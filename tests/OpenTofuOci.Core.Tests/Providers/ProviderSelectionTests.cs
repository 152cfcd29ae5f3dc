using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci;
using OpenTofuOci.Core.Oci.Layout;
using OpenTofuOci.Core.Oci.Targets;
using OpenTofuOci.Core.Providers;
using OpenTofuOci.Core.Tests.Layout;

namespace OpenTofuOci.Core.Tests.Providers;

/// <summary>Listing versions and choosing one (docs/opentofu-compatibility.md §1.2, §8.1–8.4).</summary>
public sealed class ProviderSelectionTests : IDisposable
{
    private static readonly ProviderAddress Bar = ProviderAddress.Parse("example.com/foo/bar");
    private static readonly ProviderPlatform Amiga = ProviderPlatform.Parse("amigaos_m86k");
    private static readonly ProviderPlatform Tos = ProviderPlatform.Parse("tos_m86k");

    private readonly LayoutTempDirectory _dir = new();
    private readonly ProviderMirrorBuilder _mirror;

    public ProviderSelectionTests() => _mirror = new ProviderMirrorBuilder(new OciLayoutStore(_dir.Sub("mirror")));

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Chooses_the_newest_version_and_reads_every_platform()
    {
        await _mirror.ReleaseAsync("1.0.0", "amigaos_m86k", "tos_m86k");
        await _mirror.ReleaseAsync("1.0.1", "amigaos_m86k", "tos_m86k");
        var newest = await _mirror.ReleaseAsync("1.0.2_foo.1", "amigaos_m86k", "tos_m86k");
        await _mirror.Store.TagAsync(newest, "latest");

        var result = await ProviderSelection.SelectAsync(_mirror.Store, Bar, VersionConstraint.Any, [Amiga, Tos]);

        Assert.Equal("1.0.2+foo.1", result.Version.ToString());
        Assert.Equal(["1.0.0", "1.0.1", "1.0.2+foo.1"], result.AvailableVersions.Select(v => v.ToString()));
        Assert.Equal(["amigaos_m86k", "tos_m86k"], result.Packages.Select(p => p.Platform));
        var amiga = result.Packages[0];
        Assert.Equal(Bar, amiga.Address);
        Assert.Equal(newest.Digest, amiga.IndexDescriptor.Digest);
        Assert.Equal(MediaTypes.OpenTofuProvider, amiga.IndexDescriptor.ArtifactType);
        Assert.Equal(MediaTypes.OpenTofuProviderTarget, amiga.ManifestDescriptor.ArtifactType);
        var layer = Descriptor.FromBytes(MediaTypes.Zip, "zip bytes of 1.0.2_foo.1 amigaos_m86k"u8);
        Assert.Equal(layer.Digest, amiga.LayerDescriptor.Digest);
        Assert.Equal("zh:" + layer.Digest["sha256:".Length..], amiga.ZipHash);
        Assert.Equal("terraform-provider-bar_1.0.2+foo.1_amigaos_m86k.zip", amiga.Filename);
        Assert.NotEqual(amiga.ManifestDescriptor.Digest, result.Packages[1].ManifestDescriptor.Digest);
    }

    [Theory]
    [InlineData("~> 1.0.0", "1.0.2+foo.1")]
    [InlineData("< 1.0.1", "1.0.0")]
    [InlineData("1.0.1", "1.0.1")]
    public async Task Constraints_choose_among_the_tags(string constraint, string expected)
    {
        await _mirror.ReleaseAsync("1.0.0", "amigaos_m86k");
        await _mirror.ReleaseAsync("1.0.1", "amigaos_m86k");
        await _mirror.ReleaseAsync("1.0.2_foo.1", "amigaos_m86k");
        var result = await ProviderSelection.SelectAsync(_mirror.Store, Bar, VersionConstraint.Parse(constraint), [Amiga]);
        Assert.Equal(expected, result.Version.ToString());
        Assert.Equal($"terraform-provider-bar_{expected}_amigaos_m86k.zip", result.Packages.Single().Filename);
    }

    [Fact]
    public async Task No_matching_version_lists_what_there_is()
    {
        await _mirror.ReleaseAsync("1.0.0", "amigaos_m86k");
        await _mirror.ReleaseAsync("2.0.0-beta", "amigaos_m86k");
        var ex = await Assert.ThrowsAsync<TofuOciException>(() => ProviderSelection.SelectAsync(_mirror.Store, Bar, VersionConstraint.Parse(">= 2"), [Amiga]));
        Assert.Equal(ErrorIds.NoMatchingVersion, ex.ErrorId);
        Assert.Equal(ErrorKind.NotFound, ex.Kind);
        Assert.Contains("meets the constraint \">= 2\". Available versions: 1.0.0, 2.0.0-beta.", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Pre-release versions are only selected when the constraint names them exactly", ex.Message, StringComparison.Ordinal);

        var beta = await ProviderSelection.SelectAsync(_mirror.Store, Bar, VersionConstraint.Parse("2.0.0-beta"), [Amiga]);
        Assert.Equal("2.0.0-beta", beta.Version.ToString());
    }

    [Fact]
    public async Task A_missing_repository_is_provider_not_found()
    {
        var ex = await Assert.ThrowsAsync<TofuOciException>(() => ProviderSelection.SelectAsync(_mirror.Store, Bar, VersionConstraint.Any, [Amiga]));
        Assert.Equal(ErrorIds.ProviderNotFound, ex.ErrorId);
        Assert.Equal(ErrorKind.NotFound, ex.Kind);
        Assert.StartsWith("Provider example.com/foo/bar is not in the OCI mirror at oci-layout:", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_repository_without_version_tags_is_provider_not_found()
    {
        var index = await _mirror.ReleaseAsync("latest", "amigaos_m86k");
        await _mirror.Store.TagAsync(index, "v1.0.0");
        Assert.Empty(await ProviderSelection.ListVersionsAsync(_mirror.Store, Bar));
        var ex = await Assert.ThrowsAsync<TofuOciException>(() => ProviderSelection.SelectAsync(_mirror.Store, Bar, VersionConstraint.Any, [Amiga]));
        Assert.Equal(ErrorIds.ProviderNotFound, ex.ErrorId);
        Assert.Contains("has no version tags", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lenient_tags_are_listed_twice_and_looked_up_by_their_canonical_tag()
    {
        var index = await _mirror.ReleaseAsync("1.0", "amigaos_m86k");
        await _mirror.Store.TagAsync(index, "01.0.0");
        await _mirror.Store.TagAsync(index, "1.0.0_a_b");
        Assert.Equal(["1.0.0", "1.0.0"], (await ProviderSelection.ListVersionsAsync(_mirror.Store, Bar)).Select(v => v.ToString()));

        var ex = await Assert.ThrowsAsync<TofuOciException>(() => ProviderSelection.SelectAsync(_mirror.Store, Bar, VersionConstraint.Any, [Amiga]));
        Assert.Equal(ErrorIds.NotFound, ex.ErrorId);
        Assert.Contains("Provider example.com/foo/bar 1.0.0 (", ex.Message, StringComparison.Ordinal);
        Assert.Contains("resolving tag \"1.0.0\": ", ex.Message, StringComparison.Ordinal);
        Assert.Contains("so tag it that way", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "UNAUTHORIZED", "NAME_UNKNOWN" }, ErrorKind.NotFound, true)]
    [InlineData(new[] { "NAME_INVALID" }, ErrorKind.InvalidArgument, true)]
    [InlineData(new[] { "UNAUTHORIZED" }, ErrorKind.NotFound, false)]
    [InlineData(new string[0], ErrorKind.NotFound, true)]
    [InlineData(new string[0], ErrorKind.Authentication, false)]
    [InlineData(new string[0], ErrorKind.Connection, false)]
    public async Task Registry_errors_mean_not_found_like_OpenTofu(string[] codes, ErrorKind kind, bool notFound)
    {
        var original = new TofuOciException("X", kind, "registry said no", null, null, codes.Select(c => new RegistryErrorDetail(c, "m", null)).ToList(), 404);
        var ex = await Assert.ThrowsAsync<TofuOciException>(() => ProviderSelection.ListVersionsAsync(new FailingTagsTarget(original), Bar));
        if (notFound)
        {
            Assert.Equal(ErrorIds.ProviderNotFound, ex.ErrorId);
            Assert.Same(original, ex.InnerException);
        }
        else
        {
            Assert.Same(original, ex);
        }
    }

    private sealed class FailingTagsTarget(TofuOciException error) : IReadOnlyTarget
    {
        public string DisplayName => "registry.example/foo_bar";
        public Task<Descriptor> ResolveAsync(string reference, CancellationToken cancellationToken = default) => throw error;
        public Task<Stream> FetchAsync(Descriptor descriptor, CancellationToken cancellationToken = default) => throw error;
        public Task<bool> ExistsAsync(Descriptor descriptor, CancellationToken cancellationToken = default) => throw error;

        public async IAsyncEnumerable<string> ListTagsAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            yield return "1.0.0";
            await Task.Yield();
            throw error;
        }
    }
}
