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
using OpenTofuOci.Core.Tests.Remote;

namespace OpenTofuOci.Core.Tests.Transport;

/// <summary>
/// A Kestrel server on 127.0.0.1 over HTTPS with a test certificate, for what a real registry will
/// not do on demand (redirect to plain HTTP, set cookies, present a certificate for another name).
/// Every request is recorded with its headers before the handler runs.
/// </summary>
internal sealed class TlsInProcessServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TlsInProcessServer(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }

    public string Authority => $"127.0.0.1:{Port}";

    public string BaseUrl => $"https://{Authority}";

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public static async Task<TlsInProcessServer> StartAsync(X509Certificate2 certificate, Func<HttpContext, RecordedRequest, Task> handler)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0, l => l.UseHttps(certificate)));
        var app = builder.Build();
        TlsInProcessServer? server = null;
        app.Run(async ctx =>
        {
            var headers = ctx.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            var recorded = new RecordedRequest(ctx.Request.Method, ctx.Request.Path.Value ?? "", ctx.Request.QueryString.Value ?? "", headers, [], true);
            server!.Requests.Enqueue(recorded);
            await handler(ctx, recorded);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server = new TlsInProcessServer(app, new Uri(address).Port);
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
