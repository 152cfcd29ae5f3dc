using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;

namespace OpenTofuOci.Core.Tests.Remote;

/// <summary>
/// A small loopback HTTP proxy in front of a real registry that breaks the connections of the writes
/// (POST, PATCH, PUT) <see cref="ShouldReset"/> picks: before forwarding (the registry never sees the
/// request) or after (the registry acted, the answer is lost). The registry is told the proxy's host,
/// so the upload Locations it hands out lead back through the proxy.
/// </summary>
internal sealed class ResettingProxy : IAsyncDisposable
{
    private static readonly HashSet<string> HopHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Connection", "Transfer-Encoding", "Keep-Alive", "Content-Length", "Content-Type", "Content-Range",
    };

    private readonly string _registry;
    private readonly HttpClient _http = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });
    private InProcessServer? _server;
    private int _writes;

    private ResettingProxy(string registry) => _registry = registry;

    /// <summary>Given the 1-based number of a write, whether to reset it, and whether after forwarding it.</summary>
    public Func<int, RecordedRequest, (bool Reset, bool AfterForwarding)> ShouldReset { get; set; } = (_, _) => (false, false);

    /// <summary>host:port of the proxy, usable as a registry name.</summary>
    public string Authority => _server!.Authority;

    /// <summary>Every request the proxy received, in order.</summary>
    public ConcurrentQueue<RecordedRequest> Requests => _server!.Requests;

    /// <summary>The writes reset so far: method, path and whether the registry saw them.</summary>
    public ConcurrentQueue<(string Method, string Path, bool Forwarded)> Resets { get; } = new();

    public static async Task<ResettingProxy> StartAsync(string registry)
    {
        var proxy = new ResettingProxy(registry);
        proxy._server = await InProcessServer.StartAsync(proxy.ForwardAsync);
        return proxy;
    }

    private async Task ForwardAsync(HttpContext ctx, RecordedRequest r)
    {
        var (reset, after) = r.Method is "POST" or "PATCH" or "PUT" ? ShouldReset(Interlocked.Increment(ref _writes), r) : (false, false);
        if (reset && !after)
        {
            Resets.Enqueue((r.Method, r.Path, false));
            ctx.Abort();
            return;
        }

        using var request = new HttpRequestMessage(new HttpMethod(r.Method), $"http://{_registry}{r.Path}{r.Query}");
        request.Headers.Host = Authority;
        foreach (var (name, value) in r.Headers.Where(h => !HopHeaders.Contains(h.Key)))
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        if (r.Body.Length > 0 || r.Method is "PUT" or "PATCH")
        {
            request.Content = new ByteArrayContent(r.Body);
            foreach (var name in new[] { "Content-Type", "Content-Range" })
            {
                if (r.Header(name) is { } value)
                {
                    request.Content.Headers.TryAddWithoutValidation(name, value);
                }
            }
        }

        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ctx.RequestAborted);
        if (reset)
        {
            Resets.Enqueue((r.Method, r.Path, true));
            ctx.Abort();
            return;
        }

        ctx.Response.StatusCode = (int)response.StatusCode;
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            var bodiless = response.StatusCode is System.Net.HttpStatusCode.NoContent or System.Net.HttpStatusCode.NotModified;
            if (!HopHeaders.Contains(name) || name is "Content-Type" or "Content-Range" || (name == "Content-Length" && !bodiless))
            {
                ctx.Response.Headers[name] = values.ToArray();
            }
        }

        if (r.Method != "HEAD")
        {
            await response.Content.CopyToAsync(ctx.Response.Body, ctx.RequestAborted);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _http.Dispose();
    }
}
