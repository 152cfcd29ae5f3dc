using Microsoft.AspNetCore.Http;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci;
using Xunit;
using static OpenTofuOci.Core.Tests.Remote.RemoteTestKit;

namespace OpenTofuOci.Core.Tests.Remote;

/// <summary>
/// In-process server because a real registry never lies: wrong digest headers, wrong
/// Content-Length, wrong or truncated or overlong bodies. Each must end in the exact error id with
/// nothing handed out as verified.
/// </summary>
public class LyingRegistryTests
{
    private static readonly byte[] Content = RandomBytes(1000);
    private static readonly Descriptor Desc = Blob(Content);

    private static Task<InProcessServer> ServeBlobAsync(Func<HttpContext, Task> answer) =>
        InProcessServer.StartAsync((ctx, _) => ctx.Request.Path == $"/v2/{Repo}/blobs/{Desc.Digest}" ? answer(ctx) : WriteAsync(ctx, 404));

    [Fact]
    public async Task Honest_blob_comes_back_byte_for_byte()
    {
        await using var server = await ServeBlobAsync(ctx => WriteAsync(ctx, 200, Content, "application/octet-stream", Desc.Digest));
        using var repo = Open(server);
        Assert.Equal(Content, await ReadAllAsync(await repo.FetchAsync(Desc)));
    }

    [Fact]
    public async Task Lying_digest_header_is_refused_before_the_stream_is_returned()
    {
        var other = Blob(RandomBytes(10)).Digest;
        await using var server = await ServeBlobAsync(ctx => WriteAsync(ctx, 200, Content, digest: other));
        using var repo = Open(server);
        var ex = await Assert.ThrowsAsync<TofuOciException>(() => repo.FetchAsync(Desc));
        Assert.Equal(ErrorIds.DigestMismatch, ex.ErrorId);
        Assert.Equal(ErrorKind.InvalidData, ex.Kind);
    }

    [Fact]
    public async Task Lying_content_length_is_refused_before_the_stream_is_returned()
    {
        var longer = Content.Concat(new byte[] { 1 }).ToArray();
        await using var server = await ServeBlobAsync(ctx => WriteAsync(ctx, 200, longer));
        using var repo = Open(server);
        var ex = await Assert.ThrowsAsync<TofuOciException>(() => repo.FetchAsync(Desc));
        Assert.Equal(ErrorIds.SizeMismatch, ex.ErrorId);
    }

    [Fact]
    public async Task Wrong_bytes_of_the_right_length_fail_at_the_end_of_the_stream()
    {
        var wrong = (byte[])Content.Clone();
        wrong[500] ^= 0xff;
        await using var server = await ServeBlobAsync(ctx => WriteAsync(ctx, 200, wrong));
        using var repo = Open(server);
        var stream = await repo.FetchAsync(Desc);
        var ex = await Assert.ThrowsAsync<TofuOciException>(() => ReadAllAsync(stream));
        Assert.Equal(ErrorIds.DigestMismatch, ex.ErrorId);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(+1)]
    public async Task Short_or_long_chunked_body_fails_with_size_mismatch(int delta)
    {
        var body = delta < 0 ? Content[..^1] : Content.Concat(new byte[] { 7 }).ToArray();
        await using var server = await ServeBlobAsync(ctx => WriteAsync(ctx, 200, body, chunked: true));
        using var repo = Open(server);
        var stream = await repo.FetchAsync(Desc);
        var ex = await Assert.ThrowsAsync<TofuOciException>(() => ReadAllAsync(stream));
        Assert.Equal(ErrorIds.SizeMismatch, ex.ErrorId);
    }

    [Fact]
    public async Task Body_cut_off_before_its_content_length_fails_with_size_mismatch()
    {
        await using var server = await ServeBlobAsync(async ctx =>
        {
            ctx.Response.ContentLength = Content.Length;
            await ctx.Response.Body.WriteAsync(Content.AsMemory(0, 400));
            await ctx.Response.Body.FlushAsync();
            // Let the headers and first bytes reach the client before the reset, or it sees no response at all.
            await Task.Delay(200);
            ctx.Abort();
        });
        using var repo = Open(server);
        var stream = await repo.FetchAsync(Desc);
        var ex = await Assert.ThrowsAsync<TofuOciException>(() => ReadAllAsync(stream));
        Assert.Equal(ErrorIds.SizeMismatch, ex.ErrorId);
    }

    [Fact]
    public async Task Resolve_by_digest_refuses_a_different_digest_header()
    {
        var manifest = ManifestBytes();
        var desc = Manifest(manifest);
        var lie = Manifest(ManifestBytes("other")).Digest;
        await using var server = await InProcessServer.StartAsync((ctx, _) => WriteAsync(ctx, 200, manifest, MediaTypes.ImageManifest, lie));
        using var repo = Open(server);
        var ex = await Assert.ThrowsAsync<TofuOciException>(() => repo.ResolveAsync(desc.Digest));
        Assert.Equal(ErrorIds.DigestMismatch, ex.ErrorId);
    }

