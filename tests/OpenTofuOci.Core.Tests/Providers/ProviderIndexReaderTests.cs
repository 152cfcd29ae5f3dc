using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci;
using OpenTofuOci.Core.Oci.Layout;
using OpenTofuOci.Core.Oci.Targets;
using OpenTofuOci.Core.Providers;
using OpenTofuOci.Core.Tests.Layout;
using static OpenTofuOci.Core.Tests.Providers.ProviderMirrorBuilder;

namespace OpenTofuOci.Core.Tests.Providers;

/// <summary>Every rule and error of docs/opentofu-compatibility.md §1.3–§1.4, through a layout and through a registry-like target.</summary>
public sealed class ProviderIndexReaderTests : IDisposable
{
    private const string Prefix = "Provider example.com/foo/bar 1.0.0 (";
    private static readonly ProviderAddress Bar = ProviderAddress.Parse("example.com/foo/bar");
    private static readonly ProviderVersion V100 = ProviderVersion.Create(1, 0, 0);
    private static readonly ProviderPlatform LinuxAmd64 = ProviderPlatform.Parse("linux_amd64");

    private readonly LayoutTempDirectory _dir = new();
    private readonly ProviderMirrorBuilder _m;

    public ProviderIndexReaderTests() => _m = new ProviderMirrorBuilder(new OciLayoutStore(_dir.Sub("mirror")));

    public void Dispose() => _dir.Dispose();

    private Task<IReadOnlyList<ProviderPackageMeta>> Read(IReadOnlyTarget? target = null, params ProviderPlatform[] platforms) =>
        ProviderIndexReader.ReadAsync(target ?? _m.Store, Bar, V100, platforms.Length == 0 ? [LinuxAmd64] : platforms);

    private async Task<TofuOciException> Fails(string errorId, string openTofuText, IReadOnlyTarget? target = null)
    {
        var ex = await Assert.ThrowsAsync<TofuOciException>(() => Read(target));
        Assert.Equal(errorId, ex.ErrorId);
        Assert.StartsWith(Prefix, ex.Message, StringComparison.Ordinal);
        Assert.Contains(":1.0.0): " + openTofuText + ".", ex.Message, StringComparison.Ordinal);
        return ex;
    }

    private RemoteLikeTarget Remote(Func<Descriptor, Descriptor>? rewrite = null) => new(_m.Store) { Rewrite = rewrite };

    // ---- Step 1: what the tag resolves to ----

    [Fact]
    public async Task Layout_reports_a_per_platform_manifest_tagged_directly()
    {
        var (manifest, _) = await _m.ZipManifestAsync("x");
        await _m.Store.TagAsync(manifest, "1.0.0");
        await Fails(ErrorIds.NotAProviderIndex, "tag refers directly to image manifest, but OpenTofu providers require an index manifest for multi-platform support");
        // A registry does not report artifactType, so the media type check speaks instead (§8.11).
        await Fails(ErrorIds.NotAProviderIndex, "selected an OCI image manifest directly, but providers must be selected through a multi-platform index manifest", Remote());
    }

    [Fact]
    public async Task Layout_reports_a_module_package()
    {
        var layer = await _m.BlobAsync("module zip");
        var module = await _m.PlatformManifestAsync([layer], artifactType: MediaTypes.OpenTofuModulePackage);
        await _m.Store.TagAsync(module, "1.0.0");
        await Fails(ErrorIds.NotAProviderIndex, "selected OCI artifact is an OpenTofu module package, not a provider package");
        await Fails(ErrorIds.NotAProviderIndex, "selected an OCI image manifest directly, but providers must be selected through a multi-platform index manifest", Remote());
    }

    [Fact]
    public async Task Other_artifact_types_and_container_images_are_refused()
    {
        var helm = await _m.PlatformManifestAsync([await _m.BlobAsync("chart", "application/vnd.cncf.helm.chart.content.v1.tar+gzip")], artifactType: "application/vnd.cncf.helm.config.v1+json");
        await _m.Store.TagAsync(helm, "1.0.0");
        await Fails(ErrorIds.NotAProviderIndex, "unsupported OCI artifact type \"application/vnd.cncf.helm.config.v1+json\"");

        var image = await _m.PlatformManifestAsync([await _m.BlobAsync("rootfs", "application/vnd.oci.image.layer.v1.tar+gzip")], config: null, artifactType: null);
        await _m.Store.TagAsync(image, "1.0.0");
        await Fails(ErrorIds.NotAProviderIndex, "selected an OCI image manifest directly, but providers must be selected through a multi-platform index manifest");
    }

