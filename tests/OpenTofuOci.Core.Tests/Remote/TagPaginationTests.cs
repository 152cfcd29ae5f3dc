using System.Text;
using OpenTofuOci.Core.Errors;
using static OpenTofuOci.Core.Tests.Remote.RemoteTestKit;

namespace OpenTofuOci.Core.Tests.Remote;

/// <summary>
/// In-process server because distribution 2.8 never paginates tags/list (ENVIRONMENT.md): several
/// Link pages (relative and absolute), a null tags page, a cross-origin Link that must be refused,
/// and a Link loop.
/// </summary>
public class TagPaginationTests
{
    private static byte[] Page(string tags) => Encoding.UTF8.GetBytes($$"""{"name":"{{Repo}}","tags":{{tags}}}""");

    [Fact]
    public async Task Follows_relative_and_absolute_next_links_to_the_last_page()
    {
        InProcessServer? server = null;
        server = await InProcessServer.StartAsync((ctx, r) =>
        {
            switch (r.QueryValue("last"))
            {
                case null:
                    ctx.Response.Headers.Link = $"</v2/{Repo}/tags/list?n=2&last=b>; rel=\"next\"";
                    return WriteAsync(ctx, 200, Page("[\"a\",\"b\"]"), "application/json");
                case "b":
                    ctx.Response.Headers.Link = $"<{server!.BaseUrl}/v2/{Repo}/tags/list?n=2&last=d>; rel=\"next\"";
                    return WriteAsync(ctx, 200, Page("[\"c\",\"d\"]"), "application/json");
                case "d":
                    ctx.Response.Headers.Link = "<list?n=2&last=e>; rel=\"next\"";
                    return WriteAsync(ctx, 200, Page("[\"e\"]"), "application/json");
                default:
                    return WriteAsync(ctx, 200, Page("null"), "application/json");
            }
        });
        await using var _ = server;
        using var repo = Open(server);

        var tags = await repo.ListTagsAsync().ToListAsync();

        Assert.Equal(["a", "b", "c", "d", "e"], tags);
        Assert.Equal([null, "b", "d", "e"], server.Requests.Select(r => r.QueryValue("last")));
        Assert.All(server.Requests, r => Assert.Equal($"/v2/{Repo}/tags/list", r.Path));
        Assert.Null(server.Requests.First().QueryValue("n"));
    }

    [Fact]
    public async Task Cross_origin_next_link_is_refused_and_never_requested()
    {
        await using var elsewhere = await InProcessServer.StartAsync((ctx, _) => WriteAsync(ctx, 200, Page("[\"evil\"]")));
        await using var server = await InProcessServer.StartAsync((ctx, _) =>
        {
            ctx.Response.Headers.Link = $"<{elsewhere.BaseUrl}/v2/{Repo}/tags/list?last=b>; rel=\"next\"";
            return WriteAsync(ctx, 200, Page("[\"a\",\"b\"]"));
        });
        using var repo = Open(server);

        var seen = new List<string>();
        var ex = await Assert.ThrowsAsync<TofuOciException>(async () =>
        {
            await foreach (var tag in repo.ListTagsAsync())
            {
                seen.Add(tag);
            }
        });

        Assert.Equal(ErrorIds.RegistryError, ex.ErrorId);
        Assert.Contains("another origin", ex.Message, StringComparison.Ordinal);
        Assert.Empty(seen);
        Assert.Empty(elsewhere.Requests);
    }

    [Fact]
    public async Task Link_back_to_a_page_already_read_stops_the_listing()
    {
        await using var server = await InProcessServer.StartAsync((ctx, _) =>
        {
            ctx.Response.Headers.Link = $"</v2/{Repo}/tags/list>; rel=\"next\"";
            return WriteAsync(ctx, 200, Page("[\"a\"]"));
        });
        using var repo = Open(server);
        var ex = await Assert.ThrowsAsync<TofuOciException>(async () => await repo.ListTagsAsync().ToListAsync());
        Assert.Equal(ErrorIds.RegistryError, ex.ErrorId);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Missing_repository_is_not_found_with_the_registry_code()
    {
        await using var server = await InProcessServer.StartAsync((ctx, _) => ErrorAsync(ctx, 404, "NAME_UNKNOWN", "repository name not known to registry"));
        using var repo = Open(server);
        var ex = await Assert.ThrowsAsync<TofuOciException>(async () => await repo.ListTagsAsync().ToListAsync());
        Assert.Equal(ErrorIds.NotFound, ex.ErrorId);
        Assert.Equal($"{server.Authority}/{Repo}", ex.Target);
        Assert.Equal("NAME_UNKNOWN", Assert.Single(ex.RegistryErrors).Code);
    }

    [Fact]
    public async Task Html_error_page_gives_a_registry_error_without_details()
    {
        await using var server = await InProcessServer.StartAsync((ctx, _) =>
            WriteAsync(ctx, 500, Encoding.UTF8.GetBytes("<html><body>oops</body></html>"), "text/html"));
        using var repo = Open(server, tweak: o => new() { PlainHttp = true });
        var ex = await Assert.ThrowsAsync<TofuOciException>(async () => await repo.ListTagsAsync().ToListAsync());
        Assert.Equal(ErrorIds.RegistryError, ex.ErrorId);
        Assert.Equal(500, ex.StatusCode);
        Assert.Empty(ex.RegistryErrors);
        Assert.Single(server.Requests);
    }
}
