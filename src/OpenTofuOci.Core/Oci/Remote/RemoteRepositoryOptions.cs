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

    /// <summary>
    /// How many times an idempotent request is retried on connection failure, a stall, 429, 502, 503
    /// or 504; also how many times a body cut off is resumed and a body failing its digest is fetched
    /// again. Default <see cref="RetrySettings.DefaultMaxRetries"/>; 0 = never retry.
    /// </summary>
    public int MaxRetries { get; init; } = RetrySettings.DefaultMaxRetries;

    /// <summary>First backoff delay; doubled each retry with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Longest wait between attempts, including one asked for by <c>Retry-After</c>.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>No retry starts once this long has passed since an operation's first attempt.</summary>
    public TimeSpan RetryDeadline { get; init; } = RetrySettings.DefaultDeadline;

    /// <summary>Longest wait for response headers (of a request without a streamed body) or for the next body bytes.</summary>
    public TimeSpan IdleTimeout { get; init; } = RetrySettings.DefaultIdleTimeout;

    /// <summary>Most tag-list pages read before the listing stops with <c>TagListTooLarge</c>.</summary>
    public int MaxTagPages { get; init; } = DefaultMaxTagPages;

    /// <summary>Most tags read before the listing stops with <c>TagListTooLarge</c>.</summary>
    public int MaxTags { get; init; } = DefaultMaxTags;

    /// <summary>The default <see cref="MaxTagPages"/>: 10,000.</summary>
    public const int DefaultMaxTagPages = 10_000;

    /// <summary>The default <see cref="MaxTags"/>: 1,000,000.</summary>
    public const int DefaultMaxTags = 1_000_000;

    /// <summary>The retry numbers as one value, for the content readers.</summary>
    public RetrySettings Retries => new()
    {
        MaxRetries = MaxRetries,
        BaseDelay = RetryBaseDelay,
        MaxDelay = MaxRetryDelay,
        Deadline = RetryDeadline,
        IdleTimeout = IdleTimeout,
    };

    /// <summary>Most redirects followed for one request.</summary>
    public int MaxRedirects { get; init; } = 10;

    /// <summary>Receives one line per retry (what failed, which attempt, how long the wait); null sends them to <see cref="Log"/>.</summary>
    public Action<string>? RetryLog { get; init; }

    /// <summary>Receives one line per HTTP exchange (method, URL without query secrets, status) for -Debug.</summary>
    public Action<string>? Log { get; init; }
}
