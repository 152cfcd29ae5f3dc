using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci;
using OpenTofuOci.Core.Oci.Remote;
using static OpenTofuOci.Core.Tests.Remote.RemoteTestKit;

namespace OpenTofuOci.Core.Tests.Remote;

/// <summary>
/// Uploads that fail part-way, against the in-process registry: a real registry will not fail a
/// given PATCH or PUT on demand, nor keep part of a failed chunk. A chunked upload resumes at the
/// offset the registry reports; a failed monolithic PUT starts over from a fresh POST; the retries
/// are bounded; a source that can be read only once is not retried and the error says why.
/// </summary>
public class UploadRetryTests
{
    private const string Uploads = $"/v2/{Repo}/blobs/uploads/";

    /// <summary>Answers the <paramref name="nth"/> request with <paramref name="method"/> by <paramref name="fail"/> (true: handled).</summary>
    private static InMemoryRegistry FailingNth(string method, int nth, Func<InMemoryRegistry, Microsoft.AspNetCore.Http.HttpContext, RecordedRequest, Task<bool>> fail)
    {
        var seen = 0;
        InMemoryRegistry? registry = null;
        registry = new InMemoryRegistry
        {
            Override = (ctx, r) => r.Method == method && r.Path.StartsWith(Uploads, StringComparison.Ordinal) && Interlocked.Increment(ref seen) == nth
                ? fail(registry!, ctx, r)
                : Task.FromResult(false),
        };
        return registry;
    }

    private static Task<bool> Reset(Microsoft.AspNetCore.Http.HttpContext ctx)
    {
        ctx.Abort();
        return Task.FromResult(true);
    }

    [Theory]
    [InlineData(0, new[] { "0-9", "10-19", "10-19", "20-24" })]
    [InlineData(4, new[] { "0-9", "10-19", "14-23", "24-24" })]
    public async Task Chunked_upload_whose_second_patch_the_in_process_server_resets_resumes_at_the_reported_offset(int keptOfFailedChunk, string[] ranges)
    {
        var (server, registry) = await InMemoryRegistry.StartAsync(FailingNth("PATCH", 2, (reg, ctx, r) =>
        {
            // The registry stored part of the chunk before the connection broke, as a real one may.
            reg.Sessions[r.Path[Uploads.Length..]].Write(r.Body.AsSpan(0, keptOfFailedChunk));
            return Reset(ctx);
        }));
        await using var _ = server;
        using var repo = Open(server, tweak: o => new() { PlainHttp = true, ChunkedUploadThreshold = 10, ChunkSize = 10, RetryBaseDelay = TimeSpan.FromMilliseconds(1) });
        var bytes = RandomBytes(25);
        var desc = Blob(bytes);

        await repo.PushAsync(desc, new MemoryStream(bytes));

        Assert.Equal(bytes, registry.Blobs[desc.Digest]);
        Assert.Equal(["HEAD", "POST", "PATCH", "PATCH", "GET", "PATCH", "PATCH", "PUT"], server.Requests.Select(r => r.Method));
        var patches = server.Requests.Where(r => r.Method == "PATCH").ToList();
        Assert.Equal(ranges, patches.Select(p => p.Header("Content-Range")));
        Assert.Equal(bytes.AsSpan(10 + keptOfFailedChunk, 10).ToArray(), patches[2].Body);
        // The resumed PATCH goes to the Location the status answer gave, which carries the session's new state.
        Assert.Equal($"s{10 + keptOfFailedChunk}", patches[2].QueryValue("_state"));
    }

