using System.Collections.Concurrent;
using System.Text;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci;
using OpenTofuOci.Core.Oci.Remote;
using OpenTofuOci.Core.Tests.Fixtures;
using static OpenTofuOci.Core.Tests.Remote.RemoteTestKit;

namespace OpenTofuOci.Core.Tests.Remote;

/// <summary>Integration tests against a real docker-registry 2.8.2 over plain HTTP without auth.</summary>
public sealed class RealRegistryTests(PlainRegistryFixture fixture) : IClassFixture<PlainRegistryFixture>
{
    private RegistryServer Server => fixture.Server;

    private static string UniqueRepo(string name) => $"it/{name}-{Guid.NewGuid().ToString("N")[..12]}";

    /// <summary>Pushes a one-layer artifact manifest (empty config, one zip layer) and returns its descriptor and bytes.</summary>
    internal static async Task<(Descriptor Manifest, byte[] ManifestBytes, Descriptor Layer, byte[] LayerBytes)> PushArtifactAsync(
        RemoteRepository repo, string? tag = null, int layerSize = 2048)
    {
        var layer = RandomBytes(layerSize);
        var layerDesc = Blob(layer);
        var config = "{}"u8.ToArray();
        var configDesc = Descriptor.FromBytes(MediaTypes.EmptyJson, config);
        await repo.PushAsync(configDesc, new MemoryStream(config));
        await repo.PushAsync(layerDesc, new MemoryStream(layer));
        var manifest = Encoding.UTF8.GetBytes($$"""
            {"schemaVersion":2,"mediaType":"{{MediaTypes.ImageManifest}}","artifactType":"{{MediaTypes.OpenTofuProviderTarget}}",
             "config":{"mediaType":"{{MediaTypes.EmptyJson}}","digest":"{{configDesc.Digest}}","size":2},
             "layers":[{"mediaType":"{{MediaTypes.Zip}}","digest":"{{layerDesc.Digest}}","size":{{layer.Length}}}]}
            """);
        var manifestDesc = Manifest(manifest);
        if (tag is null)
        {
            await repo.PushAsync(manifestDesc, new MemoryStream(manifest));
        }
        else
        {
            await repo.PushAsync(manifestDesc, new MemoryStream(manifest), tag);
        }

        return (manifestDesc, manifest, layerDesc, layer);
    }

    [Fact]
    public async Task Push_then_pull_round_trips_identical_bytes()
    {
        using var repo = Server.Repository(UniqueRepo("roundtrip"));
        var (manifest, manifestBytes, layer, layerBytes) = await PushArtifactAsync(repo, "1.0.0");

        var resolved = await repo.ResolveAsync("1.0.0");
        Assert.Equal(manifest with { ArtifactType = null }, resolved);
        Assert.Equal(manifestBytes, await ReadAllAsync(await repo.FetchAsync(resolved)));
        Assert.Equal(layerBytes, await ReadAllAsync(await repo.FetchAsync(layer)));
        Assert.True(await repo.ExistsAsync(layer));
        Assert.True(await repo.ExistsAsync(manifest));
        Assert.False(await repo.ExistsAsync(Blob([1, 2, 3])));
        Assert.Equal(resolved, await repo.ResolveAsync(manifest.Digest));
    }

    [Fact]
    public async Task Index_with_child_manifests_is_pushed_and_resolved()
    {
        using var repo = Server.Repository(UniqueRepo("index"));
        var (amd64, _, _, _) = await PushArtifactAsync(repo);
        var (arm64, _, _, _) = await PushArtifactAsync(repo);
        var index = Encoding.UTF8.GetBytes($$$"""
            {"schemaVersion":2,"mediaType":"{{{MediaTypes.ImageIndex}}}","artifactType":"{{{MediaTypes.OpenTofuProvider}}}","manifests":[
             {"mediaType":"{{{MediaTypes.ImageManifest}}}","digest":"{{{amd64.Digest}}}","size":{{{amd64.Size}}},"platform":{"os":"linux","architecture":"amd64"}},
             {"mediaType":"{{{MediaTypes.ImageManifest}}}","digest":"{{{arm64.Digest}}}","size":{{{arm64.Size}}},"platform":{"os":"linux","architecture":"arm64"}}]}
            """);
        var indexDesc = Descriptor.FromBytes(MediaTypes.ImageIndex, index);
        await repo.PushAsync(indexDesc, new MemoryStream(index), "v2.0.0");

        var resolved = await repo.ResolveAsync("v2.0.0");
        Assert.Equal(MediaTypes.ImageIndex, resolved.MediaType);
        Assert.Equal(indexDesc.Digest, resolved.Digest);
        Assert.Equal(index, await ReadAllAsync(await repo.FetchAsync(resolved)));
        Assert.Equal(MediaTypes.ImageManifest, (await repo.ResolveAsync(arm64.Digest)).MediaType);
    }

