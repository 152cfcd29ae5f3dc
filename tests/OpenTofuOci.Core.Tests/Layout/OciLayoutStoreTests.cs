using System.Text;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci;
using OpenTofuOci.Core.Oci.Layout;
using Xunit;

namespace OpenTofuOci.Core.Tests.Layout;

public sealed class OciLayoutStoreTests : IDisposable
{
    private readonly LayoutTempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static string BlobPath(string dir, Descriptor d) => Path.Combine(dir, "blobs", "sha256", d.Digest["sha256:".Length..]);

    private static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        await using (stream)
        {
            var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer);
            return buffer.ToArray();
        }
    }

    [Fact]
    public async Task First_write_creates_header_empty_index_and_blob_file()
    {
        var dir = _temp.Sub("new");
        var store = new OciLayoutStore(dir);
        var content = "hello layout"u8.ToArray();
        var d = Descriptor.FromBytes("application/octet-stream", content);

        await store.PushAsync(d, new MemoryStream(content));

        Assert.Equal("{\"imageLayoutVersion\":\"1.0.0\"}", File.ReadAllText(Path.Combine(dir, "oci-layout")));
        Assert.Equal("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[]}",
            File.ReadAllText(Path.Combine(dir, "index.json")));
        Assert.Equal(content, File.ReadAllBytes(BlobPath(dir, d)));
        Assert.Empty(LayoutTempDirectory.TempFiles(dir));
        Assert.True(await store.ExistsAsync(d));
        Assert.Equal(content, await ReadAllAsync(await store.FetchAsync(d)));
    }

    [Fact]
    public async Task Push_with_wrong_digest_stores_nothing()
    {
        var dir = _temp.Sub("l");
        var store = new OciLayoutStore(dir);
        var d = Descriptor.FromBytes("application/octet-stream", "expected"u8);

        var ex = await Assert.ThrowsAsync<TofuOciException>(() => store.PushAsync(d, new MemoryStream("xxpected"u8.ToArray())));

        Assert.Equal(ErrorIds.DigestMismatch, ex.ErrorId);
        Assert.False(File.Exists(BlobPath(dir, d)));
        Assert.Empty(LayoutTempDirectory.TempFiles(dir));
        Assert.False(await store.ExistsAsync(d));
    }

    [Theory]
    [InlineData("xxpected!")]
    [InlineData("short")]
    [InlineData("much longer than expected")]
    public async Task Push_from_a_verifying_source_that_does_not_match_stores_nothing(string actual)
    {
        // The writer does not hash a source that verifies itself; that source's check must still
        // stop the blob from being stored.
        var dir = _temp.Sub("l");
        var store = new OciLayoutStore(dir);
        var d = Descriptor.FromBytes("application/octet-stream", "expected!"u8);

        var ex = await Assert.ThrowsAsync<TofuOciException>(() =>
            store.PushAsync(d, new VerifyingStream(new MemoryStream(Encoding.UTF8.GetBytes(actual)), d, "source")));

        Assert.Equal(actual.Length == 9 ? ErrorIds.DigestMismatch : ErrorIds.SizeMismatch, ex.ErrorId);
        Assert.False(await store.ExistsAsync(d));
        Assert.False(File.Exists(BlobPath(dir, d)));
        Assert.Empty(LayoutTempDirectory.TempFiles(dir));

        await store.PushAsync(d, new VerifyingStream(new MemoryStream("expected!"u8.ToArray()), d, "source"));
        Assert.True(await store.ExistsAsync(d));
    }

    [Theory]
    [InlineData("short")]
    [InlineData("much longer than expected")]
    public async Task Push_with_wrong_size_stores_nothing(string actual)
    {
        var dir = _temp.Sub("l");
        var store = new OciLayoutStore(dir);
        var d = Descriptor.FromBytes("application/octet-stream", "expected!"u8);

        var ex = await Assert.ThrowsAsync<TofuOciException>(() => store.PushAsync(d, new MemoryStream(Encoding.UTF8.GetBytes(actual))));

        Assert.Equal(ErrorIds.SizeMismatch, ex.ErrorId);
        Assert.False(File.Exists(BlobPath(dir, d)));
        Assert.Empty(LayoutTempDirectory.TempFiles(dir));
    }

    [Fact]
    public async Task Push_of_manifest_above_4_MiB_is_refused_before_reading()
    {
        var store = new OciLayoutStore(_temp.Sub("l"));
        var d = new Descriptor { MediaType = MediaTypes.ImageManifest, Digest = "sha256:" + new string('a', 64), Size = ManifestLimits.MaxPublishSize + 1 };

        var ex = await Assert.ThrowsAsync<TofuOciException>(() => store.PushAsync(d, new MemoryStream()));

        Assert.Equal(ErrorIds.ManifestTooLarge, ex.ErrorId);
    }

    [Fact]
    public async Task Tagged_push_writes_root_with_artifact_type_and_resolve_strips_ref_name()
    {
        var dir = _temp.Sub("l");
        var store = new OciLayoutStore(dir);
        var artifact = new ProviderLikeArtifact();

        await artifact.PublishAsync(store, "1.0.0");

        var index = File.ReadAllText(Path.Combine(dir, "index.json"));
        Assert.Equal(
            "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[" +
            "{\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"artifactType\":\"application/vnd.opentofu.provider\"," +
            $"\"digest\":\"{artifact.Index.Digest}\",\"size\":{artifact.IndexBytes.Length},\"annotations\":{{\"org.opencontainers.image.ref.name\":\"1.0.0\"}}}}]}}",
            index);
        var resolved = await store.ResolveAsync("1.0.0");
        Assert.Equal(artifact.Index, resolved);
        Assert.Null(resolved.Annotations);
        Assert.Equal(MediaTypes.OpenTofuProvider, resolved.ArtifactType);
        Assert.Equal(artifact.Index, await store.ResolveAsync(artifact.Index.Digest));
        Assert.Equal(["1.0.0"], await store.ListTagsAsync().ToListAsync());
    }

    [Fact]
    public async Task Untagged_manifest_push_does_not_touch_index_but_resolves_by_digest_from_its_json()
    {
        var dir = _temp.Sub("l");
        var store = new OciLayoutStore(dir);
        var artifact = new ProviderLikeArtifact();
        await artifact.PublishAsync(store, "1.0.0");

        var resolved = await store.ResolveAsync(artifact.ManifestAmd64Descriptor.Digest);

        Assert.Equal(artifact.ManifestAmd64Descriptor, resolved);
        Assert.Single(await store.ListTagsAsync().ToListAsync());
        Assert.DoesNotContain(artifact.ManifestAmd64Descriptor.Digest, File.ReadAllText(Path.Combine(dir, "index.json")));
    }

    [Fact]
    public async Task Resolve_by_digest_of_a_plain_blob_is_not_found()
    {
        var dir = _temp.Sub("l");
        var store = new OciLayoutStore(dir);
        var artifact = new ProviderLikeArtifact();
        await artifact.PublishAsync(store, "1.0.0");

        var ex = await Assert.ThrowsAsync<TofuOciException>(() => store.ResolveAsync(artifact.LayerAmd64Descriptor.Digest));

        Assert.Equal(ErrorIds.NotFound, ex.ErrorId);
        Assert.Contains(store.Directory, ex.Message);
    }

    [Fact]
    public async Task Resolve_of_unknown_tag_is_not_found_naming_directory_and_tag()
    {
        var dir = _temp.Sub("l");
        var store = new OciLayoutStore(dir);
        await new ProviderLikeArtifact().PublishAsync(store, "1.0.0");

        var ex = await Assert.ThrowsAsync<TofuOciException>(() => store.ResolveAsync("2.0.0"));

        Assert.Equal(ErrorIds.NotFound, ex.ErrorId);
        Assert.Equal(ErrorKind.NotFound, ex.Kind);
        Assert.StartsWith($"oci-layout:{store.Directory}:2.0.0: not found", ex.Message);
    }

    [Fact]
    public async Task Retag_moves_the_tag_and_drops_the_old_root()
    {
        var dir = _temp.Sub("l");
        var store = new OciLayoutStore(dir);
        var a = new ProviderLikeArtifact(seed: 1);
        var b = new ProviderLikeArtifact(seed: 2);
        await a.PublishAsync(store, "latest");
        await b.PublishAsync(store, "2.0.0");
        await store.TagAsync(a.Index, "1.0.0");

        await store.TagAsync(b.Index, "latest");

        Assert.Equal(b.Index.Digest, (await store.ResolveAsync("latest")).Digest);
        Assert.Equal(a.Index.Digest, (await store.ResolveAsync("1.0.0")).Digest);
        Assert.Equal(["2.0.0", "1.0.0", "latest"], await store.ListTagsAsync().ToListAsync());
        var index = OciJson.ReadIndex(File.ReadAllBytes(Path.Combine(dir, "index.json")));
        Assert.Equal(3, index.Manifests.Count);
    }

    [Fact]
    public async Task Index_written_by_other_tools_is_read_leniently_last_duplicate_tag_wins_and_other_roots_survive()
    {
        var dir = _temp.Sub("l");
        var store = new OciLayoutStore(dir);
        var a = new ProviderLikeArtifact(seed: 1);
        var b = new ProviderLikeArtifact(seed: 2);
        await a.PublishAsync(store, "x");
        await b.PublishAsync(store, "y");
        string Root(ProviderLikeArtifact p, string? tag, string extra = "") =>
            $"{{\"MediaType\":\"{MediaTypes.ImageIndex}\",\"digest\":\"{p.Index.Digest}\",\"size\":{p.IndexBytes.Length}{extra}" +
            (tag is null ? "" : $",\"annotations\":{{\"{AnnotationKeys.RefName}\":\"{tag}\"}}") + ",\"futureField\":1}";
        File.WriteAllText(Path.Combine(dir, "index.json"),
            "{\"schemaVersion\":2,\"manifests\":[" + Root(a, "dup") + "," + Root(b, "dup") + "," +
            Root(a, null, ",\"platform\":{\"architecture\":\"amd64\",\"os\":\"linux\"}") + "],\"annotations\":{\"k\":\"v\"}}");

        Assert.Equal(b.Index.Digest, (await store.ResolveAsync("dup")).Digest);
        Assert.Null((await store.ResolveAsync("dup")).ArtifactType);
        Assert.Equal(["dup"], await store.ListTagsAsync().ToListAsync());

        await store.TagAsync(b.Index, "new");

        var index = OciJson.ReadIndex(File.ReadAllBytes(Path.Combine(dir, "index.json")));
        Assert.Equal(new Dictionary<string, string> { ["k"] = "v" }, index.Annotations);
        Assert.Equal(4, index.Manifests.Count);
        Assert.Equal("amd64", index.Manifests[2].Platform?.Architecture);
        Assert.Equal(["dup", "new"], await store.ListTagsAsync().ToListAsync());
    }

    [Fact]
    public async Task Deleting_a_tag_keeps_the_manifest_and_other_tags()
    {
        var dir = _temp.Sub("l");
        var store = new OciLayoutStore(dir);
        var a = new ProviderLikeArtifact(seed: 1);
        await a.PublishAsync(store, "1.0.0");
        await store.TagAsync(a.Index, "latest");

        await store.DeleteTagAsync("latest");

        Assert.Equal(["1.0.0"], await store.ListTagsAsync().ToListAsync());
        Assert.Equal(a.Index.Digest, (await store.ResolveAsync(a.Index.Digest)).Digest);
        Assert.True(File.Exists(BlobPath(dir, a.Index)));
        var missing = await Assert.ThrowsAsync<TofuOciException>(() => store.DeleteTagAsync("latest"));
        Assert.Equal(ErrorIds.NotFound, missing.ErrorId);
        Assert.StartsWith($"oci-layout:{store.Directory}:latest: not found", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tag_of_missing_manifest_is_not_found()
    {
        var store = new OciLayoutStore(_temp.Sub("l"));
        var artifact = new ProviderLikeArtifact();
        await store.PushAsync(artifact.LayerAmd64Descriptor, new MemoryStream(artifact.LayerAmd64));

        var ex = await Assert.ThrowsAsync<TofuOciException>(() => store.TagAsync(artifact.Index, "1.0.0"));

        Assert.Equal(ErrorIds.NotFound, ex.ErrorId);
        Assert.Contains(store.Directory, ex.Message);
        Assert.Empty(await store.ListTagsAsync().ToListAsync());
    }

    [Theory]
    [InlineData("")]
    [InlineData("-bad")]
    [InlineData("a/b")]
    [InlineData("1.0.0+build")]
    public async Task Invalid_tags_are_refused(string tag)
    {
        var store = new OciLayoutStore(_temp.Sub("l"));
        var artifact = new ProviderLikeArtifact();

        var ex = await Assert.ThrowsAsync<TofuOciException>(() => store.PushAsync(artifact.Index, new MemoryStream(artifact.IndexBytes), tag));

        Assert.Equal(ErrorIds.InvalidReference, ex.ErrorId);
        Assert.False(Directory.Exists(store.Directory));
    }

    [Fact]
    public async Task Reading_a_missing_directory_is_not_found_naming_it()
    {
        var store = new OciLayoutStore(_temp.Sub("absent"));

        var resolve = await Assert.ThrowsAsync<TofuOciException>(() => store.ResolveAsync("1.0.0"));
        var list = await Assert.ThrowsAsync<TofuOciException>(async () => await store.ListTagsAsync().ToListAsync());

        Assert.Equal(ErrorIds.NotFound, resolve.ErrorId);
        Assert.Contains(store.Directory, resolve.Message);
        Assert.Contains("does not exist", resolve.Message);
        Assert.Equal(ErrorIds.NotFound, list.ErrorId);
        Assert.False(await store.ExistsAsync(Descriptor.FromBytes("x", "y"u8)));
    }

    [Fact]
    public async Task Reading_a_directory_without_oci_layout_is_invalid_layout()
    {
        var dir = _temp.Sub("plain");
        Directory.CreateDirectory(dir);
        var store = new OciLayoutStore(dir);

        var ex = await Assert.ThrowsAsync<TofuOciException>(() => store.ResolveAsync("1.0.0"));

        Assert.Equal(ErrorIds.InvalidLayout, ex.ErrorId);
        Assert.Contains(store.Directory, ex.Message);
        Assert.Contains("oci-layout", ex.Message);
    }

    [Theory]
    [InlineData("{\"imageLayoutVersion\":\"2.0.0\"}", "\"2.0.0\"")]
    [InlineData("{}", "no imageLayoutVersion")]
    [InlineData("not json", "not valid JSON")]
    public async Task Unsupported_or_broken_header_is_invalid_layout_for_reads_and_writes(string header, string expected)
    {
        var dir = _temp.Sub("l");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "oci-layout"), header);
        var store = new OciLayoutStore(dir);
        var d = Descriptor.FromBytes("x", "y"u8);

        var read = await Assert.ThrowsAsync<TofuOciException>(() => store.ResolveAsync("t"));
        var write = await Assert.ThrowsAsync<TofuOciException>(() => store.PushAsync(d, new MemoryStream("y"u8.ToArray())));

        Assert.Equal(ErrorIds.InvalidLayout, read.ErrorId);
        Assert.Contains(expected, read.Message);
        Assert.Contains(store.Directory, read.Message);
        Assert.Equal(ErrorIds.InvalidLayout, write.ErrorId);
        Assert.False(Directory.Exists(Path.Combine(dir, "blobs")));
    }

    [Fact]
    public async Task Malformed_index_json_is_invalid_layout()
    {
        var dir = _temp.Sub("l");
        var store = new OciLayoutStore(dir);
        await new ProviderLikeArtifact().PublishAsync(store, "1.0.0");
        File.WriteAllText(Path.Combine(dir, "index.json"), "{\"manifests\":[{]}");

        var ex = await Assert.ThrowsAsync<TofuOciException>(() => store.ResolveAsync("1.0.0"));

        Assert.Equal(ErrorIds.InvalidLayout, ex.ErrorId);
        Assert.Contains("index.json", ex.Message);
        Assert.Contains(store.Directory, ex.Message);
    }

    [Fact]
    public async Task Fetch_of_missing_blob_is_not_found_and_of_corrupted_blob_fails_before_end()
    {
        var dir = _temp.Sub("l");
        var store = new OciLayoutStore(dir);
        var artifact = new ProviderLikeArtifact();
        await artifact.PublishAsync(store, "1.0.0");
        var missing = Descriptor.FromBytes(MediaTypes.Zip, "not there"u8);
        var path = BlobPath(dir, artifact.LayerAmd64Descriptor);
        var bytes = File.ReadAllBytes(path);
        bytes[10] ^= 0xFF;
        File.WriteAllBytes(path, bytes);

        var notFound = await Assert.ThrowsAsync<TofuOciException>(() => store.FetchAsync(missing));
        var corrupt = await Assert.ThrowsAsync<TofuOciException>(async () => await ReadAllAsync(await store.FetchAsync(artifact.LayerAmd64Descriptor)));

        Assert.Equal(ErrorIds.NotFound, notFound.ErrorId);
        Assert.Contains(store.Directory, notFound.Message);
        Assert.Equal(ErrorIds.DigestMismatch, corrupt.ErrorId);
    }

    [Fact]
    public async Task Exists_is_false_for_a_blob_of_the_wrong_length()
    {
        var dir = _temp.Sub("l");
        var store = new OciLayoutStore(dir);
        var artifact = new ProviderLikeArtifact();
        await artifact.PublishAsync(store, "1.0.0");
        File.WriteAllBytes(BlobPath(dir, artifact.LayerAmd64Descriptor), [1, 2, 3]);

        Assert.False(await store.ExistsAsync(artifact.LayerAmd64Descriptor));
        Assert.True(await store.ExistsAsync(artifact.LayerArm64Descriptor));
    }

    [Theory]
    [InlineData("sha256:../../../../etc/passwd")]
    [InlineData("sha256/../../x:0000")]
    [InlineData("../sha256:" + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    [InlineData("sha256:0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef")]
    public async Task Crafted_digests_never_become_paths(string digest)
    {
        var dir = _temp.Sub("l");
        var store = new OciLayoutStore(dir);
        await new ProviderLikeArtifact().PublishAsync(store, "1.0.0");
        var d = new Descriptor { MediaType = MediaTypes.ImageManifest, Digest = digest, Size = 1 };
        var before = Directory.GetFileSystemEntries(_temp.Path, "*", SearchOption.AllDirectories).Order().ToArray();

        foreach (var action in new Func<Task>[]
        {
            () => store.FetchAsync(d), () => store.ExistsAsync(d), () => store.PushAsync(d, new MemoryStream([1])),
            () => store.TagAsync(d, "t"), () => store.DeleteAsync(d),
        })
        {
            var ex = await Assert.ThrowsAsync<TofuOciException>(action);
            Assert.True(ex.ErrorId is ErrorIds.InvalidDigest or ErrorIds.UnsupportedDigestAlgorithm, ex.ErrorId);
        }

        Assert.Equal(before, Directory.GetFileSystemEntries(_temp.Path, "*", SearchOption.AllDirectories).Order().ToArray());
    }

    [Fact]
    public async Task Delete_of_manifest_removes_blob_and_its_roots_and_missing_is_not_found()
    {
        var dir = _temp.Sub("l");
        var store = new OciLayoutStore(dir);
        var artifact = new ProviderLikeArtifact();
        await artifact.PublishAsync(store, "1.0.0");
        await store.TagAsync(artifact.Index, "latest");

        await store.DeleteAsync(artifact.Index);
        await store.DeleteAsync(artifact.LayerAmd64Descriptor);

        Assert.False(File.Exists(BlobPath(dir, artifact.Index)));
        Assert.False(File.Exists(BlobPath(dir, artifact.LayerAmd64Descriptor)));
        Assert.True(File.Exists(BlobPath(dir, artifact.LayerArm64Descriptor)));
        Assert.Empty(await store.ListTagsAsync().ToListAsync());
        var ex = await Assert.ThrowsAsync<TofuOciException>(() => store.DeleteAsync(artifact.Index));
        Assert.Equal(ErrorIds.NotFound, ex.ErrorId);
    }

    [Fact]
    public async Task Pushing_an_existing_blob_again_keeps_one_file_and_no_temp()
    {
        var dir = _temp.Sub("l");
        var store = new OciLayoutStore(dir);
        var content = "same"u8.ToArray();
        var d = Descriptor.FromBytes("application/octet-stream", content);

        await store.PushAsync(d, new MemoryStream(content));
        await store.PushAsync(d, new MemoryStream(content));

        Assert.Equal([BlobPath(dir, d)], Directory.GetFiles(Path.Combine(dir, "blobs", "sha256")));
    }
}
