using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci;
using OpenTofuOci.Core.Oci.Remote;
using static OpenTofuOci.Core.Tests.Remote.RemoteTestKit;

namespace OpenTofuOci.Core.Tests.Remote;

/// <summary>
/// In-process upload server so the exact upload protocol can be asserted: relative Locations that
/// already carry a query, a new Location after every PATCH with the Content-Range of each chunk,
/// mounts answered 201 and 202, deletion disabled (405), and sources that do not match their
/// descriptor (which must never be committed).
/// </summary>
public class UploadTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Monolithic_upload_appends_digest_to_a_location_that_has_a_query(bool absolute)
    {
        var (server, registry) = await InMemoryRegistry.StartAsync(new InMemoryRegistry { AbsoluteLocations = absolute });
        await using var _ = server;
        using var repo = Open(server);
        var bytes = RandomBytes(3000);
        var desc = Blob(bytes);

        await repo.PushAsync(desc, new MemoryStream(bytes));

        Assert.Equal(bytes, registry.Blobs[desc.Digest]);
        Assert.Equal(["HEAD", "POST", "PUT"], server.Requests.Select(r => r.Method));
        var put = server.Requests.Last();
        Assert.Equal($"/v2/{Repo}/blobs/uploads/u1", put.Path);
        Assert.Equal("s0", put.QueryValue("_state"));
        Assert.Equal(desc.Digest, put.QueryValue("digest"));
        Assert.Equal("application/octet-stream", put.Header("Content-Type"));
        Assert.Equal("3000", put.Header("Content-Length"));
        Assert.Equal(bytes, put.Body);
    }

    [Fact]
    public async Task Chunked_upload_patches_each_chunk_to_the_newest_location()
    {
        var (server, registry) = await InMemoryRegistry.StartAsync();
        await using var _ = server;
        using var repo = Open(server, tweak: o => new() { PlainHttp = true, ChunkedUploadThreshold = 10, ChunkSize = 10 });
        var bytes = RandomBytes(25);
        var desc = Blob(bytes);

        await repo.PushAsync(desc, new MemoryStream(bytes));

        Assert.Equal(bytes, registry.Blobs[desc.Digest]);
        var patches = server.Requests.Where(r => r.Method == "PATCH").ToList();
        Assert.Equal(["0-9", "10-19", "20-24"], patches.Select(p => p.Header("Content-Range")));
        Assert.Equal(["s0", "s10", "s20"], patches.Select(p => p.QueryValue("_state")));
        Assert.All(patches, p => Assert.Equal("application/octet-stream", p.Header("Content-Type")));
        Assert.Equal(["10", "10", "5"], patches.Select(p => p.Header("Content-Length")));
        var put = server.Requests.Last();
        Assert.Equal("PUT", put.Method);
        Assert.Equal("s25", put.QueryValue("_state"));
        Assert.Equal(desc.Digest, put.QueryValue("digest"));
        Assert.Empty(put.Body);
    }

    [Fact]
    public async Task Existing_blob_is_not_uploaded_and_its_source_not_read()
    {
        var (server, registry) = await InMemoryRegistry.StartAsync();
        await using var _ = server;
        var bytes = RandomBytes(100);
        var desc = Blob(bytes);
        registry.Blobs[desc.Digest] = bytes;
        using var repo = Open(server);
        var source = new MemoryStream(bytes);

        await repo.PushAsync(desc, source);

        Assert.Equal("HEAD", Assert.Single(server.Requests).Method);
        Assert.Equal(0, source.Position);
    }

    [Theory]
    [InlineData("wrong-bytes", false)]
    [InlineData("too-short", false)]
    [InlineData("too-long", false)]
    [InlineData("wrong-bytes", true)]
    [InlineData("too-short", true)]
    [InlineData("too-long", true)]
    public async Task Source_that_does_not_match_its_descriptor_is_never_committed(string defect, bool chunked)
    {
        var (server, registry) = await InMemoryRegistry.StartAsync();
        await using var _ = server;
        using var repo = Open(server, tweak: o => chunked ? new() { PlainHttp = true, ChunkedUploadThreshold = 100, ChunkSize = 64 } : o);
        var bytes = RandomBytes(300);
        var desc = Blob(bytes);
        var given = defect switch
        {
            "wrong-bytes" => bytes.Select((b, i) => i == 299 ? (byte)(b ^ 1) : b).ToArray(),
            "too-short" => bytes[..250],
            _ => [.. bytes, 42],
        };

        var ex = await Assert.ThrowsAsync<TofuOciException>(() => repo.PushAsync(desc, new MemoryStream(given)));

        Assert.Equal(defect == "wrong-bytes" ? ErrorIds.DigestMismatch : ErrorIds.SizeMismatch, ex.ErrorId);
        Assert.Empty(registry.Blobs);
        await EventuallyAsync(() => server.Requests.Any(r => r.Method == "DELETE"));
        var delete = Assert.Single(server.Requests, r => r.Method == "DELETE");
        Assert.StartsWith($"/v2/{Repo}/blobs/uploads/u1", delete.Path, StringComparison.Ordinal);
        Assert.Empty(registry.Sessions);
        Assert.DoesNotContain(server.Requests, r => r.Method == "PUT" && r.BodyComplete && r.QueryValue("digest") is not null && (chunked || r.Body.Length == 300));
    }

    [Theory]
    [InlineData("wrong-bytes", false)]
    [InlineData("too-short", false)]
    [InlineData("too-long", false)]
    [InlineData("wrong-bytes", true)]
    [InlineData("too-short", true)]
    [InlineData("too-long", true)]
    public async Task Verifying_source_that_does_not_match_is_never_committed(string defect, bool chunked)
    {
        // A source that verifies itself (a fetch from another target) is not hashed a second time;
        // its own check must still stop the upload before it completes.
        var (server, registry) = await InMemoryRegistry.StartAsync();
        await using var _ = server;
        using var repo = Open(server, tweak: o => chunked ? new() { PlainHttp = true, ChunkedUploadThreshold = 100, ChunkSize = 64 } : o);
        var bytes = RandomBytes(300);
        var desc = Blob(bytes);
        var given = defect switch
        {
            "wrong-bytes" => bytes.Select((b, i) => i == 299 ? (byte)(b ^ 1) : b).ToArray(),
            "too-short" => bytes[..250],
            _ => [.. bytes, 42],
        };

        var ex = await Assert.ThrowsAsync<TofuOciException>(() => repo.PushAsync(desc, new VerifyingStream(new MemoryStream(given), desc, "source")));

        Assert.Equal(defect == "wrong-bytes" ? ErrorIds.DigestMismatch : ErrorIds.SizeMismatch, ex.ErrorId);
        Assert.Empty(registry.Blobs);
        Assert.DoesNotContain(server.Requests, r => r.Method == "PUT" && r.BodyComplete && r.QueryValue("digest") is not null && (chunked || r.Body.Length == 300));
    }

    [Fact]
    public async Task Verifying_source_that_matches_is_pushed()
    {
        var (server, registry) = await InMemoryRegistry.StartAsync();
        await using var _ = server;
        using var repo = Open(server);
        var bytes = RandomBytes(300);
        var desc = Blob(bytes);

        await repo.PushAsync(desc, new VerifyingStream(new MemoryStream(bytes), desc, "source"));

        Assert.Single(registry.Blobs);
    }

    [Fact]
    public void Default_threshold_sends_provider_sized_blobs_in_one_put()
    {
        Assert.Equal(1L << 30, new RemoteRepositoryOptions().ChunkedUploadThreshold);
    }

    [Fact]
    public async Task Manifest_push_by_digest_and_by_tag_uses_its_media_type()
    {
        var (server, registry) = await InMemoryRegistry.StartAsync();
        await using var _ = server;
        using var repo = Open(server);
        var bytes = ManifestBytes();
        var desc = Manifest(bytes);

        await repo.PushAsync(desc, new MemoryStream(bytes));
        await repo.PushAsync(desc, new MemoryStream(bytes), "v1.2.3");

        var puts = server.Requests.Where(r => r.Method == "PUT").ToList();
        Assert.Equal([$"/v2/{Repo}/manifests/{desc.Digest}", $"/v2/{Repo}/manifests/v1.2.3"], puts.Select(p => p.Path));
        Assert.All(puts, p => Assert.Equal(MediaTypes.ImageManifest, p.Header("Content-Type")));
        Assert.All(puts, p => Assert.Equal(bytes, p.Body));
        Assert.Equal(bytes, registry.Manifests["v1.2.3"].Bytes);
    }

    [Fact]
    public async Task Tag_fetches_the_manifest_and_puts_the_same_bytes_under_the_tag()
    {
        var (server, registry) = await InMemoryRegistry.StartAsync();
        await using var _ = server;
        var bytes = ManifestBytes("tag-me");
        var desc = Manifest(bytes);
        registry.Manifests[desc.Digest] = (MediaTypes.ImageManifest, bytes);
        using var repo = Open(server);

        await repo.TagAsync(desc, "stable");

        Assert.Equal(["GET", "PUT"], server.Requests.Select(r => r.Method));
        Assert.Equal(bytes, registry.Manifests["stable"].Bytes);
    }

    [Fact]
    public async Task Oversized_manifest_is_refused_without_a_request()
    {
        var (server, _) = await InMemoryRegistry.StartAsync();
        await using var _ = server;
        using var repo = Open(server);
        var desc = new Descriptor { MediaType = MediaTypes.ImageManifest, Digest = Blob([1]).Digest, Size = ManifestLimits.MaxPublishSize + 1 };
        var ex = await Assert.ThrowsAsync<TofuOciException>(() => repo.PushAsync(desc, new MemoryStream()));
        Assert.Equal(ErrorIds.ManifestTooLarge, ex.ErrorId);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Manifest_stored_under_another_digest_is_a_digest_mismatch()
    {
        var (server, _) = await InMemoryRegistry.StartAsync(new InMemoryRegistry
        {
            Override = async (ctx, r) =>
            {
                await WriteAsync(ctx, 201, digest: Blob([9]).Digest);
                return true;
            },
        });
        await using var _ = server;
        using var repo = Open(server);
        var bytes = ManifestBytes();
        var ex = await Assert.ThrowsAsync<TofuOciException>(() => repo.PushAsync(Manifest(bytes), new MemoryStream(bytes), "v1"));
        Assert.Equal(ErrorIds.DigestMismatch, ex.ErrorId);
    }

    [Fact]
    public async Task Mount_answered_201_is_mounted()
    {
        var (server, _) = await InMemoryRegistry.StartAsync(new InMemoryRegistry
        {
            Override = async (ctx, r) =>
            {
                await WriteAsync(ctx, 201);
                return true;
            },
        });
        await using var _ = server;
        using var repo = Open(server);
        var desc = Blob([1, 2, 3]);

        Assert.True(await repo.MountAsync(desc, "other/source"));

        var post = Assert.Single(server.Requests);
        Assert.Equal("POST", post.Method);
        Assert.Equal($"/v2/{Repo}/blobs/uploads/", post.Path);
        Assert.Equal(desc.Digest, post.QueryValue("mount"));
        Assert.Equal("other/source", post.QueryValue("from"));
    }

    [Fact]
    public async Task Mount_answered_202_cancels_the_session_and_returns_false()
    {
        var (server, registry) = await InMemoryRegistry.StartAsync();
        await using var _ = server;
        using var repo = Open(server);

        Assert.False(await repo.MountAsync(Blob([1, 2, 3]), "other/source"));

        Assert.Equal(["POST", "DELETE"], server.Requests.Select(r => r.Method));
        Assert.Equal($"/v2/{Repo}/blobs/uploads/u1", server.Requests.Last().Path);
        Assert.Empty(registry.Sessions);
    }

    [Fact]
    public async Task Delete_disabled_is_unsupported_with_a_clear_message()
    {
        var (server, _) = await InMemoryRegistry.StartAsync(new InMemoryRegistry
        {
            Override = async (ctx, r) =>
            {
                await ErrorAsync(ctx, 405, "UNSUPPORTED", "The operation is unsupported.");
                return true;
            },
        });
        await using var _ = server;
        using var repo = Open(server);
        var desc = Manifest(ManifestBytes());
        var ex = await Assert.ThrowsAsync<TofuOciException>(() => repo.DeleteAsync(desc));
        Assert.Equal(ErrorIds.Unsupported, ex.ErrorId);
        Assert.Equal(ErrorKind.InvalidOperation, ex.Kind);
        Assert.Contains("deletion is disabled on this registry", ex.Message, StringComparison.Ordinal);
        var delete = Assert.Single(server.Requests);
        Assert.Equal(("DELETE", $"/v2/{Repo}/manifests/{desc.Digest}"), (delete.Method, delete.Path));
    }

    // In-process: distribution 2.8 cannot delete a tag alone, so an OCI 1.1 registry that can is faked.
    [Fact]
    public async Task Tag_delete_on_an_oci_1_1_registry_sends_one_delete_by_tag()
    {
        var (server, _) = await InMemoryRegistry.StartAsync(new InMemoryRegistry
        {
            Override = (ctx, r) =>
            {
                ctx.Response.StatusCode = 202;
                return Task.FromResult(true);
            },
        });
        await using var _ = server;
        using var repo = Open(server);
        await repo.DeleteTagAsync("1.0.0");
        var delete = Assert.Single(server.Requests);
        Assert.Equal(("DELETE", $"/v2/{Repo}/manifests/1.0.0"), (delete.Method, delete.Path));
    }

    [Fact]
    public async Task Multi_megabyte_blob_goes_through_several_patches()
    {
        var (server, registry) = await InMemoryRegistry.StartAsync();
        await using var _ = server;
        using var repo = Open(server, tweak: o => new() { PlainHttp = true, ChunkedUploadThreshold = 1024 * 1024, ChunkSize = 1024 * 1024 });
        var bytes = RandomBytes(5 * 1024 * 1024 + 17);
        var desc = Blob(bytes);
        await repo.PushAsync(desc, new MemoryStream(bytes));
        Assert.Equal(6, server.Requests.Count(r => r.Method == "PATCH"));
        Assert.Equal(bytes, registry.Blobs[desc.Digest]);
    }
}
