using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using OpenTofuOci.Core.Credentials;
using OpenTofuOci.Core.Oci.Transport;

namespace OpenTofuOci.Core.Oci.Remote;

/// <summary>
/// The Docker token protocol: exchanging credentials for a Bearer token at the challenge's realm
/// (<see href="https://distribution.github.io/distribution/spec/auth/token/">token</see>,
/// <see href="https://distribution.github.io/distribution/spec/auth/oauth/">OAuth2 refresh</see>).
/// </summary>
internal sealed partial class RegistryHttpClient
{
    /// <summary>Sent as <c>client_id</c> with a refresh token, so registry logs can tell who asked.</summary>
    internal const string ClientId = "opentofuoci";

    private const int MaxTokenResponseBytes = 1024 * 1024;
    private static readonly TimeSpan DefaultTokenLifetime = TimeSpan.FromSeconds(60);

    // A caller-supplied access token has no lifetime we could know; the registry's 401 tells when it ends.
    private static readonly TimeSpan AccessTokenLifetime = TimeSpan.FromHours(12);

    private BearerEndpoint BearerEndpointOf(AuthChallenge bearer)
    {
        var realm = bearer["realm"];
        if (string.IsNullOrEmpty(realm) || !Uri.TryCreate(realm, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw RegistryErrors.Protocol(Registry, "its Bearer challenge has no valid absolute http(s) realm, so no token can be requested.");
        }

        return new BearerEndpoint(uri, bearer["service"]);
    }

    private async Task<(string Token, TimeSpan Lifetime)> FetchTokenAsync(BearerEndpoint endpoint, IReadOnlyList<string> scopes, bool write,
        CancellationToken cancellationToken)
    {
        var credential = await GetCredentialAsync(cancellationToken).ConfigureAwait(false);
        if (!string.IsNullOrEmpty(credential?.AccessToken))
        {
            return (credential.AccessToken, AccessTokenLifetime);
        }

        var realm = endpoint.Realm;
        RegistryRequest request;
        AuthenticationHeaderValue? auth = null;
        if (!string.IsNullOrEmpty(credential?.RefreshToken))
        {
            EnsureRealmMayReceiveSecrets(realm);
            var form = new List<KeyValuePair<string, string>>
            {
                new("grant_type", "refresh_token"),
            };
            if (endpoint.Service is not null)
            {
                form.Add(new("service", endpoint.Service));
            }

            // The OAuth2 form takes the scopes as one space-separated value.
            form.Add(new("scope", string.Join(' ', scopes)));
            form.Add(new("client_id", ClientId));
            form.Add(new("refresh_token", credential.RefreshToken));
            request = new RegistryRequest
            {
                Method = HttpMethod.Post,
                Uri = realm,
                Scopes = [],
                Content = () => new FormUrlEncodedContent(form),
                ContentReplayable = true,
                SecretContent = true,
                // A refresh-token grant changes nothing server-side, so it can be repeated.
                Idempotent = true,
            };
        }
        else
        {
            var query = new List<string>();
            if (endpoint.Service is not null)
            {
                query.Add("service=" + Uri.EscapeDataString(endpoint.Service));
            }

            query.AddRange(scopes.Select(s => "scope=" + Uri.EscapeDataString(s)));
            request = new RegistryRequest
            {
                Method = HttpMethod.Get,
                Uri = AppendQuery(realm, string.Join('&', query)),
                Scopes = [],
                Idempotent = true,
            };
            if (credential is { HasBasic: true })
            {
                EnsureRealmMayReceiveSecrets(realm);
                auth = BasicHeader(credential);
            }
        }

        using var response = await SendToRealmAsync(request, auth, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            var details = await RegistryErrorBody.ReadAsync(response, cancellationToken).ConfigureAwait(false);
            throw Unauthorized(credential, write, details, realm.Authority);
        }

        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw await ErrorAsync(response, request, null, "a token request", cancellationToken).ConfigureAwait(false);
        }

        var (body, truncated) = await HttpBody.ReadAsync(response.Content, MaxTokenResponseBytes, cancellationToken).ConfigureAwait(false);
        if (truncated)
        {
            throw RegistryErrors.Protocol(Registry, $"the token service {realm.Authority} sent more than {MaxTokenResponseBytes} bytes.");
        }

        return ParseToken(body, realm);
    }

