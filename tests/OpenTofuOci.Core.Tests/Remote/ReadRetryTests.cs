using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Microsoft.AspNetCore.Http;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci;
using OpenTofuOci.Core.Oci.Remote;
using OpenTofuOci.Core.Oci.Targets;
using static OpenTofuOci.Core.Tests.Remote.RemoteTestKit;

namespace OpenTofuOci.Core.Tests.Remote;

/// <summary>
/// In-process servers for the faults a real registry will not produce on demand: bodies cut off
/// mid-stream (keeping their Content-Length), a byte flipped in transit, Range requests answered or
/// ignored, 429 with Retry-After, endless 503, and tag lists that are not JSON. Each read must end
/// with exactly the registry's bytes or a typed error saying how many attempts were made.
/// </summary>
public class ReadRetryTests
{
    private const int CutAt = 1000;

    private static readonly byte[] Content = RandomBytes(64 * 1024);
    private static readonly Descriptor BlobDesc = Blob(Content);

    /// <summary>Sends the head of <paramref name="body"/> under its full Content-Length, then resets the connection.</summary>
    private static async Task CutOffAsync(HttpContext ctx, byte[] body, int keep)
    {
        ctx.Response.StatusCode = 200;
        ctx.Response.ContentLength = body.Length;
        await ctx.Response.Body.WriteAsync(body.AsMemory(0, keep));
        await ctx.Response.Body.FlushAsync();
        // A reset arriving before the client read the head would make the kernel drop it.
        await Task.Delay(200);
        ctx.Abort();
    }

    private static Task RangeAsync(HttpContext ctx, byte[] body, long from)
    {
        ctx.Response.Headers.ContentRange = $"bytes {from}-{body.Length - 1}/{body.Length}";
        return WriteAsync(ctx, 206, body[(int)from..]);
    }

    private static long? RangeStart(RecordedRequest r) =>
        r.Header("Range") is { } range && range.StartsWith("bytes=", StringComparison.Ordinal) ? long.Parse(range[6..].TrimEnd('-'), System.Globalization.CultureInfo.InvariantCulture) : null;

    private static Task<byte[]> ReadWithRetryAsync(RemoteRepository repo, Descriptor descriptor) =>
        ContentRetry.ReadAsync(repo, descriptor, async (stream, _, token) =>
        {
            using var ms = new MemoryStream();
            await stream.CopyToAsync(ms, token);
            return ms.ToArray();
        }, CancellationToken.None);

    [Fact]
    public async Task Blob_from_a_server_that_truncates_the_body_is_resumed_with_a_range_request_and_logged()
    {
        await using var server = await InProcessServer.StartAsync((ctx, r) =>
            RangeStart(r) is { } from ? RangeAsync(ctx, Content, from) : CutOffAsync(ctx, Content, CutAt));
        var log = new ConcurrentQueue<string>();
        using var repo = Open(server, log: log);

        var bytes = await ReadAllAsync(await repo.FetchAsync(BlobDesc));

        Assert.Equal(Content, bytes);
        Assert.Equal([null, $"bytes={CutAt}-"], server.Requests.Select(r => r.Header("Range")));
        var retry = Assert.Single(log, l => l.StartsWith("retry ", StringComparison.Ordinal));
        Assert.StartsWith($"retry 1 of 5: GET {server.BaseUrl}/v2/{Repo}/blobs/{BlobDesc.Digest} after the body broke off after {CutAt} of {Content.Length} bytes (", retry, StringComparison.Ordinal);
        Assert.Matches(@"\); resuming, in [0-9.]+ s$", retry);
    }

    [Fact]
    public async Task Blob_from_a_server_that_truncates_and_ignores_range_is_read_again_from_the_start()
    {
        await using var server = await InProcessServer.StartAsync((ctx, r) =>
            r.Header("Range") is null ? CutOffAsync(ctx, Content, CutAt) : WriteAsync(ctx, 200, Content));
        using var repo = Open(server);

        var bytes = await ReadAllAsync(await repo.FetchAsync(BlobDesc));

        Assert.Equal(Content, bytes);
        Assert.Equal([null, $"bytes={CutAt}-"], server.Requests.Select(r => r.Header("Range")));
    }

    [Fact]
    public async Task Blob_from_a_server_that_ignores_range_and_cuts_off_the_body_sent_again_before_the_resume_point_is_read_again()
    {
        var calls = 0;
        await using var server = await InProcessServer.StartAsync((ctx, r) => Interlocked.Increment(ref calls) switch
        {
            1 => CutOffAsync(ctx, Content, CutAt),
            // Sent again from its start (Range ignored) and cut off before the bytes already read.
            2 => CutOffAsync(ctx, Content, CutAt / 2),
            _ => WriteAsync(ctx, 200, Content),
        });
        using var repo = Open(server);

        var bytes = await ReadAllAsync(await repo.FetchAsync(BlobDesc));

        Assert.Equal(Content, bytes);
        Assert.Equal([null, $"bytes={CutAt}-", $"bytes={CutAt}-"], server.Requests.Select(r => r.Header("Range")));
    }

