using System.Net;
using System.Net.Http.Headers;
using System.Reflection;
using System.Runtime.ExceptionServices;
using OpenTofuOci.Core.Credentials;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci.Transport;

namespace OpenTofuOci.Core.Oci.Remote;

/// <summary>
/// The request pipeline of one repository client: authentication (anonymous first, then the
/// challenge's scheme), redirects followed by hand so <c>Authorization</c> never leaves the
/// registry's origin, retries of idempotent requests, per-request <c>User-Agent</c> and the debug log.
/// Kept free of <see cref="DelegatingHandler"/>s so a caller-supplied handler (private CA, proxy) is
/// used as is. See docs/oci-registries.md "Authentication" and docs/opentofu-compatibility.md §4.2.
/// </summary>
internal sealed partial class RegistryHttpClient : IDisposable
{
    // Redirects are followed here, not by the handler: the handler would forward Authorization to
    // object storage. Shared so connections are pooled across repositories; never disposed.
    private static readonly SocketsHttpHandler SharedHandler = new()
    {
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        // Cookies would be kept across hosts and commands; registries need none.
        UseCookies = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectTimeout = TimeSpan.FromSeconds(30),
    };

    private static readonly string UserAgent = "OpenTofuOci/" + (typeof(RegistryHttpClient).Assembly
        .GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0");

    private readonly HttpClient _http;
    private readonly RemoteRepositoryOptions _options;
    private readonly TokenCache _cache;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _credentialLock = new(1, 1);
    private RegistryCredential? _credential;
    private volatile bool _credentialLoaded;

    public RegistryHttpClient(string registry, string repository, RemoteRepositoryOptions options)
    {
        Registry = registry;
        Repository = repository;
        _options = options;
        _time = TimeProvider.System;
        _cache = new TokenCache(_time);
        Origin = new Uri($"{(options.PlainHttp ? "http" : "https")}://{Endpoint(registry)}/");
        _http = new HttpClient(options.Handler ?? SharedHandler, disposeHandler: false)
        {
            // Blob transfers of hundreds of MB outlast any fixed timeout; callers cancel instead.
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    public string Registry { get; }

    public string Repository { get; }

    /// <summary><c>scheme://registry/</c>: the only origin credentials for the registry are sent to.</summary>
    public Uri Origin { get; }

    /// <summary>
    /// The host serving a registry's API. Docker Hub is named <c>docker.io</c> in references but serves
    /// the API at <c>registry-1.docker.io</c>, which ORAS-Go (and so OpenTofu) and docker map the same
    /// way; credentials are still looked up for the name as written.
    /// </summary>
    public static string Endpoint(string registry) =>
        string.Equals(registry, "docker.io", StringComparison.OrdinalIgnoreCase) ? "registry-1.docker.io" : registry;

    /// <summary>
    /// Sends a request through authentication, redirects and retries and returns the final response
    /// whatever its status (the caller interprets it), except that a 401 it could not get past
    /// throws <see cref="ErrorIds.Unauthorized"/> and network failures throw
    /// <see cref="ErrorIds.ConnectionFailed"/>. The caller disposes the response.
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(RegistryRequest request, CancellationToken cancellationToken)
    {
        var scopes = AuthScopes.Merge(request.Scopes);
        var scopeKey = AuthScopes.Key(scopes);
        var write = scopes.Any(s => s.Contains(AuthScopes.Push, StringComparison.Ordinal) || s.Contains(AuthScopes.Delete, StringComparison.Ordinal));
        var auth = await PreemptiveAuthAsync(scopes, scopeKey, cancellationToken).ConfigureAwait(false);

        // A credential obtained during this call that still fails will not get better by retrying;
        // one served from the cache may just have expired, so it gets one fresh attempt.
        var authIsFresh = auth.Fresh;
        var widened = false;
        var transientRetries = 0;
        var started = _time.GetUtcNow();
        var sent = false;

        while (true)
        {
            if (sent && !request.Resendable)
            {
                throw new InvalidOperationException("A request with a streamed body cannot be sent twice.");
            }

            HttpResponseMessage response;
            Uri responseUri;
            try
            {
                sent = true;
                (response, responseUri) = await SendFollowingRedirectsAsync(request, auth.Header, Origin, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (IsTransportFailure(ex, cancellationToken))
            {
                RethrowOwnFailure(ex);
                // A refused certificate is refused again on retry; only the wait would differ.
                if (request.Idempotent && MayRetry(transientRetries, started) && !ConnectionErrors.IsPermanentTlsFailure(ex))
                {
                    await WaitBeforeRetryAsync(request, transientRetries++, null, ex.GetType().Name, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                throw ConnectionErrors.ConnectionFailed(Registry, request.Method, request.Uri, ex, _options.TlsDiagnostics, transientRetries + 1);
            }

            if (RetryPolicy.IsRetryableStatus(response.StatusCode) && request.Idempotent)
            {
                if (MayRetry(transientRetries, started))
                {
                    var asked = response.StatusCode == HttpStatusCode.TooManyRequests ? RetryPolicy.RetryAfter(response, _options.MaxRetryDelay, _time.GetUtcNow()) : null;
                    var status = $"{(int)response.StatusCode}";
                    response.Dispose();
                    await WaitBeforeRetryAsync(request, transientRetries++, asked, status, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                if (transientRetries > 0)
                {
                    using (response)
                    {
                        throw RegistryErrors.AfterAttempts(await ErrorAsync(response, request, null, "a request", cancellationToken).ConfigureAwait(false), transientRetries + 1);
                    }
                }
            }

            if (response.StatusCode != HttpStatusCode.Unauthorized || !SafeUrl.SameOrigin(responseUri, Origin))
            {
                return response;
            }

            var challenges = ReadChallenges(response);
            var details = await RegistryErrorBody.ReadAsync(response, cancellationToken).ConfigureAwait(false);
            response.Dispose();

            var bearer = challenges.FirstOrDefault(c => c.IsBearer);
            var basic = challenges.FirstOrDefault(c => c.IsBasic);
            if (bearer is not null)
            {
                var insufficient = string.Equals(bearer["error"], "insufficient_scope", StringComparison.Ordinal);
                var mayRetry = !authIsFresh || (insufficient && !widened && auth.Header is not null);
                if (!mayRetry || !request.Resendable)
                {
                    throw Unauthorized(_credential, write, details);
                }

                if (authIsFresh)
                {
                    widened = true;
                }

                if (auth.Header?.Parameter is { } stale)
                {
                    _cache.Invalidate(scopeKey, stale);
                }

                var endpoint = BearerEndpointOf(bearer);
                _cache.Bearer = endpoint;
                var wanted = AuthScopes.Merge(scopes.Concat(SplitScopes(bearer["scope"])));
                var token = await FetchTokenAsync(endpoint, wanted, write, cancellationToken).ConfigureAwait(false);
                _cache.Store(scopeKey, token.Token, token.Lifetime);
                auth = (new AuthenticationHeaderValue("Bearer", token.Token), true);
                authIsFresh = true;
                continue;
            }

            if (basic is not null)
            {
                if (string.Equals(auth.Header?.Scheme, "Basic", StringComparison.Ordinal) || !request.Resendable)
                {
                    throw Unauthorized(_credential, write, details);
                }

                var credential = await GetCredentialAsync(cancellationToken).ConfigureAwait(false);
                if (credential is null || !credential.HasBasic)
                {
                    throw Unauthorized(credential is { HasBasic: false } ? null : credential, write, details);
                }

                _cache.UsesBasic = true;
                auth = (BasicHeader(credential), true);
                authIsFresh = true;
                continue;
            }

            // No challenge we understand: nothing to retry with.
            throw Unauthorized(_credential, write, details);
        }
    }

    /// <summary>True while retries are left and the deadline since <paramref name="started"/> has not passed.</summary>
    internal bool MayRetry(int retriesSoFar, DateTimeOffset started) =>
        retriesSoFar < _options.MaxRetries && _time.GetUtcNow() - started < _options.RetryDeadline;

    /// <summary>Longest wait for response headers or the next body bytes.</summary>
    internal TimeSpan IdleTimeout => _options.IdleTimeout;

    /// <summary>The time source of retries and deadlines.</summary>
    internal TimeProvider Time => _time;

    /// <summary>Waits before retry <paramref name="retry"/> (0 for the first): what the server asked for, else backoff; logs why.</summary>
    internal Task WaitBeforeRetryAsync(RegistryRequest request, int retry, TimeSpan? asked, string reason, CancellationToken cancellationToken) =>
        WaitBeforeRetryAsync($"{request.Method} {SafeUrl.Format(request.Uri)}", retry, asked, reason, cancellationToken);

    /// <summary>Waits before retry <paramref name="retry"/> of <paramref name="what"/> (method and URL, for the log).</summary>
    internal async Task WaitBeforeRetryAsync(string what, int retry, TimeSpan? asked, string reason, CancellationToken cancellationToken)
    {
        var wait = asked ?? _options.Retries.Backoff(retry);
        (_options.RetryLog ?? _options.Log)?.Invoke($"retry {retry + 1} of {_options.MaxRetries}: {what} after {reason}, in {wait.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)} s");
        await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Maps a final non-success response to an exception; disposes nothing.</summary>
    public async Task<TofuOciException> ErrorAsync(HttpResponseMessage response, RegistryRequest request, string? notFoundTarget, string operation,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        var details = await RegistryErrorBody.ReadAsync(response, cancellationToken).ConfigureAwait(false);
        return response.StatusCode switch
        {
            HttpStatusCode.NotFound when notFoundTarget is not null => RegistryErrors.NotFound(notFoundTarget, Registry, details),
            HttpStatusCode.Unauthorized => Unauthorized(_credential, request.Method != HttpMethod.Get && request.Method != HttpMethod.Head, details),
            HttpStatusCode.Forbidden => Denied(_credential, operation, details),
            HttpStatusCode.TooManyRequests => RegistryErrors.TooManyRequests(Registry, request.Method, request.Uri, details),
            _ => RegistryErrors.Unexpected(Registry, request.Method, request.Uri, response.StatusCode, response.ReasonPhrase, details, notFoundTarget),
        };
    }

    /// <summary>Sends one attempt, following redirects; credentials go only to <paramref name="authOrigin"/>.</summary>
    private async Task<(HttpResponseMessage Response, Uri Uri)> SendFollowingRedirectsAsync(RegistryRequest request,
        AuthenticationHeaderValue? auth, Uri authOrigin, CancellationToken cancellationToken)
    {
        var method = request.Method;
        var uri = request.Uri;
        var withBody = request.Content is not null;
        for (var hop = 0; ; hop++)
        {
            using var message = new HttpRequestMessage(method, uri);
            message.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
            if (request.Accept is not null)
            {
                foreach (var type in request.Accept)
                {
                    message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
                }
            }

            if (auth is not null && SafeUrl.SameOrigin(uri, authOrigin))
            {
                message.Headers.Authorization = auth;
            }

            if (withBody)
            {
                message.Content = request.Content!();
            }

            if (request.RangeFrom is { } from)
            {
                message.Headers.Range = new RangeHeaderValue(from, null);
            }

            HttpResponseMessage response;
            // A streamed upload may take longer than any idle timeout before the answer; everything
            // else must get its headers within it, or it is a stall.
            using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            if (!withBody || request.ContentReplayable)
            {
                idle.CancelAfter(_options.IdleTimeout);
            }

            try
            {
                response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, idle.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && idle.IsCancellationRequested)
            {
                Log($"{method} {SafeUrl.Format(uri)} failed: no response within {_options.IdleTimeout.TotalSeconds} s");
                // The cancellation's own message ("A task was canceled") would only blur the reason.
                var stalled = new TimeoutException($"no response within the idle timeout of {_options.IdleTimeout.TotalSeconds} s");
                stalled.Data[ConnectionErrors.FailedUriKey] = uri;
                throw stalled;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                Log($"{method} {SafeUrl.Format(uri)} failed: {ex.GetType().Name}");
                // The failing hop may be a redirect target; errors must name that host, not the registry's.
                ex.Data[ConnectionErrors.FailedUriKey] = uri;
                throw;
            }

            Log($"{method} {SafeUrl.Format(uri)} {(int)response.StatusCode}");
            if (!IsRedirect(response.StatusCode) || response.Headers.Location is not { } location)
            {
                return (response, uri);
            }

            var next = location.IsAbsoluteUri ? location : new Uri(uri, location);
            if (next.Scheme != Uri.UriSchemeHttp && next.Scheme != Uri.UriSchemeHttps)
            {
                response.Dispose();
                throw RegistryErrors.Protocol(Registry, $"{method} {SafeUrl.Format(uri)} redirected to a non-HTTP location.");
            }

            if (uri.Scheme == Uri.UriSchemeHttps && next.Scheme == Uri.UriSchemeHttp)
            {
                // Plain HTTP only where the user opted in; a redirect must not downgrade.
                response.Dispose();
                throw RegistryErrors.InsecureRedirect(Registry, method, uri, next);
            }

            if (hop >= _options.MaxRedirects)
            {
                response.Dispose();
                throw RegistryErrors.Protocol(Registry, $"{method} {SafeUrl.Format(uri)} was redirected more than {_options.MaxRedirects} times.");
            }

            var status = (int)response.StatusCode;
            if ((status == 303 && method != HttpMethod.Head) || (status is 301 or 302 && method == HttpMethod.Post))
            {
                // What browsers and Go do: the redirected request becomes a GET without a body.
                method = HttpMethod.Get;
                withBody = false;
            }
            else if (withBody && request.SecretContent && !SafeUrl.SameOrigin(next, request.Uri))
            {
                // A refresh token goes to the token service the registry named, never where it points on.
                response.Dispose();
                throw RegistryErrors.SecretRedirect(request.Uri.Authority, method, uri, next);
            }
            else if (withBody && !request.ContentReplayable)
            {
                // The streamed body is gone; report the redirect as the answer.
                return (response, uri);
            }

            response.Dispose();
            uri = next;
        }
    }

    private async Task<(AuthenticationHeaderValue? Header, bool Fresh)> PreemptiveAuthAsync(IReadOnlyList<string> scopes, string scopeKey,
        CancellationToken cancellationToken)
    {
        if (_cache.TryGetToken(scopeKey) is { } token)
        {
            return (new AuthenticationHeaderValue("Bearer", token), false);
        }

        if (_cache.Bearer is { } endpoint)
        {
            // The registry uses tokens and this scope set has none yet: fetching it now saves a 401
            // round trip and lets a streamed upload go out already authorized.
            var write = scopes.Any(s => s.Contains(AuthScopes.Push, StringComparison.Ordinal) || s.Contains(AuthScopes.Delete, StringComparison.Ordinal));
            var fetched = await FetchTokenAsync(endpoint, scopes, write, cancellationToken).ConfigureAwait(false);
            _cache.Store(scopeKey, fetched.Token, fetched.Lifetime);
            return (new AuthenticationHeaderValue("Bearer", fetched.Token), true);
        }

        if (_cache.UsesBasic && await GetCredentialAsync(cancellationToken).ConfigureAwait(false) is { HasBasic: true } credential)
        {
            return (BasicHeader(credential), false);
        }

        return (null, false);
    }

    private async Task<RegistryCredential?> GetCredentialAsync(CancellationToken cancellationToken)
    {
        if (_credentialLoaded)
        {
            return _credential;
        }

        await _credentialLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_credentialLoaded)
            {
                _credential = await _options.Credentials.GetCredentialAsync(Registry, Repository, cancellationToken).ConfigureAwait(false);
                _credentialLoaded = true;
            }

            return _credential;
        }
        finally
        {
            _credentialLock.Release();
        }
    }

    private static AuthenticationHeaderValue BasicHeader(RegistryCredential credential) =>
        new("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{credential.Username}:{credential.Password}")));

    private static IReadOnlyList<AuthChallenge> ReadChallenges(HttpResponseMessage response) =>
        response.Headers.NonValidated.TryGetValues("WWW-Authenticate", out var values) ? AuthChallenge.Parse(values) : [];

    private static string[] SplitScopes(string? scope) =>
        scope is null ? [] : scope.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private static bool IsRedirect(HttpStatusCode status) =>
        status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found or HttpStatusCode.SeeOther
            or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    private static bool IsTransportFailure(Exception ex, CancellationToken cancellationToken) =>
        ex is HttpRequestException or IOException or TimeoutException
        // HttpClient reports its own timeouts as cancellation; only the caller's token means "stop".
        || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    /// <summary>A body that failed its own verification surfaces wrapped in HttpRequestException; rethrow the real error.</summary>
    private static void RethrowOwnFailure(Exception ex)
    {
        for (var e = ex.InnerException; e is not null; e = e.InnerException)
        {
            if (e is TofuOciException own)
            {
                ExceptionDispatchInfo.Capture(own).Throw();
            }
        }
    }

    private void Log(string line) => _options.Log?.Invoke(line);

    public void Dispose()
    {
        _http.Dispose();
        _credentialLock.Dispose();
    }
}