    [Fact]
    public async Task Index_whose_children_are_missing_is_rejected_with_the_registry_code()
    {
        using var repo = Server.Repository(UniqueRepo("orphan"));
        var missing = Manifest(ManifestBytes("missing"));
        var index = Encoding.UTF8.GetBytes($$$"""
            {"schemaVersion":2,"mediaType":"{{{MediaTypes.ImageIndex}}}","manifests":[{"mediaType":"{{{MediaTypes.ImageManifest}}}","digest":"{{{missing.Digest}}}","size":{{{missing.Size}}}}]}
            """);
        var ex = await Assert.ThrowsAsync<TofuOciException>(() => repo.PushAsync(Descriptor.FromBytes(MediaTypes.ImageIndex, index), new MemoryStream(index), "broken"));
        Assert.Equal(ErrorIds.RegistryError, ex.ErrorId);
        Assert.Equal(400, ex.StatusCode);
        Assert.Contains(ex.RegistryErrors, e => e.Code == "MANIFEST_BLOB_UNKNOWN");
    }

    [Fact]
    public async Task Tags_are_listed_and_tag_points_at_an_existing_manifest()
    {
        using var repo = Server.Repository(UniqueRepo("tags"));
        var (manifest, _, _, _) = await PushArtifactAsync(repo, "1.0.0");
        await repo.TagAsync(manifest, "1.0");
        await repo.TagAsync(manifest, "latest");

        var tags = await repo.ListTagsAsync().ToListAsync();
        Assert.Equal(["1.0", "1.0.0", "latest"], tags.Order(StringComparer.Ordinal));
        Assert.Equal(manifest.Digest, (await repo.ResolveAsync("latest")).Digest);
    }

    [Fact]
    public async Task Missing_tag_and_repository_are_not_found()
    {
        using var repo = Server.Repository(UniqueRepo("missing"));
        var tag = await Assert.ThrowsAsync<TofuOciException>(() => repo.ResolveAsync("nope"));
        Assert.Equal(ErrorIds.NotFound, tag.ErrorId);
        Assert.Equal($"{Server.Address}/{repo.Repository}:nope", tag.Target);
        var list = await Assert.ThrowsAsync<TofuOciException>(async () => await repo.ListTagsAsync().ToListAsync());
        Assert.Equal(ErrorIds.NotFound, list.ErrorId);
        Assert.Contains(list.RegistryErrors, e => e.Code == "NAME_UNKNOWN");
    }