    [Fact]
    public async Task Chunked_upload_whose_session_the_in_process_server_forgets_starts_over_in_a_fresh_session()
    {
        var (server, registry) = await InMemoryRegistry.StartAsync(FailingNth("PATCH", 2, (reg, ctx, r) =>
        {
            reg.Sessions.TryRemove(r.Path[Uploads.Length..], out var _);
            return Reset(ctx);
        }));
        await using var _ = server;
        using var repo = Open(server, tweak: o => new() { PlainHttp = true, ChunkedUploadThreshold = 10, ChunkSize = 10, RetryBaseDelay = TimeSpan.FromMilliseconds(1) });
        var bytes = RandomBytes(25);
        var desc = Blob(bytes);

        await repo.PushAsync(desc, new MemoryStream(bytes));

        Assert.Equal(bytes, registry.Blobs[desc.Digest]);
        Assert.Equal(["HEAD", "POST", "PATCH", "PATCH", "GET", "DELETE", "HEAD", "POST", "PATCH", "PATCH", "PATCH", "PUT"], server.Requests.Select(r => r.Method));
        Assert.Equal(["0-9", "10-19", "0-9", "10-19", "20-24"], server.Requests.Where(r => r.Method == "PATCH").Select(p => p.Header("Content-Range")));
        Assert.All(server.Requests.Where(r => r.Method == "PATCH").Skip(2), p => Assert.StartsWith(Uploads + "u2", p.Path, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("reset")]
    [InlineData("503")]
    [InlineData("500")]
    public async Task Monolithic_put_that_the_in_process_server_fails_once_is_retried_from_a_fresh_post(string failure)
    {
        var (server, registry) = await InMemoryRegistry.StartAsync(FailingNth("PUT", 1, async (_, ctx, _) =>
        {
            if (failure == "reset")
            {
                return await Reset(ctx);
            }

            await ErrorAsync(ctx, int.Parse(failure, System.Globalization.CultureInfo.InvariantCulture), "UNKNOWN", "storage hiccup");
            return true;
        }));
        await using var _ = server;
        using var repo = Open(server);
        var bytes = RandomBytes(3000);
        var desc = Blob(bytes);

        await repo.PushAsync(desc, new MemoryStream(bytes));

        Assert.Equal(bytes, registry.Blobs[desc.Digest]);
        Assert.Equal(["HEAD", "POST", "PUT", "DELETE", "HEAD", "POST", "PUT"], server.Requests.Select(r => r.Method));
        var puts = server.Requests.Where(r => r.Method == "PUT").ToList();
        Assert.Equal([Uploads + "u1", Uploads + "u2"], puts.Select(p => p.Path));
        Assert.All(puts, p => Assert.Equal(bytes, p.Body));
        Assert.Empty(registry.Sessions);
    }

    [Fact]
    public async Task Put_whose_answer_the_in_process_server_drops_after_storing_the_blob_is_not_sent_again()
    {
        var (server, registry) = await InMemoryRegistry.StartAsync(FailingNth("PUT", 1, (reg, ctx, r) =>
        {
            reg.Blobs[r.QueryValue("digest")!] = r.Body;
            return Reset(ctx);
        }));
        await using var _ = server;
        using var repo = Open(server);
        var bytes = RandomBytes(3000);
        var desc = Blob(bytes);

        await repo.PushAsync(desc, new MemoryStream(bytes));

        Assert.Equal(bytes, registry.Blobs[desc.Digest]);
        Assert.Equal(["HEAD", "POST", "PUT", "DELETE", "HEAD"], server.Requests.Select(r => r.Method));
    }

    [Fact]
    public async Task Put_that_the_in_process_server_always_fails_is_tried_once_plus_max_retries_times_then_reported()
    {
        var (server, registry) = await InMemoryRegistry.StartAsync(new InMemoryRegistry
        {
            Override = async (ctx, r) =>
            {
                if (r.Method != "PUT")
                {
                    return false;
                }

                await ErrorAsync(ctx, 503, "UNAVAILABLE", "down for maintenance");
                return true;
            },
        });
        await using var _ = server;
        using var repo = Open(server, tweak: o => new() { PlainHttp = true, MaxRetries = 2, RetryBaseDelay = TimeSpan.FromMilliseconds(1) });
        var bytes = RandomBytes(300);
        var desc = Blob(bytes);

        var ex = await Assert.ThrowsAsync<TofuOciException>(() => repo.PushAsync(desc, new MemoryStream(bytes)));

        Assert.Equal(ErrorIds.RegistryError, ex.ErrorId);
        Assert.Equal(503, ex.StatusCode);
        Assert.Equal(3, server.Requests.Count(r => r.Method == "POST"));
        Assert.Equal(3, server.Requests.Count(r => r.Method == "PUT"));
        Assert.Empty(registry.Blobs);
    }

    [Fact]
    public async Task Put_of_a_stream_that_can_be_read_once_is_not_retried_after_the_in_process_server_resets_it_and_says_why()
    {
        var (server, registry) = await InMemoryRegistry.StartAsync(FailingNth("PUT", 1, (_, ctx, _) => Reset(ctx)));
        await using var _ = server;
        using var repo = Open(server);
        var bytes = RandomBytes(3000);
        var desc = Blob(bytes);

        var ex = await Assert.ThrowsAsync<TofuOciException>(() => repo.PushAsync(desc, new ForwardOnlyStream(bytes)));

        Assert.Equal(ErrorIds.ConnectionFailed, ex.ErrorId);
        Assert.EndsWith($"The upload of {desc.Digest} to {server.Authority}/{Repo} was not retried: its content was given as a stream that can be read only once. Push it again.", ex.Message, StringComparison.Ordinal);
        Assert.Equal(["HEAD", "POST", "PUT", "DELETE", "HEAD"], server.Requests.Select(r => r.Method));
        Assert.Empty(registry.Blobs);
    }

    [Theory]
    [InlineData(100000, new[] { "POST", "PATCH", "GET", "PATCH", "PUT" })]
    [InlineData(25, new[] { "POST", "PATCH", "GET", "PATCH", "PATCH", "PATCH", "PUT" })]
    public async Task One_pass_upload_whose_patch_the_in_process_server_resets_is_sent_again_and_committed_under_the_digest_learnt(int chunkedAbove, string[] methods)
    {
        var (server, registry) = await InMemoryRegistry.StartAsync(FailingNth("PATCH", 1, (_, ctx, _) => Reset(ctx)));
        await using var _ = server;
        using var repo = Open(server, tweak: o => new() { PlainHttp = true, ChunkedUploadThreshold = chunkedAbove, ChunkSize = 10, RetryBaseDelay = TimeSpan.FromMilliseconds(1) });
        var bytes = RandomBytes(30);

        var pushed = await repo.PushHashingAsync(MediaTypes.Zip, bytes.Length, new MemoryStream(bytes));

        Assert.Equal(Blob(bytes), pushed);
        Assert.Equal(bytes, registry.Blobs[pushed.Digest]);
        var requests = server.Requests.ToList();
        Assert.Equal(["POST"], requests.Select(r => r.Method).Take(1));
        Assert.Equal(string.Join(",", methods), string.Join(",", requests.Select(r => r.Method)));
        Assert.Equal(pushed.Digest, requests[^1].QueryValue("digest"));
    }

    [Fact]
    public async Task One_pass_upload_of_a_stream_that_can_be_read_once_fails_cleanly_when_the_in_process_server_resets_its_patch()
    {
        var (server, registry) = await InMemoryRegistry.StartAsync(FailingNth("PATCH", 1, (reg, ctx, r) =>
        {
            // Nothing kept, and the session forgotten: only a fresh start could go on, and the bytes are gone.
            reg.Sessions.TryRemove(r.Path[Uploads.Length..], out var _);
            return Reset(ctx);
        }));
        await using var _ = server;
        using var repo = Open(server);
        var bytes = RandomBytes(3000);

        var ex = await Assert.ThrowsAsync<TofuOciException>(() => repo.PushHashingAsync(MediaTypes.Zip, bytes.Length, new ForwardOnlyStream(bytes)));

        Assert.Equal(ErrorIds.ConnectionFailed, ex.ErrorId);
        Assert.EndsWith($"The upload of a blob of 3000 bytes to {server.Authority}/{Repo} was not retried: its content was given as a stream that can be read only once. Push it again.", ex.Message, StringComparison.Ordinal);
        Assert.Empty(registry.Blobs);
        Assert.DoesNotContain(server.Requests, r => r.Method == "PUT");
    }

    [Theory]
    [InlineData(2999, "3000 bytes is 2999 bytes")]
    [InlineData(3001, "3000 bytes is more than 3000 bytes")]
    public async Task One_pass_upload_of_content_of_another_size_than_announced_is_never_committed(int actual, string says)
    {
        var (server, registry) = await InMemoryRegistry.StartAsync();
        await using var _ = server;
        using var repo = Open(server);

        var ex = await Assert.ThrowsAsync<TofuOciException>(() => repo.PushHashingAsync(MediaTypes.Zip, 3000, new MemoryStream(RandomBytes(actual))));

        Assert.Equal(ErrorIds.SizeMismatch, ex.ErrorId);
        Assert.Contains(says, ex.Message, StringComparison.Ordinal);
        Assert.Empty(registry.Blobs);
        Assert.DoesNotContain(server.Requests, r => r.Method == "PUT");
        Assert.Equal("DELETE", server.Requests.Last().Method);
    }

    [Theory]
    [InlineData("0-99", 99L)]
    [InlineData("bytes=0-7", 7L)]
    [InlineData("0-0", 0L)]
    [InlineData("5-9", null)]
    [InlineData("0--1", null)]
    [InlineData("", null)]
    public void Upload_status_range_gives_the_last_byte_the_registry_holds(string range, long? last)
    {
        Assert.Equal(last, UploadSession.ParseRangeEnd(range));
    }

    /// <summary>A stream whose bytes, once read, are gone (like a response body).</summary>
    private sealed class ForwardOnlyStream(byte[] bytes) : Stream
    {
        private readonly MemoryStream _inner = new(bytes);

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
