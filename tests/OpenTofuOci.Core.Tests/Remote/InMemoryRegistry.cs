using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using OpenTofuOci.Core.Oci;
using static OpenTofuOci.Core.Tests.Remote.RemoteTestKit;

namespace OpenTofuOci.Core.Tests.Remote;

/// <summary>A tiny registry: blobs and manifests in memory, upload sessions that move on every PATCH.</summary>
internal sealed class InMemoryRegistry
{
    public ConcurrentDictionary<string, byte[]> Blobs { get; } = new();
    public ConcurrentDictionary<string, (string Type, byte[] Bytes)> Manifests { get; } = new();
    public ConcurrentDictionary<string, MemoryStream> Sessions { get; } = new();
    public Func<HttpContext, RecordedRequest, Task<bool>>? Override { get; init; }
    public bool AbsoluteLocations { get; init; }
    public string BaseUrl { get; set; } = "";
    private int _next;

    private string Location(string id, int step) =>
        (AbsoluteLocations ? BaseUrl : "") + $"/v2/{Repo}/blobs/uploads/{id}?_state=s{step}";

    public async Task HandleAsync(HttpContext ctx, RecordedRequest r)
    {
        if (Override is not null && await Override(ctx, r))
        {
            return;
        }

        var blobs = $"/v2/{Repo}/blobs/";
        var manifests = $"/v2/{Repo}/manifests/";
        if (r.Path.StartsWith(blobs + "uploads/", StringComparison.Ordinal))
        {
            var id = r.Path[(blobs + "uploads/").Length..];
            switch (r.Method)
            {
                case "POST":
                    id = $"u{Interlocked.Increment(ref _next)}";
                    Sessions[id] = new MemoryStream();
                    ctx.Response.Headers.Location = Location(id, 0);
                    await WriteAsync(ctx, 202);
                    return;
                case "PATCH":
                    Sessions[id].Write(r.Body);
                    ctx.Response.Headers.Location = Location(id, (int)Sessions[id].Length);
                    await WriteAsync(ctx, 202);
                    return;
                case "PUT":
                    Sessions[id].Write(r.Body);
                    var digest = r.QueryValue("digest")!;
                    Blobs[digest] = Sessions[id].ToArray();
                    Sessions.TryRemove(id, out _);
                    await WriteAsync(ctx, 201, digest: digest);
                    return;
                case "GET":
                    // Upload status: how many bytes the session holds, the distribution way ("0-0" when empty).
                    if (!Sessions.TryGetValue(id, out var held))
                    {
                        await ErrorAsync(ctx, 404, "BLOB_UPLOAD_UNKNOWN", "blob upload unknown");
                        return;
                    }

                    ctx.Response.Headers.Location = Location(id, (int)held.Length);
                    ctx.Response.Headers["Range"] = $"0-{Math.Max(0, held.Length - 1)}";
                    await WriteAsync(ctx, 204);
                    return;
                case "DELETE":
                    Sessions.TryRemove(id, out _);
                    await WriteAsync(ctx, 204);
                    return;
            }
        }

        if (r.Path.StartsWith(blobs, StringComparison.Ordinal) && r.Method is "HEAD" or "GET")
        {
            var d = r.Path[blobs.Length..];
            await (Blobs.TryGetValue(d, out var b) ? WriteAsync(ctx, 200, b, digest: d) : ErrorAsync(ctx, 404, "BLOB_UNKNOWN", "blob unknown"));
            return;
        }

        if (r.Path.StartsWith(manifests, StringComparison.Ordinal))
        {
            var reference = r.Path[manifests.Length..];
            if (r.Method == "PUT")
            {
                var digest = Digest.Compute(r.Body).ToString();
                Manifests[reference] = (r.Header("Content-Type")!, r.Body);
                Manifests[digest] = (r.Header("Content-Type")!, r.Body);
                await WriteAsync(ctx, 201, digest: digest);
                return;
            }

            if (Manifests.TryGetValue(reference, out var m))
            {
                await WriteAsync(ctx, 200, m.Bytes, m.Type, Digest.Compute(m.Bytes).ToString());
                return;
            }

            await ErrorAsync(ctx, 404, "MANIFEST_UNKNOWN", "manifest unknown");
            return;
        }

        await WriteAsync(ctx, 404);
    }

    /// <summary>Serves <paramref name="registry"/> (a fresh one when null) from an in-process server.</summary>
    public static async Task<(InProcessServer Server, InMemoryRegistry Registry)> StartAsync(InMemoryRegistry? registry = null)
    {
        registry ??= new InMemoryRegistry();
        var server = await InProcessServer.StartAsync(registry.HandleAsync);
        registry.BaseUrl = server.BaseUrl;
        return (server, registry);
    }
}
