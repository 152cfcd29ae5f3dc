using System.Formats.Tar;
using System.Security.Cryptography;
using OpenTofuOci.Core.Bundles;
using OpenTofuOci.Core.Bundles.Export;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.FileSystem;
using OpenTofuOci.Core.Modules;
using OpenTofuOci.Core.Oci;
using OpenTofuOci.Core.Oci.Layout;
using OpenTofuOci.Core.Providers;
using OpenTofuOci.Core.Providers.Provenance;
using OpenTofuOci.Core.Providers.Publishing;
using OpenTofuOci.Core.RootModules;

namespace OpenTofuOci.Core.Tests.Bundles.Export;

/// <summary>
/// Bundles exported from a real docker-registry mirror: exact contents, index digests kept when every platform is
/// bundled, a canonical new index when only some are, provenance carried along, byte-identical tars, and nothing left
/// behind on failure (docs/opentofu-compatibility.md §13).
/// </summary>
public sealed class BundleExporterTests(BundleSourceFixture fixture) : IClassFixture<BundleSourceFixture>, IDisposable
{
    private readonly TempDirectory _dir = new("tofuoci-bundle-export-");

    public void Dispose() => _dir.Dispose();

    private static ConfigLocation At(string file) => new(file, 1, 1, 0, 1);

    private ModuleCall Call(string name, string modulePath, string source) =>
        new(name, modulePath, source, null, At(_dir.Combine("config", "main.tf")), ModuleAddress.Parse(source), null);

    /// <summary>
    /// The example configuration: hello constrained to >= 1.0 but pinned to the older 1.0.0 by the lock file, world
    /// "~> 1.0" without a pin (so 1.1.0); modules/net by tag from the root and, with a //subdir, from a child module, and
    /// modules/dns by digest from the child's child.
    /// </summary>
    private RootModule Config(string helloConstraint = ">= 1.0", string? helloLocked = "1.0.0", string worldConstraint = "~> 1.0")
    {
        var reg = fixture.Server.Address;
        var dir = _dir.Combine("config");
        return new RootModule(dir,
        [
            new ProviderRequirement(BundleSourceFixture.Address("hello"), VersionConstraint.Parse(helloConstraint), helloLocked, [At(Path.Combine(dir, "versions.tf"))]),
            new ProviderRequirement(BundleSourceFixture.Address("world"), VersionConstraint.Parse(worldConstraint), null, [At(Path.Combine(dir, "modules", "net", "main.tf.json"))]),
        ],
        [
            Call("net", string.Empty, $"oci://{reg}/modules/net?tag=1.0.0"),
            Call("net_sub", "module.child", $"oci://{reg}/modules/net//sub?tag=1.0.0"),
            Call("dns", "module.child.module.common", $"oci://{reg}/modules/dns?digest={fixture.DnsDigest}"),
        ], null, Path.Combine(dir, ".terraform.lock.hcl"));
    }

    private BundleExportRequest Request(string output, string[] platforms, RootModule? config = null, bool force = false) => new()
    {
        RootModule = config ?? Config(),
        Platforms = platforms.Select(ProviderPlatform.Parse).ToList(),
        Mirror = fixture.Resolver(),
        OpenModuleRepository = fixture.OpenModule,
        OutputPath = output,
        Force = force,
    };

    private async Task<string> ProviderJson(string type, string version, string[] platforms, string indexDigest, string? provenance)
    {
        var published = fixture.Published[$"{type} {version}"];
        var entries = new List<string>();
        foreach (var platform in platforms)
        {
            var p = published.Platforms.Single(x => x.Platform == platform);
            entries.Add($$"""{"platform":"{{platform}}","manifestDigest":"{{p.ManifestDigest}}","zipDigest":"{{p.LayerDigest}}","zipSize":{{p.Size}},"h1":"{{await fixture.H1(type, version, platform)}}","zh":"{{fixture.Zh(type, version, platform)}}"}""");
        }

        var reg = fixture.Server.Address;
        return $$"""{"address":"example.com/acme/{{type}}","version":"{{version}}","refNamePrefix":"providers/example.com/acme/{{type}}:","tag":"{{version}}","indexDigest":"{{indexDigest}}","platforms":[{{string.Join(",", entries)}}],"provenanceDigest":{{(provenance is null ? "null" : $"\"{provenance}\"")}},"source":"{{reg}}/mirror/example.com/acme/{{type}}"}""";
    }

