using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci;
using OpenTofuOci.Core.Oci.Remote;
using static OpenTofuOci.Core.Tests.Remote.RemoteTestKit;

namespace OpenTofuOci.Core.Tests.Remote;

/// <summary>
/// In-process servers that stop sending (headers or body) and that paginate tags forever: behaviour
/// of hostile or broken registries that a real registry never shows.
/// </summary>
public class StallAndTagCapTests
{
    private static readonly byte[] Content = RandomBytes(32 * 1024);
    private static readonly Descriptor BlobDesc = Blob(Content);

    private static RemoteRepositoryOptions Short(int retries) => new()
    {
        PlainHttp = true,
        RetryBaseDelay = TimeSpan.FromMilliseconds(1),
        MaxRetries = retries,
        IdleTimeout = TimeSpan.FromMilliseconds(300),
    };

    /// <summary>Sends the first bytes, then nothing until the client gives up.</summary>
    private static async Task StallAsync(Microsoft.AspNetCore.Http.HttpContext ctx, int keep)
    {
        ctx.Response.StatusCode = 200;
        ctx.Response.ContentLength = Content.Length;
        await ctx.Response.Body.WriteAsync(Content.AsMemory(0, keep));
        await ctx.Response.Body.FlushAsync();
        await Task.Delay(TimeSpan.FromSeconds(30), ctx.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    [Fact]
    public async Task Body_from_an_in_process_server_that_stops_sending_fails_after_the_idle_timeout()
    {
        await using var server = await InProcessServer.StartAsync((ctx, _) => StallAsync(ctx, 100));
        using var repo = Open(server, tweak: _ => Short(0));

        var ex = await Assert.ThrowsAsync<TofuOciException>(async () => await ReadAllAsync(await repo.FetchAsync(BlobDesc)));

        Assert.Equal(ErrorCode.SizeMismatch, ex.Code);
        Assert.Equal($"Content {BlobDesc.Digest} from {repo.DisplayName} should be {Content.Length} bytes but the connection broke off after 100 bytes (no bytes arrived for 0.3 s); " +
            "nothing was stored. Retry later; if it persists, check the network or proxy in between.", ex.Message);
    }

    [Fact]
    public async Task Body_from_an_in_process_server_that_stops_sending_once_is_resumed()
    {
        await using var server = await InProcessServer.StartAsync((ctx, r) =>
        {
            if (r.Header("Range") is null)
            {
                return StallAsync(ctx, 100);
            }

            ctx.Response.Headers.ContentRange = $"bytes 100-{Content.Length - 1}/{Content.Length}";
            return WriteAsync(ctx, 206, Content[100..]);
        });
        using var repo = Open(server, tweak: _ => Short(1));

        Assert.Equal(Content, await ReadAllAsync(await repo.FetchAsync(BlobDesc)));
        Assert.Equal([null, "bytes=100-"], server.Requests.Select(r => r.Header("Range")));
    }

    [Fact]
    public async Task Headers_from_an_in_process_server_that_stalls_before_answering_are_given_up_and_retried()
    {
        var calls = 0;
        await using var server = await InProcessServer.StartAsync(async (ctx, _) =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                await Task.Delay(TimeSpan.FromSeconds(30), ctx.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                return;
            }

            await WriteAsync(ctx, 200, Content);
        });
        using var repo = Open(server, tweak: _ => Short(1));

        Assert.Equal(Content, await ReadAllAsync(await repo.FetchAsync(BlobDesc)));
        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task Headers_from_an_in_process_server_that_always_stalls_fail_with_connection_failed_naming_the_idle_timeout()
    {
        await using var server = await InProcessServer.StartAsync((ctx, _) =>
            Task.Delay(TimeSpan.FromSeconds(30), ctx.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default));
        using var repo = Open(server, tweak: _ => Short(1));

        var ex = await Assert.ThrowsAsync<TofuOciException>(() => repo.FetchAsync(BlobDesc));

        Assert.Equal(ErrorCode.ConnectionFailed, ex.Code);
        Assert.Equal($"Could not reach registry {server.Authority} (GET {server.BaseUrl}/v2/{Repo}/blobs/{BlobDesc.Digest}) after 2 attempts: no response within the idle timeout of 0.3 s.", ex.Message);
    }

    [Fact]
    public async Task Tag_list_of_an_in_process_server_with_endless_pagination_stops_at_the_page_cap()
    {
        await using var server = await InProcessServer.StartAsync((ctx, r) =>
        {
            var page = int.Parse(r.QueryValue("last") ?? "0", System.Globalization.CultureInfo.InvariantCulture);
            ctx.Response.Headers.Link = $"</v2/{Repo}/tags/list?n=2&last={page + 1}>; rel=\"next\"";
            return WriteAsync(ctx, 200, System.Text.Encoding.UTF8.GetBytes($$"""{"tags":["t{{page}}a","t{{page}}b"]}"""), "application/json");
        });
        using var repo = Open(server, tweak: o => new RemoteRepositoryOptions { PlainHttp = true, MaxTagPages = 50 });

        var ex = await Assert.ThrowsAsync<TofuOciException>(() => repo.ListTagsAsync().ToListAsync().AsTask());

        Assert.Equal(ErrorCode.TagListTooLarge, ex.Code);
        Assert.Equal(50, server.Requests.Count);
        Assert.Equal($"The tag list of {repo.DisplayName} has more than 50 pages; the listing was stopped so a runaway or hostile registry cannot exhaust memory. " +
            "Ask the registry's operator to remove stale tags, or address the version you want by tag directly.", ex.Message);
    }

    [Fact]
    public async Task Tag_list_of_an_in_process_server_with_endless_pagination_stops_at_the_tag_cap()
    {
        await using var server = await InProcessServer.StartAsync((ctx, r) =>
        {
            var page = int.Parse(r.QueryValue("last") ?? "0", System.Globalization.CultureInfo.InvariantCulture);
            ctx.Response.Headers.Link = $"</v2/{Repo}/tags/list?n=2&last={page + 1}>; rel=\"next\"";
            return WriteAsync(ctx, 200, System.Text.Encoding.UTF8.GetBytes($$"""{"tags":["t{{page}}a","t{{page}}b"]}"""), "application/json");
        });
        using var repo = Open(server, tweak: o => new RemoteRepositoryOptions { PlainHttp = true, MaxTags = 7 });

        var seen = new List<string>();
        var ex = await Assert.ThrowsAsync<TofuOciException>(async () =>
        {
            await foreach (var tag in repo.ListTagsAsync())
            {
                seen.Add(tag);
            }
        });

        Assert.Equal(ErrorCode.TagListTooLarge, ex.Code);
        Assert.Equal(7, seen.Count);
        Assert.Equal(4, server.Requests.Count);
        Assert.Contains("has more than 7 tags;", ex.Message, StringComparison.Ordinal);
    }
}
