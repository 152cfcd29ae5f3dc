using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Reflection;
using OpenTofuOci.Core.Configuration;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci.Transport;

namespace OpenTofuOci.Core.Providers.Sources;

/// <summary>A small document a source answered, and the URL it came from after redirects.</summary>
internal sealed record FetchedBody(byte[] Content, Uri Uri);

/// <summary>
/// GET requests of provider sources (docs/opentofu-compatibility.md §9.1, §9.4): HTTPS only unless plain HTTP
/// was allowed; TLS through <see cref="RegistryHandlers"/> (the CA file is trusted for every host the
/// source names, its client certificate and skipped check only for the source's own host); redirects followed
/// by hand, at most <see cref="SourceLimits.Redirects"/>, never from https to http; a bearer token sent only to
/// the host it is configured for, decided again at every hop; transient faults retried as
/// <see cref="RetryPolicy"/> decides with <see cref="RetrySettings"/>; bodies capped or streamed.
/// </summary>
internal sealed class SourceHttpClient : IDisposable
{
    private static readonly string UserAgent = "OpenTofuOci/" + (typeof(SourceHttpClient).Assembly
        .GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0");

    private readonly ProviderSourceOptions _options;
    private readonly SourceCredentials _credentials;
    private readonly RetrySettings _retry;
    private readonly ConcurrentDictionary<string, bool> _ownHosts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (HttpClient Client, TlsDiagnostics? Diagnostics)> _clients = new(StringComparer.Ordinal);

    /// <param name="sourceHost">The source's own host (comparison form): the only one its client certificate and skipped check apply to.</param>
    public SourceHttpClient(ProviderSourceOptions options, string? sourceHost)
    {
        _options = options;
        if (sourceHost is not null)
        {
            _ownHosts[sourceHost] = true;
        }

        _credentials = new SourceCredentials(options.CliConfiguration);
        _retry = options.Retry ?? RetrySettings.Default;
    }

    /// <summary>
    /// The body of <paramref name="uri"/>, at most <paramref name="limit"/> bytes; null for a 404 when
    /// <paramref name="notFoundIsNull"/>.
    /// </summary>
    public async Task<FetchedBody?> GetAsync(Uri uri, long limit, bool notFoundIsNull, CancellationToken cancellationToken)
    {
        var retries = 0;
        var started = DateTimeOffset.UtcNow;
        while (true)
        {
            try
            {
                var (response, final) = await SendAsync(uri, null, cancellationToken).ConfigureAwait(false);
                using (response)
                {
                    if (RetryPolicy.IsRetryableStatus(response.StatusCode) && MayRetry(retries, started))
                    {
                        await WaitAsync(retries++, RetryPolicy.RetryAfter(response, _retry.MaxDelay, DateTimeOffset.UtcNow), cancellationToken).ConfigureAwait(false);
                        continue;
                    }

                    if (response.StatusCode == HttpStatusCode.NotFound && notFoundIsNull)
                    {
                        return null;
                    }

                    if (!response.IsSuccessStatusCode)
                    {
                        throw SourceErrors.Status(final, response.StatusCode, response.ReasonPhrase, retries + 1);
                    }

                    if (response.Content.Headers.ContentLength > limit)
                    {
                        throw SourceErrors.TooLarge(final, limit);
                    }

                    var body = await ReadCappedAsync(response, final, limit, _retry.IdleTimeout, cancellationToken).ConfigureAwait(false);
                    return new FetchedBody(body, final);
                }
            }
            catch (Exception ex) when (IsTransient(ex, cancellationToken) && MayRetry(retries, started))
            {
                await WaitAsync(retries++, null, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (IsTransportFault(ex, cancellationToken))
            {
                throw ConnectionFailed(uri, ex, retries + 1);
            }
        }
    }

    /// <summary>
    /// Streams <paramref name="uri"/> into <paramref name="destination"/>, reporting the bytes written so far.
    /// A body cut off is resumed with <c>Range</c> where the server allows it, else started again when the
    /// destination can seek back; otherwise the fault is reported.
    /// </summary>
    public async Task DownloadAsync(Uri uri, Stream destination, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        var origin = destination.CanSeek ? destination.Position : 0;
        long written = 0;
        var retries = 0;
        var started = DateTimeOffset.UtcNow;
        var buffer = new byte[81920];
        while (true)
        {
            try
            {
                var (response, final) = await SendAsync(uri, written > 0 ? written : null, cancellationToken).ConfigureAwait(false);
                using (response)
                {
                    if (RetryPolicy.IsRetryableStatus(response.StatusCode) && MayRetry(retries, started))
                    {
                        await WaitAsync(retries++, RetryPolicy.RetryAfter(response, _retry.MaxDelay, DateTimeOffset.UtcNow), cancellationToken).ConfigureAwait(false);
                        continue;
                    }

                    if (!response.IsSuccessStatusCode)
                    {
                        throw SourceErrors.Status(final, response.StatusCode, response.ReasonPhrase, retries + 1);
                    }

                    var resumed = written > 0 && response.StatusCode == HttpStatusCode.PartialContent
                        && response.Content.Headers.ContentRange?.From == written;
                    if (written > 0 && !resumed)
                    {
                        if (!destination.CanSeek)
                        {
                            throw SourceErrors.Invalid(final, $"the download was cut off after {written} bytes and the server cannot resume it");
                        }

                        // The server sends the whole package again: start over.
                        destination.Position = origin;
                        destination.SetLength(origin);
                        written = 0;
                        progress?.Report(0);
                    }

                    await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                    using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    while (true)
                    {
                        idle.CancelAfter(_retry.IdleTimeout);
                        var read = await ReadIdleAsync(body, buffer, idle, cancellationToken).ConfigureAwait(false);
                        if (read == 0)
                        {
                            break;
                        }

                        await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                        written += read;
                        progress?.Report(written);
                    }

                    if (response.Content.Headers.ContentLength is { } length && (resumed ? response.Content.Headers.ContentRange?.To + 1 : length) is { } end && written < end)
                    {
                        throw new IOException($"the body ended after {written} of {end} bytes");
                    }

                    return;
                }
            }
            catch (Exception ex) when (IsTransient(ex, cancellationToken) && MayRetry(retries, started))
            {
                await WaitAsync(retries++, null, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (IsTransportFault(ex, cancellationToken))
            {
                throw ConnectionFailed(uri, ex, retries + 1);
            }
        }
    }

    public void Dispose()
    {
        foreach (var (client, _) in _clients.Values)
        {
            client.Dispose();
        }

        _clients.Clear();
        _credentials.Dispose();
    }

    /// <summary>Makes <paramref name="host"/> (comparison form) one of the source's own hosts, before anything is sent to it.</summary>
    public void AddOwnHost(string host) => _ownHosts[host] = true;

    /// <summary>Checks a URL a source named before anything is sent to it.</summary>
    public void CheckScheme(Uri uri)
    {
        if (!uri.IsAbsoluteUri || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw SourceErrors.Invalid(uri.IsAbsoluteUri ? SourceErrors.Show(uri) : uri.OriginalString, "it is not an http or https URL");
        }

        if (uri.Scheme == Uri.UriSchemeHttp && !_options.AllowInsecureHttp)
        {
            throw SourceErrors.Insecure(uri);
        }
    }

    private async Task<(HttpResponseMessage Response, Uri Uri)> SendAsync(Uri uri, long? from, CancellationToken cancellationToken)
    {
        var current = uri;
        for (var hop = 0; ; hop++)
        {
            CheckScheme(current);
            using var request = new HttpRequestMessage(HttpMethod.Get, current);
            request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
            // The token is looked up for this hop's own host, so a redirect to another host never carries it.
            if (await _credentials.TokenForAsync(ServiceHost.Of(current), cancellationToken).ConfigureAwait(false) is { } token)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            if (from is { } offset)
            {
                request.Headers.Range = new RangeHeaderValue(offset, null);
            }

            HttpResponseMessage response;
            using (var headers = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                headers.CancelAfter(_retry.IdleTimeout);
                try
                {
                    response = await ClientFor(current).Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, headers.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
                {
                    var timeout = new TimeoutException($"no answer within {_retry.IdleTimeout.TotalSeconds:0} seconds", ex);
                    timeout.Data[ConnectionErrors.FailedUriKey] = current;
                    throw timeout;
                }
                catch (Exception ex) when (ex is HttpRequestException or IOException)
                {
                    ex.Data[ConnectionErrors.FailedUriKey] = current;
                    throw;
                }
            }

            if (!IsRedirect(response.StatusCode) || response.Headers.Location is not { } location)
            {
                return (response, current);
            }

            response.Dispose();
            var next = location.IsAbsoluteUri ? location : new Uri(current, location);
            if (hop >= SourceLimits.Redirects)
            {
                throw SourceErrors.TooManyRedirects(uri);
            }

            if (current.Scheme == Uri.UriSchemeHttps && next.Scheme == Uri.UriSchemeHttp)
            {
                throw SourceErrors.InsecureRedirect(current, next);
            }

            current = next;
        }
    }

    private static bool IsRedirect(HttpStatusCode status) =>
        status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found or HttpStatusCode.SeeOther
            or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    private (HttpClient Client, TlsDiagnostics? Diagnostics) ClientFor(Uri uri) =>
        _clients.GetOrAdd(uri.Authority.ToLowerInvariant(), authority =>
        {
            if (_options.Handler is { } handler)
            {
                return (new HttpClient(handler, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan }, null);
            }

            // The source's CA file covers every host it names (its download hosts are usually its own);
            // a client certificate and a skipped check are for the source's own host only.
            var own = _ownHosts.ContainsKey(ServiceHost.Of(uri));
            var tls = own ? _options.Tls : new TlsSettings { CaFile = _options.Tls.CaFile };
            var made = RegistryHandlers.For(authority, tls, TransportEnvironment.System);
            // Large downloads outlast any fixed timeout; the idle timeout and the caller's token stop stalls.
            return (new HttpClient(made.Handler, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan }, made.Diagnostics);
        });

    private static async Task<byte[]> ReadCappedAsync(HttpResponseMessage response, Uri uri, long limit, TimeSpan idleTimeout, CancellationToken cancellationToken)
    {
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var chunk = new byte[16384];
        while (true)
        {
            idle.CancelAfter(idleTimeout);
            var read = await ReadIdleAsync(body, chunk, idle, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return buffer.ToArray();
            }

            if (buffer.Length + read > limit)
            {
                throw SourceErrors.TooLarge(uri, limit);
            }

            buffer.Write(chunk, 0, read);
        }
    }

    private static async Task<int> ReadIdleAsync(Stream body, byte[] buffer, CancellationTokenSource idle, CancellationToken cancellationToken)
    {
        try
        {
            return await body.ReadAsync(buffer, idle.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException("the body stalled", ex);
        }
    }

    private static bool IsTransportFault(Exception ex, CancellationToken cancellationToken) =>
        ex is not TofuOciException && RetryPolicy.IsTransientBodyFault(ex, cancellationToken);

    // A refused certificate is refused again on retry; only the wait would differ.
    private static bool IsTransient(Exception ex, CancellationToken cancellationToken) =>
        IsTransportFault(ex, cancellationToken) && !ConnectionErrors.IsPermanentTlsFailure(ex);

    private bool MayRetry(int retries, DateTimeOffset started) =>
        retries < _retry.MaxRetries && DateTimeOffset.UtcNow - started < _retry.Deadline;

    private Task WaitAsync(int retry, TimeSpan? asked, CancellationToken cancellationToken) =>
        Task.Delay(asked ?? _retry.Backoff(retry), cancellationToken);

    private TofuOciException ConnectionFailed(Uri uri, Exception ex, int attempts)
    {
        var failed = ex.Data[ConnectionErrors.FailedUriKey] as Uri ?? uri;
        return ConnectionErrors.ConnectionFailed(failed.Authority, HttpMethod.Get, failed, ex, ClientFor(failed).Diagnostics, attempts);
    }
}
