using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using OpenTofuOci.Core.Credentials;
using OpenTofuOci.Core.Oci;
using OpenTofuOci.Core.Oci.Remote;

namespace OpenTofuOci.Core.Tests.Remote;

/// <summary>Shared helpers for the in-process registry tests.</summary>
internal static class RemoteTestKit
{
    public const string Repo = "team/repo";

    public static RemoteRepository Open(InProcessServer server, ICredentialProvider? credentials = null, ConcurrentQueue<string>? log = null,
        Func<RemoteRepositoryOptions, RemoteRepositoryOptions>? tweak = null, string repository = Repo)
    {
        var options = new RemoteRepositoryOptions
        {
            PlainHttp = true,
            Credentials = credentials ?? AnonymousCredentialProvider.Instance,
            RetryBaseDelay = TimeSpan.FromMilliseconds(1),
            Log = log is null ? null : log.Enqueue,
        };
        return new RemoteRepository(server.Authority, repository, tweak is null ? options : tweak(options));
    }

    public static byte[] RandomBytes(int n) => RandomNumberGenerator.GetBytes(n);

    public static Descriptor Blob(byte[] bytes) => Descriptor.FromBytes(MediaTypes.Zip, bytes);

    public static byte[] ManifestBytes(string seed = "x") => Encoding.UTF8.GetBytes(
        $$$"""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.empty.v1+json","digest":"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a","size":2},"layers":[],"annotations":{"seed":"{{{seed}}}"}}""");

    public static Descriptor Manifest(byte[] bytes) => Descriptor.FromBytes(MediaTypes.ImageManifest, bytes);

    public static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        await using (stream)
        {
            using var ms = new MemoryStream();
            await stream.CopyToAsync(ms);
            return ms.ToArray();
        }
    }

    public static async Task WriteAsync(HttpContext ctx, int status, byte[]? body = null, string? contentType = null, string? digest = null, bool chunked = false)
    {
        ctx.Response.StatusCode = status;
        if (contentType is not null)
        {
            ctx.Response.ContentType = contentType;
        }

        if (digest is not null)
        {
            ctx.Response.Headers["Docker-Content-Digest"] = digest;
        }

        if (body is not null)
        {
            if (!chunked)
            {
                ctx.Response.ContentLength = body.Length;
            }

            if (!HttpMethods.IsHead(ctx.Request.Method))
            {
                await ctx.Response.Body.WriteAsync(body);
            }
        }
    }

    public static Task ErrorAsync(HttpContext ctx, int status, string code, string message) =>
        WriteAsync(ctx, status, Encoding.UTF8.GetBytes($$"""{"errors":[{"code":"{{code}}","message":"{{message}}","detail":null}]}"""), "application/json");

    /// <summary>Waits until a condition holds: the server records an aborted request a moment after the client gave up on it.</summary>
    public static async Task EventuallyAsync(Func<bool> condition)
    {
        for (var i = 0; i < 100 && !condition(); i++)
        {
            await Task.Delay(20);
        }
    }

    public static string BasicValue(string user, string password) =>
        "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));

    /// <summary>A credential provider that counts how often it is asked.</summary>
    public sealed class CountingProvider(RegistryCredential? credential) : ICredentialProvider
    {
        private int _calls;

        public int Calls => _calls;

        public ValueTask<RegistryCredential?> GetCredentialAsync(string registry, string repository, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _calls);
            return ValueTask.FromResult(credential);
        }
    }
}
