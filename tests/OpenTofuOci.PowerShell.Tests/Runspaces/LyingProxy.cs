using Microsoft.AspNetCore.Http;
using OpenTofuOci.TestFixtures;

namespace OpenTofuOci.PowerShell.Tests.Runspaces;

/// <summary>
/// An in-process HTTP proxy in front of a real registry that passes every request through unchanged
/// except the blob <see cref="LieAbout"/>, whose body comes back with one byte flipped (same length,
/// honest headers). A real registry never serves corrupted content on demand; this is the smallest
/// lie that a client must catch only by hashing what it received.
/// </summary>
public sealed class LyingProxy : IAsyncDisposable
{
    private static readonly string[] RequestHeaders = ["Authorization", "Accept", "Content-Type", "Range"];
    private static readonly string[] ResponseHeaders = ["Content-Type", "Docker-Content-Digest", "WWW-Authenticate", "Docker-Distribution-API-Version", "Location"];

    private readonly InProcessServer _server;
    private readonly HttpClient _http;

    private LyingProxy(InProcessServer server, HttpClient http)
    {
        _server = server;
        _http = http;
    }

    /// <summary>host:port of the proxy, usable as a registry name (plain HTTP).</summary>
    public string Address => _server.Authority;

    /// <summary>How many times the lie was told.</summary>
    public int Lies { get; private set; }

    /// <param name="registry">host:port of the real registry (plain HTTP).</param>
    /// <param name="lieAbout">The blob digest whose content is corrupted.</param>
    public static async Task<LyingProxy> StartAsync(string registry, string lieAbout)
    {
        var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });
        LyingProxy? proxy = null;
        var server = await InProcessServer.StartAsync(async (ctx, recorded) =>
        {
            using var request = new HttpRequestMessage(new HttpMethod(recorded.Method), $"http://{registry}{recorded.Path}{recorded.Query}");
            if (recorded.Body.Length > 0)
            {
                request.Content = new ByteArrayContent(recorded.Body);
            }

            foreach (var name in RequestHeaders)
            {
                if (recorded.Header(name) is { } value && !request.Headers.TryAddWithoutValidation(name, value))
                {
                    request.Content?.Headers.TryAddWithoutValidation(name, value);
                }
            }

            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead);
            var body = await response.Content.ReadAsByteArrayAsync();
            if (recorded.Method == "GET" && recorded.Path.EndsWith("/blobs/" + lieAbout, StringComparison.Ordinal) && body.Length > 0)
            {
                body[body.Length / 2] ^= 0xff;
                proxy!.Lies++;
            }

            ctx.Response.StatusCode = (int)response.StatusCode;
            foreach (var name in ResponseHeaders)
            {
                if (response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values))
                {
                    ctx.Response.Headers[name] = values.ToArray();
                }
            }

            if (HttpMethods.IsHead(recorded.Method))
            {
                ctx.Response.ContentLength = response.Content.Headers.ContentLength;
            }
            else
            {
                ctx.Response.ContentLength = body.Length;
                await ctx.Response.Body.WriteAsync(body);
            }
        });
        proxy = new LyingProxy(server, http);
        return proxy;
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _http.Dispose();
    }
}
