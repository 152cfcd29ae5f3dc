namespace OpenTofuOci.Core.Oci.Remote;

/// <summary>
/// One logical registry request. The pipeline may send it several times (after a challenge, a
/// redirect or a transient failure), so it describes how to build each attempt rather than being an
/// <see cref="HttpRequestMessage"/>, which can be sent only once.
/// </summary>
internal sealed class RegistryRequest
{
    public required HttpMethod Method { get; init; }

    public required Uri Uri { get; init; }

    /// <summary>Token scopes this request needs, e.g. <c>repository:a/b:pull</c>.</summary>
    public required IReadOnlyList<string> Scopes { get; init; }

    /// <summary>Media types for <c>Accept</c>, in order of preference; null for none.</summary>
    public IReadOnlyList<string>? Accept { get; init; }

    /// <summary>Builds the body of an attempt; null for no body.</summary>
    public Func<HttpContent>? Content { get; init; }

    /// <summary>True when <see cref="Content"/> can be built again (bytes held in memory). A body
    /// streamed from the caller's stream can be sent once only.</summary>
    public bool ContentReplayable { get; init; }

    /// <summary>True when repeating the request after a connection failure, 429 or 502–504 cannot
    /// do harm (GET, HEAD, PUT of a manifest held in memory). Starting an upload is not.</summary>
    public bool Idempotent { get; init; }

    /// <summary>True when <see cref="Content"/> carries a secret (a refresh token): it is never resent to
    /// another origin, whatever a redirect says.</summary>
    public bool SecretContent { get; init; }

    /// <summary>The first byte wanted (<c>Range: bytes=N-</c>), to resume a body cut off; null for all of it.</summary>
    public long? RangeFrom { get; init; }

    /// <summary>True when the request may be sent again after a challenge: nothing was consumed.</summary>
    public bool Resendable => Content is null || ContentReplayable;
}
