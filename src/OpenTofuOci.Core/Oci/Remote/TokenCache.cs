using System.Collections.Concurrent;

namespace OpenTofuOci.Core.Oci.Remote;

/// <summary>
/// What one repository client learned about a registry's authentication, so later requests send
/// credentials up front instead of paying a 401 round trip each time (and so a request whose body
/// cannot be replayed is not the one that meets the challenge). Tokens are keyed by canonical scope
/// set (<see cref="AuthScopes.Key"/>). Thread-safe: one repository may be used by parallel copies.
/// </summary>
internal sealed class TokenCache(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, CachedToken> _tokens = new(StringComparer.Ordinal);
    private volatile BearerEndpoint? _bearer;
    private volatile bool _basic;

    /// <summary>True once the registry challenged with Basic: send Basic preemptively from then on.</summary>
    public bool UsesBasic
    {
        get => _basic;
        set => _basic = value;
    }

    /// <summary>The token service named by the last Bearer challenge, used to fetch tokens for new scope sets up front.</summary>
    public BearerEndpoint? Bearer
    {
        get => _bearer;
        set => _bearer = value;
    }

    public string? TryGetToken(string scopeKey) =>
        _tokens.TryGetValue(scopeKey, out var t) && t.ExpiresAt > time.GetUtcNow() ? t.Token : null;

    public void Store(string scopeKey, string token, TimeSpan lifetime)
    {
        // Renew a little early so a token does not expire between being read here and reaching the registry.
        var margin = TimeSpan.FromTicks(Math.Min(TimeSpan.FromSeconds(5).Ticks, lifetime.Ticks / 2));
        _tokens[scopeKey] = new CachedToken(token, time.GetUtcNow() + lifetime - margin);
    }

    /// <summary>Drops a token the registry refused, unless another request already replaced it.</summary>
    public void Invalidate(string scopeKey, string token)
    {
        if (_tokens.TryGetValue(scopeKey, out var t) && t.Token == token)
        {
            _tokens.TryRemove(new KeyValuePair<string, CachedToken>(scopeKey, t));
        }
    }

    private sealed record CachedToken(string Token, DateTimeOffset ExpiresAt);
}

/// <summary>A token service: the <c>realm</c> and <c>service</c> of a Bearer challenge.</summary>
internal sealed record BearerEndpoint(Uri Realm, string? Service);