    [Fact]
    public async Task Blob_from_a_server_that_cuts_off_every_attempt_fails_with_size_mismatch_after_all_attempts()
    {
        await using var server = await InProcessServer.StartAsync((ctx, r) => CutOffAsync(ctx, Content, CutAt));
        using var repo = Open(server, tweak: o => new RemoteRepositoryOptions { PlainHttp = true, RetryBaseDelay = TimeSpan.FromMilliseconds(1), MaxRetries = 2 });

        var ex = await Assert.ThrowsAsync<TofuOciException>(async () => await ReadAllAsync(await repo.FetchAsync(BlobDesc)));

        Assert.Equal(ErrorCode.SizeMismatch, ex.Code);
        Assert.Equal(3, server.Requests.Count);
        Assert.StartsWith($"Content {BlobDesc.Digest} from {repo.DisplayName} should be {Content.Length} bytes but the connection broke off after {CutAt} bytes (", ex.Message, StringComparison.Ordinal);
        Assert.EndsWith(" after 3 attempts; nothing was stored. Retry later; if it persists, check the network or proxy in between.", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Blob_with_a_byte_flipped_by_an_in_process_server_is_fetched_again_and_then_matches()
    {
        var calls = 0;
        await using var server = await InProcessServer.StartAsync((ctx, _) =>
            WriteAsync(ctx, 200, Interlocked.Increment(ref calls) == 1 ? Flipped(Content) : Content));
        var log = new ConcurrentQueue<string>();
        using var repo = Open(server, log: log);

        var bytes = await ReadWithRetryAsync(repo, BlobDesc);

        Assert.Equal(Content, bytes);
        Assert.Equal(2, server.Requests.Count);
        Assert.Single(log, l => l.StartsWith($"retry 1 of 5: content {BlobDesc.Digest} did not match its digest; fetching it again in ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Blob_flipped_on_every_attempt_by_an_in_process_server_fails_with_digest_mismatch_after_all_attempts()
    {
        await using var server = await InProcessServer.StartAsync((ctx, _) => WriteAsync(ctx, 200, Flipped(Content)));
        using var repo = Open(server, tweak: o => new RemoteRepositoryOptions { PlainHttp = true, RetryBaseDelay = TimeSpan.FromMilliseconds(1), MaxRetries = 2 });

        var ex = await Assert.ThrowsAsync<TofuOciException>(() => ReadWithRetryAsync(repo, BlobDesc));

        Assert.Equal(ErrorCode.DigestMismatch, ex.Code);
        Assert.Equal(3, server.Requests.Count);
        var actual = Digest.Compute(Flipped(Content), DigestAlgorithm.Sha256).ToString();
        Assert.Equal(VerificationErrors.DigestMismatch(BlobDesc, repo.DisplayName, actual).Message + " (Gave up after 3 attempts.)", ex.Message);
    }

    [Fact]
    public async Task Without_retries_a_flipped_blob_from_an_in_process_server_fails_at_the_first_attempt()
    {
        await using var server = await InProcessServer.StartAsync((ctx, _) => WriteAsync(ctx, 200, Flipped(Content)));
        using var repo = Open(server, tweak: o => new RemoteRepositoryOptions { PlainHttp = true, MaxRetries = 0 });

        var ex = await Assert.ThrowsAsync<TofuOciException>(() => ReadWithRetryAsync(repo, BlobDesc));

        Assert.Equal(ErrorCode.DigestMismatch, ex.Code);
        Assert.Single(server.Requests);
        Assert.DoesNotContain("attempts", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Manifest_from_a_server_that_truncates_it_is_read_again_by_the_content_reader()
    {
        var manifest = ManifestBytes("cut");
        var desc = Manifest(manifest);
        await using var server = await InProcessServer.StartAsync((ctx, r) =>
            r.Header("Range") is null ? CutOffAsync(ctx, manifest, 10) : WriteAsync(ctx, 200, manifest, MediaTypes.ImageManifest));
        using var repo = Open(server);

        var bytes = await ContentReader.ReadManifestAsync(repo, desc, repo.DisplayName);

        Assert.Equal(manifest, bytes);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task Manifest_resolved_by_get_from_a_server_that_truncates_it_once_is_read_again()
    {
        var manifest = ManifestBytes("resolve");
        var desc = Manifest(manifest);
        var gets = 0;
        await using var server = await InProcessServer.StartAsync((ctx, r) =>
        {
            if (r.Method == "HEAD")
            {
                // No digest header: the client has to GET and hash.
                return WriteAsync(ctx, 200, manifest, MediaTypes.ImageManifest);
            }

            return Interlocked.Increment(ref gets) == 1 ? CutOffAsync(ctx, manifest, 10) : WriteAsync(ctx, 200, manifest, MediaTypes.ImageManifest);
        });
        using var repo = Open(server);

        var resolved = await repo.ResolveAsync("v1");

        Assert.Equal(desc.Digest, resolved.Digest);
        Assert.Equal(2, gets);
    }

    [Fact]
    public async Task Retry_after_of_a_429_from_an_in_process_server_is_waited_for()
    {
        var calls = 0;
        await using var server = await InProcessServer.StartAsync((ctx, _) =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                ctx.Response.Headers.RetryAfter = "1";
                return WriteAsync(ctx, 429);
            }

            return WriteAsync(ctx, 200, Content);
        });
        using var repo = Open(server);

        var watch = Stopwatch.StartNew();
        var bytes = await ReadAllAsync(await repo.FetchAsync(BlobDesc));

        Assert.Equal(Content, bytes);
        Assert.Equal(2, server.Requests.Count);
        // The backoff alone is 1 ms; only Retry-After explains a second.
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(950), $"waited {watch.Elapsed}");
    }

    [Fact]
    public async Task Deadline_ends_the_retries_of_an_in_process_server_that_always_answers_503()
    {
        await using var server = await InProcessServer.StartAsync((ctx, _) => WriteAsync(ctx, 503));
        using var repo = Open(server, tweak: o => new RemoteRepositoryOptions
        {
            PlainHttp = true,
            MaxRetries = 100,
            RetryBaseDelay = TimeSpan.FromMilliseconds(100),
            MaxRetryDelay = TimeSpan.FromMilliseconds(100),
            RetryDeadline = TimeSpan.FromMilliseconds(500),
        });

        var ex = await Assert.ThrowsAsync<TofuOciException>(() => repo.FetchAsync(BlobDesc));

        var attempts = server.Requests.Count;
        Assert.InRange(attempts, 2, 12);
        Assert.Equal(ErrorCode.RegistryError, ex.Code);
        Assert.EndsWith($" (Gave up after {attempts} attempts.)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tag_list_that_an_in_process_server_sends_as_invalid_json_once_is_read_again()
    {
        var calls = 0;
        await using var server = await InProcessServer.StartAsync((ctx, _) =>
            WriteAsync(ctx, 200, Encoding.UTF8.GetBytes(Interlocked.Increment(ref calls) == 1 ? $$"""{"name":"{{Repo}}","tags":["a","""
                : $$"""{"name":"{{Repo}}","tags":["a","b"]}"""), "application/json"));
        var log = new ConcurrentQueue<string>();
        using var repo = Open(server, log: log);

        var tags = await repo.ListTagsAsync().ToListAsync();

        Assert.Equal(["a", "b"], tags);
        Assert.Equal(2, server.Requests.Count);
        Assert.Single(log, l => l.StartsWith($"retry 1 of 5: GET {server.BaseUrl}/v2/{Repo}/tags/list after is not valid JSON, in ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Tag_list_whose_property_name_an_in_process_server_flips_to_bytes_that_are_not_utf8_is_read_again()
    {
        var good = Encoding.UTF8.GetBytes($$"""{"name":"{{Repo}}","tags":["1.0.0"]}""");
        var flipped = (byte[])good.Clone();
        // The "t" of "tags", XOR 0xFF: still valid JSON, but the reader would skip the property and see no tags.
        flipped[Array.IndexOf(flipped, (byte)'t', Encoding.UTF8.GetByteCount($$"""{"name":"{{Repo}}","""))] ^= 0xFF;
        var calls = 0;
        await using var server = await InProcessServer.StartAsync((ctx, _) =>
            WriteAsync(ctx, 200, Interlocked.Increment(ref calls) == 1 ? flipped : good, "application/json"));
        var log = new ConcurrentQueue<string>();
        using var repo = Open(server, log: log);

        var tags = await repo.ListTagsAsync().ToListAsync();

        Assert.Equal(["1.0.0"], tags);
        Assert.Equal(2, server.Requests.Count);
        Assert.Single(log, l => l.StartsWith($"retry 1 of 5: GET {server.BaseUrl}/v2/{Repo}/tags/list after is not valid UTF-8, in ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Tag_list_that_an_in_process_server_always_sends_as_invalid_json_fails_after_all_attempts()
    {
        await using var server = await InProcessServer.StartAsync((ctx, _) => WriteAsync(ctx, 200, Encoding.UTF8.GetBytes("{\"tags\":["), "application/json"));
        using var repo = Open(server, tweak: o => new RemoteRepositoryOptions { PlainHttp = true, RetryBaseDelay = TimeSpan.FromMilliseconds(1), MaxRetries = 1 });

        var ex = await Assert.ThrowsAsync<TofuOciException>(() => repo.ListTagsAsync().ToListAsync().AsTask());

        Assert.Equal(ErrorCode.RegistryError, ex.Code);
        Assert.Equal($"{server.Authority} answered in a way the OCI distribution protocol does not allow: the tag list of {repo.DisplayName} is not valid JSON. (Gave up after 2 attempts.)", ex.Message);
    }

    private static byte[] Flipped(byte[] bytes)
    {
        var copy = (byte[])bytes.Clone();
        copy[copy.Length / 2] ^= 0x01;
        return copy;
    }
}