    private string ModulesJson()
    {
        var reg = fixture.Server.Address;
        return $$"""[{"source":"oci://{{reg}}/modules/dns?digest={{fixture.DnsDigest}}","refNamePrefix":"modules/{{reg}}/modules/dns:","tag":"digest-{{fixture.DnsDigest[7..]}}","digest":"{{fixture.DnsDigest}}","usedBy":["module.child.module.common.module.dns"]},"""
            + $$"""{"source":"oci://{{reg}}/modules/net?tag=1.0.0","refNamePrefix":"modules/{{reg}}/modules/net:","tag":"1.0.0","digest":"{{fixture.NetDigest}}","usedBy":["module.child.module.net_sub","module.net"]}]""";
    }

    private static async Task<(Descriptor Manifest, byte[] Contents)> ReadBundleAsync(string layoutDirectory)
    {
        var layout = new OciLayoutStore(layoutDirectory);
        var manifest = await layout.ResolveAsync(BundleFormat.ManifestRefName);
        var parsed = OciJson.ReadManifest(await ContentReaderBytes(layout, manifest));
        Assert.Equal(BundleFormat.ArtifactType, parsed.ArtifactType);
        Assert.Equal(EmptyConfig.Digest, parsed.Config!.Digest);
        var layer = Assert.Single(parsed.Layers);
        Assert.Equal(BundleFormat.ContentsMediaType, layer.MediaType);
        return (manifest, await File.ReadAllBytesAsync(Path.Combine(layoutDirectory, "blobs", "sha256", layer.ParsedDigest().Encoded)));
    }

    private static Task<byte[]> ContentReaderBytes(OciLayoutStore layout, Descriptor descriptor) =>
        Core.Oci.Targets.ContentReader.ReadManifestAsync(layout, descriptor, layout.DisplayName);

