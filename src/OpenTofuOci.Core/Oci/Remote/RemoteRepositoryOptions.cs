using OpenTofuOci.Core.Credentials;
using OpenTofuOci.Core.Oci.Transport;

namespace OpenTofuOci.Core.Oci.Remote;

/// <summary>
/// Options for <see cref="RemoteRepository"/>. One <see cref="HttpClient"/> (or handler) is shared
/// across repositories; per-request headers are set on each request, never on the client.
/// </summary>
public sealed class RemoteRepositoryOptions
{
    /// <summary>HTTP handler to use (e.g. one that trusts a private CA). It is assumed to be configured
    /// with <c>AllowAutoRedirect = false</c> (the client follows redirects itself so it can drop
    /// <c>Authorization</c> on another host) and without automatic decompression (digests are over the
    /// bytes as stored). It is never disposed by the repository. When null, a process-wide
    /// <see cref="SocketsHttpHandler"/> configured that way is used.</summary>
    public HttpMessageHandler? Handler { get; init; }

    /// <summary>What the TLS callbacks of <see cref="Handler"/> saw, to explain failed handshakes; null for a caller-supplied handler.</summary>
    public TlsDiagnostics? TlsDiagnostics { get; init; }

    /// <summary>Use <c>http://</c> instead of <c>https://</c>; only when the user opted in for this registry.</summary>
    public bool PlainHttp { get; init; }

    /// <summary>Credentials, asked for lazily after a 401.</summary>
    public ICredentialProvider Credentials { get; init; } = AnonymousCredentialProvider.Instance;

    /// <summary>
    /// Blobs larger than this are uploaded in chunks (PATCH); smaller ones in one streamed PUT (the
    /// body is read from the source through one fixed buffer, never held in memory). Default 1 GiB,
    /// so typical provider packages go up in one request; chunking costs a round trip per chunk.
    /// </summary>
    public long ChunkedUploadThreshold { get; init; } = DefaultChunkedUploadThreshold;

    /// <summary>The default <see cref="ChunkedUploadThreshold"/>: 1 GiB.</summary>
    public const long DefaultChunkedUploadThreshold = 1L << 30;

    /// <summary>Size of each PATCH chunk.</summary>
    public int ChunkSize { get; init; } = 16 * 1024 * 1024;

    /// <summary>How many times an idempotent request is retried on connection failure, 429, 502, 503 or 504.</summary>
    public int MaxRetries { get; init; } = 3;

    /// <summary>First backoff delay; doubled each retry with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Longest wait honoured from a <c>Retry-After</c> header.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Most redirects followed for one request.</summary>
    public int MaxRedirects { get; init; } = 10;

    /// <summary>Receives one line per HTTP exchange (method, URL without query secrets, status) for -Debug.</summary>
    public Action<string>? Log { get; init; }
}