    [Theory]
    [InlineData(MediaTypes.DockerManifestList, "unsupported media type \"application/vnd.docker.distribution.manifest.list.v2+json\" for OCI index manifest")]
    [InlineData(MediaTypes.Descriptor, "found OCI descriptor but expected multi-platform index manifest")]
    [InlineData("text/plain", "unsupported media type \"text/plain\" for OCI index manifest")]
    public async Task Resolved_media_types_other_than_an_index_are_refused(string mediaType, string expected)
    {
        await _m.ReleaseAsync("1.0.0", "linux_amd64");
        await Fails(ErrorIds.NotAProviderIndex, expected, Remote(d => d with { MediaType = mediaType }));
    }

    [Fact]
    public async Task Manifests_over_OpenTofus_limit_are_not_fetched()
    {
        await _m.ReleaseAsync("1.0.0", "linux_amd64");
        var ex = await Assert.ThrowsAsync<TofuOciException>(() => Read(Remote(d => d with { Size = 5L * 1024 * 1024 })));
        Assert.Equal(ErrorIds.ManifestTooLarge, ex.ErrorId);
    }

    // ---- Step 2: the index itself ----

    [Fact]
    public async Task An_index_copied_by_skopeo_without_artifactType_is_explained()
    {
        var (m, _) = await _m.ZipManifestAsync("x");
        await _m.IndexAsync("1.0.0", [Entry(m, "linux", "amd64")], artifactType: null);
        var ex = await Fails(ErrorIds.NotAProviderIndex, "unexpected artifact type \"\"");
        Assert.Contains("skopeo copy --all", ex.Message, StringComparison.Ordinal);
        await Fails(ErrorIds.NotAProviderIndex, "unexpected artifact type \"\"", Remote());
    }