    [Fact]
    public async Task Existing_blobs_are_skipped()
    {
        var log = new ConcurrentQueue<string>();
        using var repo = Server.Repository(UniqueRepo("skip"), log: log.Enqueue);
        var bytes = RandomBytes(10_000);
        var desc = Blob(bytes);
        await repo.PushAsync(desc, new MemoryStream(bytes));
        await repo.PushAsync(desc, new MemoryStream(bytes));
        await repo.PushAsync(desc, new MemoryStream(bytes));
        Assert.Equal(1, log.Count(l => l.StartsWith("POST ", StringComparison.Ordinal) && l.Contains("/blobs/uploads/", StringComparison.Ordinal)));
        Assert.Equal(1, log.Count(l => l.StartsWith("PUT ", StringComparison.Ordinal)));
        Assert.Equal(3, log.Count(l => l.StartsWith("HEAD ", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Chunked_upload_of_a_large_blob_round_trips()
    {
        const long size = 50L * 1024 * 1024 + 12345;
        const int seed = 4242;
        var digest = await Digest.ComputeAsync(new PseudoRandomStream(size, seed));
        var desc = new Descriptor { MediaType = MediaTypes.Zip, Digest = digest.ToString(), Size = size };
        var log = new ConcurrentQueue<string>();
        var options = Server.ClientOptions(log: log.Enqueue);
        using var repo = new RemoteRepository(Server.Address, UniqueRepo("big"), new RemoteRepositoryOptions
        {
            PlainHttp = options.PlainHttp,
            Log = options.Log,
            ChunkedUploadThreshold = 16L * 1024 * 1024,
            ChunkSize = 8 * 1024 * 1024,
        });

        await repo.PushAsync(desc, new PseudoRandomStream(size, seed));

        Assert.Equal(7, log.Count(l => l.StartsWith("PATCH ", StringComparison.Ordinal) && l.EndsWith(" 202", StringComparison.Ordinal)));
        Assert.Single(log, l => l.StartsWith("PUT ", StringComparison.Ordinal) && l.EndsWith(" 201", StringComparison.Ordinal));
        await using var pulled = await repo.FetchAsync(desc);
        Assert.Equal(digest, await Digest.ComputeAsync(pulled));
    }

    [Fact]
    public async Task Cross_repository_mount_links_an_existing_blob_and_falls_back_for_a_missing_one()
    {
        using var source = Server.Repository(UniqueRepo("mount-src"));
        using var target = Server.Repository(UniqueRepo("mount-dst"));
        var bytes = RandomBytes(5000);
        var desc = Blob(bytes);
        await source.PushAsync(desc, new MemoryStream(bytes));

        Assert.True(await target.MountAsync(desc, source.Repository));
        Assert.True(await target.ExistsAsync(desc));
        Assert.Equal(bytes, await ReadAllAsync(await target.FetchAsync(desc)));

        Assert.False(await target.MountAsync(Blob([7, 7, 7]), source.Repository));
    }

    [Fact]
    public async Task Deleting_a_manifest_makes_it_not_found()
    {
        using var repo = Server.Repository(UniqueRepo("delete"));
        var (manifest, _, _, _) = await PushArtifactAsync(repo, "gone");
        await repo.DeleteAsync(manifest);
        var ex = await Assert.ThrowsAsync<TofuOciException>(() => repo.ResolveAsync(manifest.Digest));
        Assert.Equal(ErrorIds.NotFound, ex.ErrorId);
    }

    [Fact]
    public async Task Deleting_a_tag_alone_is_refused_by_distribution_2_8_and_leaves_the_tag()
    {
        using var repo = Server.Repository(UniqueRepo("deltag"));
        var (manifest, _, _, _) = await PushArtifactAsync(repo, "keep");
        var ex = await Assert.ThrowsAsync<TofuOciException>(() => repo.DeleteTagAsync("keep"));
        Assert.Equal(ErrorIds.Unsupported, ex.ErrorId);
        Assert.Equal(400, ex.StatusCode);
        Assert.Equal("DIGEST_INVALID", Assert.Single(ex.RegistryErrors).Code);
        Assert.Contains("cannot remove a tag on its own", ex.Message, StringComparison.Ordinal);
        Assert.Equal(manifest.Digest, (await repo.ResolveAsync("keep")).Digest);
    }

    /// <summary>Deterministic pseudo-random bytes of a given length, generated as read, never held in memory.</summary>
    private sealed class PseudoRandomStream(long length, int seed) : Stream
    {
        private readonly Random _random = new(seed);
        private long _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => length;
        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var n = (int)Math.Min(buffer.Length, length - _position);
            _random.NextBytes(buffer[..n]);
            _position += n;
            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Task.FromResult(Read(buffer.AsSpan(offset, count)));

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

/// <summary>Integration tests against a real docker-registry 2.8.2 over TLS with a private CA.</summary>
public sealed class RealRegistryTlsTests(TlsRegistryFixture fixture) : IClassFixture<TlsRegistryFixture>
{
    [Fact]
    public async Task Trusted_private_ca_works_and_an_untrusted_one_is_a_connection_failure()
    {
        using var repo = fixture.Server.Repository("it/tls");
        var (manifest, _, _, _) = await RealRegistryTests.PushArtifactAsync(repo, "1.0.0");
        Assert.Equal(manifest.Digest, (await repo.ResolveAsync("1.0.0")).Digest);

        using var untrusting = new RemoteRepository(fixture.Server.Address, "it/tls", new RemoteRepositoryOptions { MaxRetries = 0 });
        var ex = await Assert.ThrowsAsync<TofuOciException>(() => untrusting.ResolveAsync("1.0.0"));
        Assert.Equal(ErrorIds.ConnectionFailed, ex.ErrorId);
        Assert.Contains("private CA", ex.Message, StringComparison.Ordinal);
    }
}
