using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OpenTofuOci.TestFixtures;

/// <summary>One HTTP exchange as the in-process server saw it.</summary>
public sealed record RecordedRequest(string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers, byte[] Body, bool BodyComplete)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var v) ? v : null;

    public string? QueryValue(string name) =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(Query).TryGetValue(name, out var v) ? v.ToString() : null;
}

/// <summary>
/// A Kestrel server on 127.0.0.1 with a test-supplied handler, used to make a "registry" misbehave
/// in ways a real registry will not do on demand (lying headers, redirects to other hosts, 503s,
/// pagination; over HTTPS with a test certificate: redirects to plain HTTP, cookies, a certificate for
/// another name). Every request is recorded with its headers and body before the handler runs.
/// </summary>
public sealed class InProcessServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private InProcessServer(WebApplication app, int port, bool https)
    {
        _app = app;
        Port = port;
        BaseUrl = $"{(https ? "https" : "http")}://{Authority}";
    }

    public int Port { get; }

    /// <summary>host:port, usable as a registry name.</summary>
    public string Authority => $"127.0.0.1:{Port}";

    public string BaseUrl { get; }

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public IReadOnlyList<RecordedRequest> RequestsTo(string pathPrefix) =>
        Requests.Where(r => r.Path.StartsWith(pathPrefix, StringComparison.Ordinal)).ToList();

    /// <param name="handler">Answers every request.</param>
    /// <param name="certificate">With one, the server speaks HTTPS with this certificate.</param>
    public static async Task<InProcessServer> StartAsync(Func<HttpContext, RecordedRequest, Task> handler, X509Certificate2? certificate = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0, l =>
        {
            if (certificate is not null)
            {
                l.UseHttps(certificate);
            }
        }));
        var app = builder.Build();
        InProcessServer? server = null;
        app.Run(async ctx =>
        {
            byte[] body;
            var complete = true;
            using (var ms = new MemoryStream())
            {
                try
                {
                    await ctx.Request.Body.CopyToAsync(ms);
                }
                catch (Exception ex) when (ex is IOException or BadHttpRequestException or OperationCanceledException)
                {
                    complete = false;
                }

                body = ms.ToArray();
            }

            var headers = ctx.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            var recorded = new RecordedRequest(ctx.Request.Method, ctx.Request.Path.Value ?? "", ctx.Request.QueryString.Value ?? "", headers, body, complete);
            server!.Requests.Enqueue(recorded);
            if (!complete)
            {
                return;
            }

            await handler(ctx, recorded);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server = new InProcessServer(app, new Uri(address).Port, certificate is not null);
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