    [Fact]
    public async Task An_index_with_another_artifact_type_is_refused_by_a_registry_too()
    {
        var (m, _) = await _m.ZipManifestAsync("x");
        await _m.IndexAsync("1.0.0", [Entry(m, "linux", "amd64")], artifactType: "application/x-other");
        await Fails(ErrorIds.NotAProviderIndex, "unsupported OCI artifact type \"application/x-other\"");
        var ex = await Fails(ErrorIds.NotAProviderIndex, "unexpected artifact type \"application/x-other\"", Remote());
        Assert.DoesNotContain("skopeo", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_index_must_state_its_media_type()
    {
        var (m, _) = await _m.ZipManifestAsync("x");
        await _m.IndexAsync("1.0.0", [Entry(m, "linux", "amd64")], mediaType: null);
        await Fails(ErrorIds.NotAProviderIndex, "unexpected manifest media type \"\"");
    }

    [Fact]
    public async Task Content_that_is_an_image_manifest_is_refused()
    {
        // Decodes as an index (unknown fields ignored), so the media type comparison catches it.
        var (m, _) = await _m.ZipManifestAsync("x");
        await _m.Store.TagAsync(m, "1.0.0");
        await Fails(ErrorIds.NotAProviderIndex, "unexpected manifest media type \"application/vnd.oci.image.manifest.v1+json\"",
            Remote(d => d with { MediaType = MediaTypes.ImageIndex }));

        // Does not decode as an index but does as a manifest.
        var odd = await _m.ManifestAsync("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"manifests\":\"oops\",\"layers\":[]}", MediaTypes.ImageIndex, null);
        await _m.Store.TagAsync(odd, "1.0.0");
        await Fails(ErrorIds.NotAProviderIndex, "found image manifest but need index manifest");

        // Without a mediaType it is not recognised as a manifest: plain invalid content.
        var untyped = await _m.ManifestAsync("{\"schemaVersion\":2,\"manifests\":\"oops\",\"layers\":[]}", MediaTypes.ImageIndex, null);
        await _m.Store.TagAsync(untyped, "1.0.0");
        var ex = await Assert.ThrowsAsync<TofuOciException>(() => Read());
        Assert.Equal(ErrorIds.InvalidManifest, ex.ErrorId);
        Assert.Contains(":1.0.0): invalid manifest content: ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_index_content_is_invalid_manifest()
    {
        var bad = await _m.ManifestAsync("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[{\"size\":\"12\"}]}", MediaTypes.ImageIndex, null);
        await _m.Store.TagAsync(bad, "1.0.0");
        var ex = await Assert.ThrowsAsync<TofuOciException>(() => Read());
        Assert.Equal(ErrorIds.InvalidManifest, ex.ErrorId);
        Assert.Contains(":1.0.0): invalid manifest content: ", ex.Message, StringComparison.Ordinal);
    }

    // ---- Step 3: choosing the platform entry ----

    [Fact]
    public async Task Other_platforms_only_is_platform_not_supported()
    {
        await _m.ReleaseAsync("1.0.0", "amigaos_m86k", "tos_m86k");
        var ex = await Assert.ThrowsAsync<TofuOciException>(() => Read(null, ProviderPlatform.Parse("riscovite_riscv64")));
        Assert.Equal(ErrorIds.PlatformNotSupported, ex.ErrorId);
        Assert.Equal(ErrorKind.NotFound, ex.Kind);
        Assert.StartsWith("provider example.com/foo/bar 1.0.0 is not available for riscovite_riscv64 (", ex.Message, StringComparison.Ordinal);
        Assert.Contains("It is published for: amigaos_m86k, tos_m86k.", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Platform_matching_is_exact_and_case_sensitive()
    {
        var (m, _) = await _m.ZipManifestAsync("x");
        await _m.IndexAsync("1.0.0", [Entry(m, "Linux", "amd64"), Entry(m, "linux", "AMD64")]);
        var ex = await Assert.ThrowsAsync<TofuOciException>(() => Read());
        Assert.Equal(ErrorIds.PlatformNotSupported, ex.ErrorId);
    }

    [Fact]
    public async Task Entries_with_os_version_are_never_selected()
    {
        var (m, _) = await _m.ZipManifestAsync("x");
        await _m.IndexAsync("1.0.0", [Entry(m, "linux", "amd64", osVersion: "6.1")]);
        var ex = await Assert.ThrowsAsync<TofuOciException>(() => Read());
        Assert.Equal(ErrorIds.PlatformNotSupported, ex.ErrorId);
        Assert.Contains("linux_amd64 (os.version 6.1, which OpenTofu never selects)", ex.Message, StringComparison.Ordinal);

        var (plain, layer) = await _m.ZipManifestAsync("plain");
        await _m.IndexAsync("1.0.0", [Entry(m, "linux", "amd64", osVersion: "6.1"), Entry(plain, "linux", "amd64")]);
        Assert.Equal(layer.Digest, (await Read()).Single().LayerDescriptor.Digest);
    }

    [Fact]
    public async Task Variant_is_ignored_so_two_variants_are_ambiguous()
    {
        var (v8, layer) = await _m.ZipManifestAsync("v8");
        var (v7, _) = await _m.ZipManifestAsync("v7");
        await _m.IndexAsync("1.0.0", [Entry(v8, "linux", "arm64", variant: "v8")]);
        Assert.Equal(layer.Digest, (await Read(null, ProviderPlatform.Parse("linux_arm64"))).Single().LayerDescriptor.Digest);

        await _m.IndexAsync("1.0.0", [Entry(v8, "linux", "arm64", variant: "v8"), Entry(v7, "linux", "arm64", variant: "v7")]);
        var ex = await Assert.ThrowsAsync<TofuOciException>(() => Read(null, ProviderPlatform.Parse("linux_arm64")));
        Assert.Equal(ErrorIds.AmbiguousPlatform, ex.ErrorId);
        Assert.Contains("): ambiguous manifest has multiple descriptors for platform linux_arm64.", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_media_type_entry_aborts_even_after_a_match_and_for_another_platform()
    {
        var (amd, _) = await _m.ZipManifestAsync("amd");
        var (arm, _) = await _m.ZipManifestAsync("arm");
        await _m.IndexAsync("1.0.0", [Entry(arm, "linux", "arm64"), Entry(amd, "linux", "amd64"), Entry(arm, "windows", "arm64", mediaType: MediaTypes.DockerManifest)]);
        await Fails(ErrorIds.UnsupportedMediaType, "provider image manifest has unsupported media type \"application/vnd.docker.distribution.manifest.v2+json\"");
    }

    [Fact]
    public async Task An_entry_without_platform_aborts()
    {
        var (amd, _) = await _m.ZipManifestAsync("amd");
        await _m.IndexAsync("1.0.0", [Entry(amd, "linux", "amd64"), Entry(amd, "x", "y", platform: false)]);
        await Fails(ErrorIds.InvalidManifest, "provider image manifest lacks the required platform constraints");
    }

    [Fact]
    public async Task Wrong_artifact_type_entries_are_skipped_silently()
    {
        var (m, layer) = await _m.ZipManifestAsync("x");
        await _m.IndexAsync("1.0.0", [Entry(m, "linux", "amd64", artifactType: "application/x-sbom", mediaType: "text/plain", platform: false), Entry(m, "linux", "amd64")]);
        Assert.Equal(layer.Digest, (await Read()).Single().LayerDescriptor.Digest);
    }

    [Fact]
    public async Task Nothing_matched_reports_platform_before_artifact_type_before_container_hint()
    {
        var (m, _) = await _m.ZipManifestAsync("x");
        await _m.IndexAsync("1.0.0", [Entry(m, "linux", "amd64", artifactType: "application/x-a"), Entry(m, "darwin", "arm64")]);
        Assert.Equal(ErrorIds.PlatformNotSupported, (await Assert.ThrowsAsync<TofuOciException>(() => Read())).ErrorId);

        await _m.IndexAsync("1.0.0", [Entry(m, "linux", "amd64", artifactType: "application/x-a"), Entry(m, "linux", "amd64", artifactType: null), Entry(m, "linux", "amd64", artifactType: "application/x-b")]);
        await Fails(ErrorIds.NotAProviderIndex, "provider image manifest has unsupported artifact type \"application/x-b\"");

        await _m.IndexAsync("1.0.0", [Entry(m, "linux", "amd64", artifactType: null)]);
        await Fails(ErrorIds.NotAProviderIndex, "provider image manifest has unsupported artifact type; is this a container image, rather than an OpenTofu provider?");

        await _m.IndexAsync("1.0.0", []);
        await Fails(ErrorIds.NotAProviderIndex, "provider image manifest has unsupported artifact type; is this a container image, rather than an OpenTofu provider?");
    }

    // ---- Step 4: the platform manifest ----

    [Fact]
    public async Task The_ORAS_CLI_image_config_is_accepted()
    {
        var config = await _m.BlobAsync("{}", MediaTypes.ImageConfig);
        var layer = await _m.BlobAsync("zip");
        var m = await _m.PlatformManifestAsync([layer], config: "{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + config.Digest + "\",\"size\":2}");
        await _m.IndexAsync("1.0.0", [Entry(m, "linux", "amd64")]);
        Assert.Equal(layer.Digest, (await Read(Remote())).Single().LayerDescriptor.Digest);
    }

    [Fact]
    public async Task Platform_manifest_must_state_media_and_artifact_type()
    {
        var layer = await _m.BlobAsync("zip");
        var noMedia = await _m.PlatformManifestAsync([layer], mediaType: null);
        await _m.IndexAsync("1.0.0", [Entry(noMedia, "linux", "amd64")]);
        await Fails(ErrorIds.InvalidManifest, "unexpected manifest media type \"\"");

        var noArtifact = await _m.PlatformManifestAsync([layer], artifactType: null);
        await _m.IndexAsync("1.0.0", [Entry(noArtifact, "linux", "amd64")]);
        await Fails(ErrorIds.InvalidManifest, "unexpected artifact type \"\"");
    }

    [Fact]
    public async Task Platform_entry_pointing_at_an_index_is_refused()
    {
        var inner = await _m.ManifestAsync("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"layers\":\"oops\",\"manifests\":[]}", MediaTypes.ImageIndex, null);
        await _m.IndexAsync("1.0.0", [Entry(inner, "linux", "amd64")]);
        await Fails(ErrorIds.InvalidManifest, "found index manifest but need image manifest");

        var plain = await _m.ManifestAsync("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[]}", MediaTypes.ImageIndex, null);
        await _m.IndexAsync("1.0.0", [Entry(plain, "linux", "amd64")]);
        await Fails(ErrorIds.InvalidManifest, "unexpected manifest media type \"application/vnd.oci.image.index.v1+json\"");
    }

    // ---- Step 5: the layer ----

    [Fact]
    public async Task Layers_other_than_zip_are_ignored_beside_one_zip()
    {
        var sig = await _m.BlobAsync("sig", "application/vnd.dev.cosign.simplesigning.v1+json");
        var zip = await _m.BlobAsync("zip");
        var m = await _m.PlatformManifestAsync([sig, zip]);
        await _m.IndexAsync("1.0.0", [Entry(m, "linux", "amd64")]);
        Assert.Equal(zip.Digest, (await Read()).Single().LayerDescriptor.Digest);
    }

    [Fact]
    public async Task No_zip_layer_or_two_are_refused()
    {
        var lzh = await _m.PlatformManifestAsync([await _m.BlobAsync("lzh", "application/x-lzh-compressed")]);
        await _m.IndexAsync("1.0.0", [Entry(lzh, "linux", "amd64")]);
        var ex = await Fails(ErrorIds.NoZipLayer, "image manifest contains no layers of type \"archive/zip\", but has other unsupported formats; this OCI artifact might be intended for a different version of OpenTofu");
        Assert.Contains("\"application/x-lzh-compressed\"", ex.Message, StringComparison.Ordinal);

        var empty = await _m.PlatformManifestAsync([]);
        await _m.IndexAsync("1.0.0", [Entry(empty, "linux", "amd64")]);
        await Fails(ErrorIds.NoZipLayer, "image manifest contains no layers of type \"archive/zip\"");

        var two = await _m.PlatformManifestAsync([await _m.BlobAsync("a"), await _m.BlobAsync("b")]);
        await _m.IndexAsync("1.0.0", [Entry(two, "linux", "amd64")]);
        await Fails(ErrorIds.AmbiguousZipLayer, "ambiguous manifest declares multiple eligible provider packages");
    }

    // ---- Step 6: the zh: hash ----

    [Theory]
    [InlineData("sha512:" + "ab" + "cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd" + "cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd", ErrorIds.UnsupportedDigestAlgorithm, "unsupported digest algorithm \"sha512\"")]
    [InlineData("sha256:XYZ", ErrorIds.InvalidDigest, "invalid digest \"sha256:XYZ\": invalid checksum digest format")]
    [InlineData("md5:d41d8cd98f00b204e9800998ecf8427e", ErrorIds.UnsupportedDigestAlgorithm, "invalid digest \"md5:d41d8cd98f00b204e9800998ecf8427e\": unsupported digest algorithm")]
    public async Task Zip_layers_must_be_sha256(string digest, string errorId, string expected)
    {
        var layer = new Descriptor { MediaType = MediaTypes.Zip, Digest = digest, Size = 3 };
        var m = await _m.PlatformManifestAsync([layer]);
        await _m.IndexAsync("1.0.0", [Entry(m, "linux", "amd64")]);
        await Fails(errorId, expected);
    }

    [Fact]
    public async Task Each_platform_is_checked_in_the_order_asked()
    {
        await _m.ReleaseAsync("1.0.0", "linux_amd64", "darwin_arm64");
        var both = await Read(null, ProviderPlatform.Parse("darwin_arm64"), LinuxAmd64);
        Assert.Equal(["darwin_arm64", "linux_amd64"], both.Select(p => p.Platform));
        Assert.Equal(["terraform-provider-bar_1.0.0_darwin_arm64.zip", "terraform-provider-bar_1.0.0_linux_amd64.zip"], both.Select(p => p.Filename));
        var ex = await Assert.ThrowsAsync<TofuOciException>(() => Read(null, LinuxAmd64, ProviderPlatform.Parse("windows_amd64")));
        Assert.Contains("not available for windows_amd64", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("linux")]
    [InlineData("Linux_amd64")]
    [InlineData("linux_amd64_v8")]
    [InlineData("_amd64")]
    public void Platforms_are_os_underscore_arch(string text)
    {
        var ex = Assert.Throws<TofuOciException>(() => ProviderPlatform.Parse(text));
        Assert.Equal(ErrorIds.InvalidArgument, ex.ErrorId);
    }
}
