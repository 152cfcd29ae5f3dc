using System.Text;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Modules;
using OpenTofuOci.Core.Oci;
using OpenTofuOci.Core.Oci.Layout;
using OpenTofuOci.Core.Oci.Targets;
using OpenTofuOci.Core.Tests.Fixtures;
using OpenTofuOci.Core.Tests.Packages;

namespace OpenTofuOci.Core.Tests.Modules;

/// <summary>
/// What Save refuses (docs/opentofu-compatibility.md §3.3, §8.5, §8.13): hand-made manifests pushed to a real
/// docker-registry, hostile zips, and tampered blobs in a layout. Every refusal leaves nothing behind.
/// </summary>
public sealed class ModulePackageCheckTests(PlainRegistryFixture fixture) : IClassFixture<PlainRegistryFixture>, IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private (ITarget Target, string Repository) Repository()
    {
        var name = "checks/m" + Guid.NewGuid().ToString("N")[..10];
        return (fixture.Server.Repository(name), $"{fixture.Server.Address}/{name}");
    }

    private async Task<TofuOciException> RefusedAsync(ITarget target, string source)
    {
        var parent = _dir.Combine("p-" + Guid.NewGuid().ToString("N")[..8]);
        var e = await Assert.ThrowsAsync<TofuOciException>(() => ModuleSaver.SaveAsync(target, ModuleAddress.Parse(source), Path.Combine(parent, "module")));
        Assert.False(Directory.Exists(parent), "nothing may be left behind");
        Assert.StartsWith($"Module source \"{source}\": ", e.Message, StringComparison.Ordinal);
        return e;
    }

    [Fact]
    public async Task An_index_is_not_a_module_package()
    {
        var (target, repo) = Repository();
        var zip = await ModulePackages.ZipAsync(_dir.Path, ("main.tf", "x"));
        var manifest = await ModulePackages.PushZipAsync(target, null, zip);
        var index = OciJson.Write(new ImageIndex { Manifests = [manifest with { ArtifactType = MediaTypes.OpenTofuModulePackage }] });
        await ModulePackages.PushManifestAsync(target, "latest", MediaTypes.ImageIndex, index);

        var e = await RefusedAsync(target, $"oci://{repo}");
        Assert.Equal(ErrorIds.NotAModulePackage, e.ErrorId);
        Assert.Contains("selected object is not an OCI image manifest. latest is an index (application/vnd.oci.image.index.v1+json)", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(MediaTypes.OpenTofuProviderTarget, "unexpected artifact type \"application/vnd.opentofu.provider-target\". This is an OpenTofu provider, not a module")]
    [InlineData("application/vnd.example.thing", "unexpected artifact type \"application/vnd.example.thing\"")]
    [InlineData(null, "unexpected artifact type \"\". A module package must say \"artifactType\": \"application/vnd.opentofu.modulepkg\"; this one says nothing")]
    public async Task Another_artifact_type_is_not_a_module_package(string? artifactType, string fact)
    {
        var (target, repo) = Repository();
        var zip = await ModulePackages.ZipAsync(_dir.Path, ("main.tf", "x"));
        await ModulePackages.PushAsync(target, "v1", [(ModulePackages.ZipLayer(zip), zip)], artifactType);

        var e = await RefusedAsync(target, $"oci://{repo}?tag=v1");
        Assert.Equal(ErrorIds.NotAModulePackage, e.ErrorId);
        Assert.Contains(fact, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_zip_layers_are_ambiguous()
    {
        var (target, repo) = Repository();
        var a = await ModulePackages.ZipAsync(_dir.Path, ("a.tf", "a"));
        var b = await ModulePackages.ZipAsync(_dir.Path, ("b.tf", "b"));
        await ModulePackages.PushAsync(target, "latest", [(ModulePackages.ZipLayer(a), a), (ModulePackages.ZipLayer(b), b)]);

        var e = await RefusedAsync(target, $"oci://{repo}");
        Assert.Equal(ErrorIds.AmbiguousZipLayer, e.ErrorId);
        Assert.Contains("multiple layers with media type \"archive/zip\" (2)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Other_layers_are_ignored_next_to_one_zip()
    {
        var (target, repo) = Repository();
        var zip = await ModulePackages.ZipAsync(_dir.Path, ("main.tf", "x"));
        var tar = Encoding.UTF8.GetBytes("not a zip");
        await ModulePackages.PushAsync(target, "latest", [(ModulePackages.ZipLayer(tar, "application/x-tar"), tar), (ModulePackages.ZipLayer(zip), zip)]);

        var saved = await ModuleSaver.SaveAsync(target, ModuleAddress.Parse($"oci://{repo}"), _dir.Combine("ok"));
        Assert.Equal(["main.tf"], ModulePackages.ReadTree(saved.Destination).Keys);
    }

    [Fact]
    public async Task No_zip_layer_is_refused_and_other_formats_are_named()
    {
        var (target, repo) = Repository();
        var tar = Encoding.UTF8.GetBytes("not a zip");
        await ModulePackages.PushAsync(target, "other", [(ModulePackages.ZipLayer(tar, "application/x-tar"), tar)]);
        await ModulePackages.PushAsync(target, "none", []);

        var other = await RefusedAsync(target, $"oci://{repo}?tag=other");
        Assert.Equal(ErrorIds.NoZipLayer, other.ErrorId);
        Assert.Contains("image manifest contains no layers of types supported as module packages by OpenTofu, but has other unsupported formats; this OCI artifact might be intended for a different version of OpenTofu. Its layers are \"application/x-tar\"",
            other.Message, StringComparison.Ordinal);

        var none = await RefusedAsync(target, $"oci://{repo}?tag=none");
        Assert.Equal(ErrorIds.NoZipLayer, none.ErrorId);
        Assert.Contains("image manifest contains no layers of types supported as module packages by OpenTofu; it has no layers at all", none.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../evil")]
    [InlineData("/abs.tf")]
    [InlineData("a\\..\\..\\evil")]
    [InlineData("C:x")]
    public async Task Hostile_entry_names_are_refused_before_anything_is_written(string name)
    {
        var (target, repo) = Repository();
        var zip = RawZip.Build([RawEntry.Text("main.tf", "ok"), RawEntry.Text(name, "pwned")]);
        await ModulePackages.PushZipAsync(target, "latest", zip);

        var e = await RefusedAsync(target, $"oci://{repo}");
        Assert.Equal(ErrorIds.UnsafeArchiveEntry, e.ErrorId);
        Assert.Contains("decompressing package", e.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(_dir.Combine("evil")));
    }

    [Fact]
    public async Task A_symlink_entry_out_of_the_package_and_duplicate_entries_are_refused()
    {
        var (target, repo) = Repository();
        var link = RawZip.Build([RawEntry.Text("main.tf", "ok"), RawEntry.Symlink("sub/link", "../../etc/passwd")]);
        await ModulePackages.PushZipAsync(target, "link", link);
        var dup = RawZip.Build([RawEntry.Text("main.tf", "a"), RawEntry.Text("Main.tf", "b")]);
        await ModulePackages.PushZipAsync(target, "dup", dup);
        var empty = RawZip.Build([]);
        await ModulePackages.PushZipAsync(target, "empty", empty);

        Assert.Equal(ErrorIds.UnsafeArchiveEntry, (await RefusedAsync(target, $"oci://{repo}?tag=link")).ErrorId);
        Assert.Equal(ErrorIds.UnsafeArchiveEntry, (await RefusedAsync(target, $"oci://{repo}?tag=dup")).ErrorId);
        Assert.Equal(ErrorIds.EmptyArchive, (await RefusedAsync(target, $"oci://{repo}?tag=empty")).ErrorId);
    }

    [Fact]
    public async Task A_tampered_blob_fails_its_digest_check_and_nothing_is_saved()
    {
        var layoutDir = _dir.Combine("layout");
        var layout = new OciLayoutStore(layoutDir);
        var zip = await ModulePackages.ZipAsync(_dir.Path, ("main.tf", "resource \"x\" \"y\" {}"));
        await ModulePackages.PushZipAsync(layout, "latest", zip);
        var layer = ModulePackages.ZipLayer(zip);
        var blob = Path.Combine(layoutDir, "blobs", "sha256", layer.ParsedDigest().Encoded);
        var tampered = (byte[])zip.Clone();
        tampered[^30] ^= 0xFF;
        File.WriteAllBytes(blob, tampered);

        var e = await RefusedAsync(new OciLayoutStore(layoutDir), $"oci-layout:{layoutDir}");
        Assert.Equal(ErrorIds.DigestMismatch, e.ErrorId);
        Assert.Contains($"fetching module package blob {layer.Digest}", e.Message, StringComparison.Ordinal);
        Assert.EndsWith("Nothing was saved.", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Layer_digests_may_use_sha512()
    {
        var layoutDir = _dir.Combine("layout512");
        var layout = new OciLayoutStore(layoutDir);
        var zip = await ModulePackages.ZipAsync(_dir.Path, ("main.tf", "x"));
        var layer = ModulePackages.ZipLayer(zip) with { Digest = Digest.Compute(zip, DigestAlgorithm.Sha512).ToString() };
        await ModulePackages.PushAsync(layout, "latest", [(layer, zip)]);

        var saved = await ModuleSaver.SaveAsync(layout, ModuleAddress.Parse($"oci-layout:{layoutDir}"), _dir.Combine("out512"));
        Assert.StartsWith("sha512:", saved.LayerDigest, StringComparison.Ordinal);
        Assert.Equal("x", File.ReadAllText(Path.Combine(saved.Destination, "main.tf")));
    }

    [Fact]
    public async Task A_refused_package_leaves_a_forced_destination_as_it_was()
    {
        var (target, repo) = Repository();
        await ModulePackages.PushZipAsync(target, "latest", RawZip.Build([RawEntry.Text("main.tf", "new"), RawEntry.Text("../evil", "x")]));
        var destination = _dir.Combine("keep");
        Directory.CreateDirectory(destination);
        File.WriteAllText(Path.Combine(destination, "old.tf"), "old");

        var e = await Assert.ThrowsAsync<TofuOciException>(() => ModuleSaver.SaveAsync(target, ModuleAddress.Parse($"oci://{repo}"), destination, force: true));
        Assert.Equal(ErrorIds.UnsafeArchiveEntry, e.ErrorId);
        Assert.Equal(["old.tf"], ModulePackages.ReadTree(destination).Keys);
        Assert.Equal(["keep"], Directory.EnumerateFileSystemEntries(_dir.Path).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData("{\"schemaVersion\":2,\"artifactType\":\"application/vnd.opentofu.modulepkg\",\"config\":CONFIG,\"layers\":[]}", "unexpected manifest media type \"\"")]
    [InlineData("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":CONFIG,\"layers\":[]}", "unexpected artifact type \"\"")]
    public async Task Missing_type_fields_in_the_manifest_json_are_refused_like_OpenTofu(string json, string fact)
    {
        var layoutDir = _dir.Combine("fields-" + Guid.NewGuid().ToString("N")[..6]);
        var layout = new OciLayoutStore(layoutDir);
        await ModulePackages.PushBlobAsync(layout, EmptyConfig.Descriptor, EmptyConfig.Content.ToArray());
        var bytes = Encoding.UTF8.GetBytes(json.Replace("CONFIG", Encoding.UTF8.GetString(OciJson.Write(EmptyConfig.Descriptor)), StringComparison.Ordinal));
        await ModulePackages.PushManifestAsync(layout, "latest", MediaTypes.ImageManifest, bytes);

        var e = await RefusedAsync(new OciLayoutStore(layoutDir), $"oci-layout:{layoutDir}");
        Assert.Equal(ErrorIds.NotAModulePackage, e.ErrorId);
        Assert.Contains(fact, e.Message, StringComparison.Ordinal);
    }
}
