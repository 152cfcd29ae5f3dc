using System.Net;
using Microsoft.AspNetCore.Http;

namespace OpenTofuOci.Core.Tests.Providers.Installing;

/// <summary>
/// What the in-process proxies in front of a real docker-registry share: forwarding one request and
/// copying the answer's status and headers; the caller then sends, changes or withholds the body.
/// </summary>
internal static class RegistryForwarding
{
    private static readonly HttpClient Upstream = new(new SocketsHttpHandler { AllowAutoRedirect = false, AutomaticDecompression = DecompressionMethods.None });

    /// <summary>
    /// Sends <paramref name="r"/> to <paramref name="registry"/> with its <c>Accept</c> and, unless
    /// <paramref name="dropRange"/>, its <c>Range</c>; copies the answer's status and headers (and its
    /// length) into <paramref name="ctx"/>; returns the status and the whole body.
    /// </summary>
    public static async Task<(HttpStatusCode Status, byte[] Body)> ForwardAsync(HttpContext ctx, RecordedRequest r, string registry, bool dropRange = false)
    {
        using var request = new HttpRequestMessage(new HttpMethod(r.Method), $"http://{registry}{r.Path}{r.Query}");
        foreach (var header in dropRange ? ["Accept"] : new[] { "Accept", "Range" })
        {
            if (r.Header(header) is { } value)
            {
                request.Headers.TryAddWithoutValidation(header, value);
            }
        }

        using var response = await Upstream.SendAsync(request);
        var body = await response.Content.ReadAsByteArrayAsync();
        ctx.Response.StatusCode = (int)response.StatusCode;
        foreach (var (key, values) in response.Headers.Concat(response.Content.Headers))
        {
            if (key is not ("Transfer-Encoding" or "Connection" or "Content-Length"))
            {
                ctx.Response.Headers[key] = values.ToArray();
            }
        }

        ctx.Response.ContentLength = response.Content.Headers.ContentLength ?? body.Length;
        return (response.StatusCode, body);
    }
}