    [Fact]
    public async Task Resolve_without_digest_header_falls_back_to_get_and_hashes()
    {
        var manifest = ManifestBytes();
        var desc = Manifest(manifest);
        await using var server = await InProcessServer.StartAsync((ctx, _) =>
            WriteAsync(ctx, 200, manifest, MediaTypes.ImageManifest + "; charset=utf-8"));
        using var repo = Open(server);

        var resolved = await repo.ResolveAsync("v1.0.0");

        Assert.Equal(desc.Digest, resolved.Digest);
        Assert.Equal(manifest.Length, resolved.Size);
        Assert.Equal(MediaTypes.ImageManifest, resolved.MediaType);
        Assert.Equal(["HEAD", "GET"], server.Requests.Select(r => r.Method));
        foreach (var r in server.Requests)
        {
            Assert.Equal($"/v2/{Repo}/manifests/v1.0.0", r.Path);
            foreach (var type in MediaTypes.AllManifests)
            {
                Assert.Contains(type, r.Header("Accept"), StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task Resolve_get_fallback_refuses_a_body_that_does_not_match_the_requested_digest()
    {
        var wanted = Manifest(ManifestBytes("wanted"));
        var served = ManifestBytes("served");
        await using var server = await InProcessServer.StartAsync((ctx, _) => WriteAsync(ctx, 200, served, MediaTypes.ImageManifest));
        using var repo = Open(server);
        var ex = await Assert.ThrowsAsync<TofuOciException>(() => repo.ResolveAsync(wanted.Digest));
        Assert.Equal(ErrorIds.DigestMismatch, ex.ErrorId);
    }

    [Fact]
    public async Task Resolve_uses_head_headers_and_strips_content_type_parameters()
    {
        var manifest = ManifestBytes();
        var desc = Manifest(manifest);
        await using var server = await InProcessServer.StartAsync((ctx, _) =>
            WriteAsync(ctx, 200, manifest, MediaTypes.ImageIndex + "; charset=utf-8", desc.Digest));
        using var repo = Open(server);
        var resolved = await repo.ResolveAsync("latest");
        Assert.Equal(new Descriptor { MediaType = MediaTypes.ImageIndex, Digest = desc.Digest, Size = manifest.Length }, resolved);
        Assert.Equal("HEAD", Assert.Single(server.Requests).Method);
    }

    [Fact]
    public async Task Manifest_fetch_asks_for_the_descriptor_media_type_and_verifies()
    {
        var manifest = ManifestBytes();
        var desc = Manifest(manifest);
        await using var server = await InProcessServer.StartAsync((ctx, _) => WriteAsync(ctx, 200, manifest, MediaTypes.ImageManifest, desc.Digest));
        using var repo = Open(server);
        Assert.Equal(manifest, await ReadAllAsync(await repo.FetchAsync(desc)));
        var r = Assert.Single(server.Requests);
        Assert.Equal($"/v2/{Repo}/manifests/{desc.Digest}", r.Path);
        Assert.Equal(MediaTypes.ImageManifest, r.Header("Accept"));
    }

    [Fact]
    public async Task Not_found_names_the_reference_and_carries_registry_codes()
    {
        await using var server = await InProcessServer.StartAsync((ctx, _) => ErrorAsync(ctx, 404, "MANIFEST_UNKNOWN", "manifest unknown"));
        using var repo = Open(server);

        var head = await Assert.ThrowsAsync<TofuOciException>(() => repo.ResolveAsync("v9"));
        Assert.Equal(ErrorIds.NotFound, head.ErrorId);
        Assert.Equal(ErrorKind.NotFound, head.Kind);
        Assert.Equal($"{server.Authority}/{Repo}:v9", head.Target);
        Assert.Contains($"{server.Authority}/{Repo}:v9", head.Message, StringComparison.Ordinal);

        var get = await Assert.ThrowsAsync<TofuOciException>(() => repo.FetchAsync(Desc));
        Assert.Equal(ErrorIds.NotFound, get.ErrorId);
        Assert.Equal($"{server.Authority}/{Repo}@{Desc.Digest}", get.Target);
        Assert.Equal("MANIFEST_UNKNOWN", Assert.Single(get.RegistryErrors).Code);
        Assert.Equal(404, get.StatusCode);
    }

    [Fact]
    public async Task Exists_maps_200_and_404()
    {
        await using var server = await ServeBlobAsync(ctx => WriteAsync(ctx, 200, Content));
        using var repo = Open(server);
        Assert.True(await repo.ExistsAsync(Desc));
        Assert.False(await repo.ExistsAsync(Blob(RandomBytes(5))));
        Assert.All(server.Requests, r => Assert.Equal("HEAD", r.Method));
    }
}
