using System.Collections.Concurrent;
using System.Diagnostics;
using OpenTofuOci.Core.Credentials;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci;
using static OpenTofuOci.Core.Tests.Remote.RemoteTestKit;

namespace OpenTofuOci.Core.Tests.Remote;

/// <summary>
/// In-process servers for transport behaviour a real registry will not show on demand: blob
/// redirects to another origin (which must not see Authorization), 503s and 429s followed by
/// success, redirect loops, connection failures, and request headers/log lines on every exchange.
/// </summary>
public class TransportTests
{
    private const string User = "bob";
    private const string Password = "blob-pass-123";

    private static readonly byte[] Content = RandomBytes(4096);
    private static readonly Descriptor Desc = Blob(Content);

    [Fact]
    public async Task Blob_redirect_to_another_origin_drops_authorization()
    {
        await using var storage = await InProcessServer.StartAsync((ctx, _) => WriteAsync(ctx, 200, Content, "application/octet-stream"));
        var expected = BasicValue(User, Password);
        await using var registry = await InProcessServer.StartAsync((ctx, r) =>
        {
            if (r.Header("Authorization") != expected)
            {
                ctx.Response.Headers.WWWAuthenticate = "Basic realm=\"r\"";
                return WriteAsync(ctx, 401);
            }

            ctx.Response.Headers.Location = $"{storage.BaseUrl}/bucket/blob?X-Signature=secret-sig";
            return WriteAsync(ctx, 307);
        });
        var log = new ConcurrentQueue<string>();
        using var repo = Open(registry, new StaticCredentialProvider(registry.Authority, RegistryCredential.Basic(User, Password)), log);

        Assert.Equal(Content, await ReadAllAsync(await repo.FetchAsync(Desc)));

        Assert.Equal(expected, registry.Requests.Last().Header("Authorization"));
        var redirected = Assert.Single(storage.Requests);
        Assert.Equal("/bucket/blob", redirected.Path);
        Assert.Equal("?X-Signature=secret-sig", redirected.Query);
        Assert.Null(redirected.Header("Authorization"));
        Assert.Contains($"GET {storage.BaseUrl}/bucket/blob 200", log);
        Assert.DoesNotContain(log, l => l.Contains("secret-sig", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Relative_redirect_on_the_same_origin_keeps_authorization()
    {
        var expected = BasicValue(User, Password);
        await using var registry = await InProcessServer.StartAsync((ctx, r) =>
        {
            if (r.Header("Authorization") != expected)
            {
                ctx.Response.Headers.WWWAuthenticate = "Basic realm=\"r\"";
                return WriteAsync(ctx, 401);
            }

            if (r.Path.Contains("/blobs/", StringComparison.Ordinal))
            {
                ctx.Response.Headers.Location = "../storage/x";
                return WriteAsync(ctx, 302);
            }

            return WriteAsync(ctx, 200, Content);
        });
        using var repo = Open(registry, new StaticCredentialProvider(registry.Authority, RegistryCredential.Basic(User, Password)));
        Assert.Equal(Content, await ReadAllAsync(await repo.FetchAsync(Desc)));
        var last = registry.Requests.Last();
        Assert.Equal(3, registry.Requests.Count);
        Assert.Equal($"/v2/{Repo}/storage/x", last.Path);
        Assert.Equal(expected, last.Header("Authorization"));
    }

    [Fact]
    public async Task Redirect_loop_stops_at_max_redirects()
    {
        await using var registry = await InProcessServer.StartAsync((ctx, r) =>
        {
            ctx.Response.Headers.Location = r.Path;
            return WriteAsync(ctx, 307);
        });
        using var repo = Open(registry, tweak: o => new() { PlainHttp = true, MaxRedirects = 3 });
        var ex = await Assert.ThrowsAsync<TofuOciException>(() => repo.FetchAsync(Desc));
        Assert.Equal(ErrorIds.RegistryError, ex.ErrorId);
        Assert.Equal(4, registry.Requests.Count);
    }

    [Fact]
    public async Task Service_unavailable_twice_then_success_is_retried()
    {
        var calls = 0;
        await using var registry = await InProcessServer.StartAsync((ctx, _) =>
            Interlocked.Increment(ref calls) <= 2 ? WriteAsync(ctx, 503) : WriteAsync(ctx, 200, Content));
        using var repo = Open(registry);
        Assert.True(await repo.ExistsAsync(Desc));
        Assert.Equal(3, registry.Requests.Count);
    }

    [Fact]
    public async Task Retries_are_bounded_by_max_retries()
    {
        await using var registry = await InProcessServer.StartAsync((ctx, _) => WriteAsync(ctx, 502));
        using var repo = Open(registry, tweak: o => new() { PlainHttp = true, MaxRetries = 2, RetryBaseDelay = TimeSpan.FromMilliseconds(1) });
        var ex = await Assert.ThrowsAsync<TofuOciException>(() => repo.ResolveAsync("v1"));
        Assert.Equal(ErrorIds.RegistryError, ex.ErrorId);
        Assert.Equal(502, ex.StatusCode);
        Assert.Equal(ErrorKind.Connection, ex.Kind);
        Assert.Equal(3, registry.Requests.Count);
    }

    [Fact]
    public async Task Starting_an_upload_is_not_repeated_as_a_request_but_the_upload_starts_over_at_most_max_retries_times()
    {
        await using var registry = await InProcessServer.StartAsync((ctx, r) => WriteAsync(ctx, r.Method == "HEAD" ? 404 : 503));
        using var repo = Open(registry, tweak: o => new() { PlainHttp = true, MaxRetries = 1, RetryBaseDelay = TimeSpan.FromMilliseconds(1) });
        var ex = await Assert.ThrowsAsync<TofuOciException>(() => repo.PushAsync(Desc, new MemoryStream(Content)));
        Assert.Equal(503, ex.StatusCode);
        // Each attempt checks first whether the blob arrived after all, then opens its own session.
        Assert.Equal(["HEAD", "POST", "HEAD", "POST"], registry.Requests.Select(r => r.Method));
    }

    [Fact]
    public async Task Too_many_requests_honours_retry_after()
    {
        var calls = 0;
        await using var registry = await InProcessServer.StartAsync((ctx, _) =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                ctx.Response.Headers.RetryAfter = "1";
                return WriteAsync(ctx, 429);
            }

            return WriteAsync(ctx, 200, Content);
        });
        using var repo = Open(registry);
        var clock = Stopwatch.StartNew();
        Assert.True(await repo.ExistsAsync(Desc));
        Assert.InRange(clock.Elapsed.TotalSeconds, 0.95, 10);
        Assert.Equal(2, registry.Requests.Count);
    }

    [Fact]
    public async Task Retry_after_is_capped_by_max_retry_delay_and_exhaustion_is_too_many_requests()
    {
        await using var registry = await InProcessServer.StartAsync((ctx, _) =>
        {
            ctx.Response.Headers.RetryAfter = "3600";
            return WriteAsync(ctx, 429);
        });
        using var repo = Open(registry, tweak: o => new() { PlainHttp = true, MaxRetries = 2, MaxRetryDelay = TimeSpan.FromMilliseconds(50) });
        var clock = Stopwatch.StartNew();
        var ex = await Assert.ThrowsAsync<TofuOciException>(() => repo.ExistsAsync(Desc));
        Assert.Equal(ErrorIds.TooManyRequests, ex.ErrorId);
        Assert.InRange(clock.Elapsed.TotalSeconds, 0.09, 10);
        Assert.Equal(3, registry.Requests.Count);
    }

    [Fact]
    public async Task Connection_refused_is_connection_failed_naming_the_registry()
    {
        int port;
        await using (var gone = await InProcessServer.StartAsync((ctx, _) => WriteAsync(ctx, 200)))
        {
            port = gone.Port;
        }

        using var repo = new OpenTofuOci.Core.Oci.Remote.RemoteRepository($"127.0.0.1:{port}", Repo,
            new() { PlainHttp = true, MaxRetries = 1, RetryBaseDelay = TimeSpan.FromMilliseconds(1) });
        var ex = await Assert.ThrowsAsync<TofuOciException>(() => repo.ResolveAsync("v1"));
        Assert.Equal(ErrorIds.ConnectionFailed, ex.ErrorId);
        Assert.Equal(ErrorKind.Connection, ex.Kind);
        Assert.Contains($"127.0.0.1:{port}", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("--plain-http", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Https_to_a_plain_http_server_suggests_plain_http()
    {
        await using var registry = await InProcessServer.StartAsync((ctx, _) => WriteAsync(ctx, 200));
        using var repo = new OpenTofuOci.Core.Oci.Remote.RemoteRepository(registry.Authority, Repo, new() { MaxRetries = 0 });
        var ex = await Assert.ThrowsAsync<TofuOciException>(() => repo.ResolveAsync("v1"));
        Assert.Equal(ErrorIds.ConnectionFailed, ex.ErrorId);
        Assert.Contains("allow that for it with the plain HTTP option", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Caller_cancellation_passes_through()
    {
        await using var registry = await InProcessServer.StartAsync(async (ctx, _) =>
        {
            await Task.Delay(5000, ctx.RequestAborted);
            await WriteAsync(ctx, 200);
        });
        using var repo = Open(registry);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => repo.ResolveAsync("v1", cts.Token));
        Assert.Single(registry.Requests);
    }

    [Fact]
    public async Task Every_request_carries_the_user_agent_and_is_logged_without_query()
    {
        await using var registry = await InProcessServer.StartAsync((ctx, r) =>
        {
            if (r.Method == "POST")
            {
                ctx.Response.Headers.Location = "/upload/1?_state=opaque-state";
                return WriteAsync(ctx, 202);
            }

            return WriteAsync(ctx, r.Method == "HEAD" ? 404 : 201);
        });
        var log = new ConcurrentQueue<string>();
        using var repo = Open(registry, log: log);
        await repo.PushAsync(Desc, new MemoryStream(Content));

        Assert.Equal(["HEAD", "POST", "PUT"], registry.Requests.Select(r => r.Method));
        Assert.All(registry.Requests, r => Assert.StartsWith("OpenTofuOci/", r.Header("User-Agent"), StringComparison.Ordinal));
        Assert.Equal(
            [
                $"HEAD {registry.BaseUrl}/v2/{Repo}/blobs/{Desc.Digest} 404",
                $"POST {registry.BaseUrl}/v2/{Repo}/blobs/uploads/ 202",
                $"PUT {registry.BaseUrl}/upload/1 201",
            ],
            log);
    }
}