    [Fact]
    public async Task Every_platform_bundled_keeps_the_mirrors_index_digests_and_the_contents_are_exactly_what_was_asked_for()
    {
        var output = _dir.Combine("out", "bundle");
        var result = await BundleExporter.ExportAsync(Request(output, BundleSourceFixture.Platforms));

        Assert.True(result.IsComplete, string.Join("; ", result.Failures.Select(f => f.Error.Message)));
        Assert.False(result.IsArchive);
        var helloIndex = (await fixture.IndexAsync("hello", "1.0.0")).Digest;
        var worldIndex = (await fixture.IndexAsync("world", "1.1.0")).Digest;
        var expected = "{\"schemaVersion\":1,\"providers\":["
            + await ProviderJson("hello", "1.0.0", BundleSourceFixture.Platforms, helloIndex, null) + ","
            + await ProviderJson("world", "1.1.0", BundleSourceFixture.Platforms, worldIndex, null) + "],\"modules\":" + ModulesJson() + "}";
        var (manifest, contents) = await ReadBundleAsync(output);
        Assert.Equal(expected, System.Text.Encoding.UTF8.GetString(contents));
        Assert.Equal(manifest.Digest, result.BundleDigest);

        var hello = new OciLayoutStore(output, BundleFormat.ProviderRefNamePrefix("example.com", "acme", "hello"));
        Assert.Equal(helloIndex, (await hello.ResolveAsync("1.0.0")).Digest);
        Assert.Equal(["1.0.0"], await hello.ListTagsAsync().ToListAsync());
        var dns = new OciLayoutStore(output, BundleFormat.ModuleRefNamePrefix(fixture.Server.Address, "modules/dns"));
        Assert.Equal(["digest-" + fixture.DnsDigest[7..]], await dns.ListTagsAsync().ToListAsync());
        Assert.Equal(fixture.DnsDigest, (await dns.ResolveAsync("digest-" + fixture.DnsDigest[7..])).Digest);
        Assert.False(File.Exists(Path.Combine(output, "index.json.lock")));
        Assert.Equal(["blobs", "index.json", "oci-layout"], Directory.EnumerateFileSystemEntries(output).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(Directory.EnumerateFileSystemEntries(_dir.Combine("out")), TempPaths.IsTemporary);
    }

    [Fact]
    public async Task Index_json_roots_are_sorted_by_ref_name()
    {
        var output = _dir.Combine("sorted");
        await BundleExporter.ExportAsync(Request(output, ["linux_amd64"]));

        var index = OciJson.ReadIndex(await File.ReadAllBytesAsync(Path.Combine(output, "index.json")));
        var names = index.Manifests.Select(m => m.Annotation(AnnotationKeys.RefName)!).ToList();
        var reg = fixture.Server.Address;
        Assert.Equal(
        [
            "bundle",
            $"modules/{reg}/modules/dns:digest-{fixture.DnsDigest[7..]}",
            $"modules/{reg}/modules/net:1.0.0",
            "providers/example.com/acme/hello:1.0.0",
            "providers/example.com/acme/world:1.1.0",
        ], names);
    }

    [Fact]
    public async Task Some_platforms_get_a_new_index_equal_to_what_the_publisher_writes_for_those_zips_and_provenance_follows_it()
    {
        var output = _dir.Combine("two");
        string[] two = ["linux_amd64", "windows_amd64"];
        var result = await BundleExporter.ExportAsync(Request(output, two, Config(helloLocked: null)));

        Assert.True(result.IsComplete, string.Join("; ", result.Failures.Select(f => f.Error.Message)));
        var hello = result.Contents.Providers.Single(p => p.Address == "example.com/acme/hello");
        Assert.Equal("1.1.0", hello.Version);
        Assert.Equal(two, hello.Platforms.Select(p => p.Platform));

        // The same two zips published by the publisher into a fresh layout give the same index digest.
        var reference = new OciLayoutStore(_dir.Combine("reference"));
        var published = await ProviderPublisher.PublishAsync(new ProviderPublishRequest
        {
            Files = ProviderReleaseFile.FromPaths(two.Select(p => fixture.Zip("hello", "1.1.0", p)).ToList()),
            Target = reference,
        });
        Assert.Equal(published.Index.Digest, hello.IndexDigest);
        Assert.NotEqual((await fixture.IndexAsync("hello", "1.1.0")).Digest, hello.IndexDigest);

        var view = new OciLayoutStore(output, hello.RefNamePrefix);
        var index = OciJson.ReadIndex(await ContentReaderBytes(view, await view.ResolveAsync("1.1.0")));
        Assert.Equal(two, index.Manifests.Select(m => m.Platform!.ToString()));
        Assert.False(File.Exists(Path.Combine(output, "blobs", "sha256", fixture.Published["hello 1.1.0"].Platforms.Single(p => p.Platform == "darwin_arm64").LayerDigest![7..])));

        // The provenance is re-pointed at the bundled index with the same evidence.
        var found = Assert.Single(await ProvenanceStore.FindAsync(view, await view.ResolveAsync("1.1.0")));
        Assert.Equal(found.Manifest.Digest, hello.ProvenanceDigest);
        Assert.NotEqual(fixture.HelloProvenanceDigest, hello.ProvenanceDigest);
        Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(fixture.ReleaseDirectory("hello", "1.1.0"), "terraform-provider-hello_1.1.0_SHA256SUMS")), found.Provenance.Checksums);
    }

    [Fact]
    public async Task Provenance_of_a_version_bundled_for_every_platform_is_copied_byte_for_byte()
    {
        var output = _dir.Combine("prov");
        var result = await BundleExporter.ExportAsync(Request(output, BundleSourceFixture.Platforms, Config(helloLocked: "1.1.0")));

        var hello = result.Contents.Providers.Single(p => p.Address == "example.com/acme/hello");
        Assert.Equal(fixture.HelloProvenanceDigest, hello.ProvenanceDigest);
        Assert.Equal((await fixture.IndexAsync("hello", "1.1.0")).Digest, hello.IndexDigest);
    }

    [Fact]
    public async Task The_same_inputs_give_byte_identical_tars_and_the_same_bundle_digest()
    {
        string[] platforms = ["linux_amd64", "windows_amd64"];
        var first = await BundleExporter.ExportAsync(Request(_dir.Combine("a", "bundle.tar"), platforms));
        var second = await BundleExporter.ExportAsync(Request(_dir.Combine("b", "bundle.tar"), platforms));

        Assert.True(first.IsArchive);
        Assert.Equal(first.BundleDigest, second.BundleDigest);
        Assert.Equal(new FileInfo(first.Path).Length, first.Bytes);
        Assert.Equal(Convert.ToHexString(SHA256.HashData(await File.ReadAllBytesAsync(first.Path))), Convert.ToHexString(SHA256.HashData(await File.ReadAllBytesAsync(second.Path))));
        Assert.Equal(["bundle.tar"], Directory.EnumerateFileSystemEntries(_dir.Combine("a")).Select(Path.GetFileName));
    }

    [Fact]
    public async Task The_tar_holds_oci_layout_and_index_json_first_then_sorted_blobs_with_no_times_owners_or_names()
    {
        var output = _dir.Combine("t", "bundle.tar");
        await BundleExporter.ExportAsync(Request(output, ["linux_amd64"]));

        var entries = new List<TarEntry>();
        await using (var file = File.OpenRead(output))
        {
            using var reader = new TarReader(file);
            while (reader.GetNextEntry(copyData: false) is { } entry)
            {
                entries.Add(entry);
            }
        }

        var names = entries.Select(e => e.Name).ToList();
        Assert.Equal(["oci-layout", "index.json", "blobs/", "blobs/sha256/"], names.Take(4));
        var blobs = names.Skip(4).ToList();
        Assert.Equal(blobs.Order(StringComparer.Ordinal), blobs);
        Assert.All(blobs, b => Assert.StartsWith("blobs/sha256/", b, StringComparison.Ordinal));
        Assert.All(entries, e =>
        {
            Assert.Equal(TarEntryFormat.Ustar, e.Format);
            Assert.Equal(DateTimeOffset.UnixEpoch, e.ModificationTime);
            Assert.Equal(0, e.Uid);
            Assert.Equal(0, e.Gid);
            Assert.Equal(string.Empty, ((PosixTarEntry)e).UserName);
            Assert.Equal(string.Empty, ((PosixTarEntry)e).GroupName);
            Assert.Equal(e.EntryType == TarEntryType.Directory ? (UnixFileMode)0x1ED : (UnixFileMode)0x1A4, e.Mode);
        });
    }

    [Fact]
    public async Task Each_failed_item_has_its_own_error_and_nothing_is_written()
    {
        var output = _dir.Combine("fail", "bundle.tar");
        var config = Config(helloLocked: "1.0.0", worldConstraint: ">= 9.0");
        var broken = config with
        {
            ModuleCalls = [.. config.ModuleCalls, Call("gone", string.Empty, $"oci://{fixture.Server.Address}/modules/gone?tag=1.0.0")],
        };
        var result = await BundleExporter.ExportAsync(Request(output, ["linux_amd64", "freebsd_amd64"], broken));

        Assert.False(result.IsComplete);
        Assert.Null(result.BundleDigest);
        Assert.Equal(
        [
            (BundleItemKind.Provider, "example.com/acme/hello", ErrorCode.PlatformNotSupported),
            (BundleItemKind.Provider, "example.com/acme/world", ErrorCode.NoMatchingVersion),
            (BundleItemKind.Module, $"oci://{fixture.Server.Address}/modules/gone?tag=1.0.0", ErrorCode.NotFound),
        ], result.Failures.Select(f => (f.Kind, f.Item, f.Error.Code)));
        Assert.Equal(ErrorCode.BundleIncomplete, result.Incomplete!.Code);
        Assert.False(Directory.Exists(_dir.Combine("fail")));
    }

    [Fact]
    public async Task A_lock_pin_the_mirror_lacks_is_NoMatchingVersion_naming_the_lock_file()
    {
        var result = await BundleExporter.ExportAsync(Request(_dir.Combine("pin"), ["linux_amd64"], Config(helloLocked: "0.9.0")));

        var failure = Assert.Single(result.Failures);
        Assert.Equal(ErrorCode.NoMatchingVersion, failure.Error.Code);
        Assert.Contains("lock file pins example.com/acme/hello to 0.9.0", failure.Error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_dir.Combine("pin")));
    }

    [Fact]
    public async Task An_existing_output_is_DestinationExists_unless_forced_and_then_replaced()
    {
        var output = _dir.Combine("exists.tar");
        await File.WriteAllTextAsync(output, "keep me");

        var refused = await Assert.ThrowsAsync<TofuOciException>(() => BundleExporter.ExportAsync(Request(output, ["linux_amd64"])));
        Assert.Equal(ErrorCode.DestinationExists, refused.Code);
        Assert.Equal("keep me", await File.ReadAllTextAsync(output));

        var forced = await BundleExporter.ExportAsync(Request(output, ["linux_amd64"], force: true));
        Assert.True(forced.IsComplete);
        Assert.Equal(forced.Bytes, new FileInfo(output).Length);
        Assert.Equal(["exists.tar"], Directory.EnumerateFileSystemEntries(_dir.Path).Select(Path.GetFileName).Where(n => n!.StartsWith("exists", StringComparison.Ordinal) || n.StartsWith(".exists", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_cancelled_export_leaves_nothing_at_the_output()
    {
        var output = _dir.Combine("cancel", "bundle");
        using var cancel = new CancellationTokenSource();
        var request = Request(output, BundleSourceFixture.Platforms);
        var cancelling = new BundleExportRequest
        {
            RootModule = request.RootModule,
            Platforms = request.Platforms,
            Mirror = request.Mirror,
            OpenModuleRepository = request.OpenModuleRepository,
            OutputPath = output,
            Progress = new SyncProgress(_ => cancel.Cancel()),
        };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => BundleExporter.ExportAsync(cancelling, cancel.Token));
        Assert.False(Directory.Exists(_dir.Combine("cancel")));
    }

    [Fact]
    public async Task No_platform_is_refused_before_anything_is_read()
    {
        var e = await Assert.ThrowsAsync<TofuOciException>(() => BundleExporter.ExportAsync(Request(_dir.Combine("none"), [])));
        Assert.Equal(ErrorCode.InvalidArgument, e.Code);
        Assert.False(Directory.Exists(_dir.Combine("none")));
    }

    private sealed class SyncProgress(Action<BundleExportProgress> report) : IProgress<BundleExportProgress>
    {
        public void Report(BundleExportProgress value) => report(value);
    }
}