    private (string Token, TimeSpan Lifetime) ParseToken(byte[] body, Uri realm)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            string? token = null;
            if (root.ValueKind == JsonValueKind.Object)
            {
                // "access_token" is the OAuth2 name and wins when both are present (docker/distribution does the same).
                foreach (var name in new[] { "access_token", "token" })
                {
                    if (root.TryGetProperty(name, out var t) && t.ValueKind == JsonValueKind.String && !string.IsNullOrEmpty(t.GetString()))
                    {
                        token = t.GetString();
                        break;
                    }
                }
            }

            if (token is null)
            {
                throw RegistryErrors.Protocol(Registry, $"the token service {realm.Authority} answered without a token.");
            }

            var lifetime = DefaultTokenLifetime;
            if (root.TryGetProperty("expires_in", out var e) && e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out var seconds) && seconds > 0)
            {
                lifetime = TimeSpan.FromSeconds(seconds);
            }

            return (token, lifetime);
        }
        catch (JsonException)
        {
            throw RegistryErrors.Protocol(Registry, $"the token service {realm.Authority} did not answer with JSON.");
        }
    }

    /// <summary>Token requests get the same redirect and retry handling, with credentials bound to the realm's origin.</summary>
    private async Task<HttpResponseMessage> SendToRealmAsync(RegistryRequest request, AuthenticationHeaderValue? auth, CancellationToken cancellationToken)
    {
        var started = _time.GetUtcNow();
        for (var attempt = 0; ; attempt++)
        {
            HttpResponseMessage response;
            try
            {
                (response, _) = await SendFollowingRedirectsAsync(request, auth, request.Uri, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (IsTransportFailure(ex, cancellationToken))
            {
                if (MayRetry(attempt, started) && !ConnectionErrors.IsPermanentTlsFailure(ex))
                {
                    await WaitBeforeRetryAsync(request, attempt, null, ex.GetType().Name, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                throw ConnectionErrors.ConnectionFailed(Registry, request.Method, request.Uri, ex, _options.TlsDiagnostics, attempt + 1);
            }

            if (RetryPolicy.IsRetryableStatus(response.StatusCode) && MayRetry(attempt, started))
            {
                var asked = RetryPolicy.RetryAfter(response, _options.MaxRetryDelay, _time.GetUtcNow());
                var status = $"{(int)response.StatusCode}";
                response.Dispose();
                await WaitBeforeRetryAsync(request, attempt, asked, status, cancellationToken).ConfigureAwait(false);
                continue;
            }

            return response;
        }
    }

    /// <summary>
    /// Passwords and refresh tokens travel to the realm only over https, to a loopback realm, or to
    /// the very host the user allowed plain HTTP for.
    /// </summary>
    private void EnsureRealmMayReceiveSecrets(Uri realm)
    {
        if (realm.Scheme == Uri.UriSchemeHttps || realm.IsLoopback
            || (_options.PlainHttp && string.Equals(realm.Authority, Origin.Authority, StringComparison.OrdinalIgnoreCase)))
        {
            return;
        }

        throw RegistryErrors.InsecureRealm(Registry, realm);
    }

    internal static Uri AppendQuery(Uri uri, string query)
    {
        if (query.Length == 0)
        {
            return uri;
        }

        var text = uri.AbsoluteUri;
        var fragment = text.IndexOf('#', StringComparison.Ordinal);
        if (fragment >= 0)
        {
            text = text[..fragment];
        }

        var separator = !text.Contains('?', StringComparison.Ordinal) ? "?" : text.EndsWith('?') || text.EndsWith('&') ? string.Empty : "&";
        return new Uri(text + separator + query);
    }
}
