using System.Security.Authentication;
using OpenTofuOci.Core.Errors;

namespace OpenTofuOci.Core.Oci.Transport;

/// <summary>
/// A request that never got an answer, explained: which host and URL (no query, no user info), after how
/// many attempts, and for a TLS handshake what the certificate callbacks saw (docs/oci-registries.md
/// "Retries and timeouts"). Shared by the registry client and the provider sources' HTTP client
/// (docs/opentofu-compatibility.md §9.1), which both reach servers through <see cref="RegistryHandlers"/>.
/// </summary>
internal static class ConnectionErrors
{
    /// <summary>Key of <see cref="Exception.Data"/> holding the URI of the hop that failed (after redirects).</summary>
    internal const string FailedUriKey = "OpenTofuOci.FailedUri";

    /// <param name="attempts">How many times the request was sent; said in the message when more than once.</param>
    public static TofuOciException ConnectionFailed(string registry, HttpMethod method, Uri uri, Exception exception, TlsDiagnostics? tls = null, int attempts = 1)
    {
        uri = exception.Data[FailedUriKey] as Uri ?? uri;
        if (uri.Scheme == Uri.UriSchemeHttps && TlsFailure(registry, method, uri, exception, tls) is { } typed)
        {
            return typed;
        }

        var tries = attempts > 1 ? $" after {attempts} attempts" : string.Empty;
        UserMessage message = $"Could not reach registry {registry} ({method} {SafeUrl.Format(uri)}){tries}: {Describe(exception)}.";
        if (uri.Scheme == Uri.UriSchemeHttps && IsTlsFailure(exception))
        {
            message += $" If {registry} serves plain HTTP, allow that for it with {UserOption.PlainHttp}; if it uses a private CA, trust that CA with {UserOption.CaFile}.";
        }

        return new TofuOciException(ErrorIds.ConnectionFailed, ErrorKind.Connection, message, registry, exception);
    }

    /// <summary>A handshake failure explained by what the TLS callbacks saw, or null when they saw nothing useful.</summary>
    private static TofuOciException? TlsFailure(string registry, HttpMethod method, Uri uri, Exception exception, TlsDiagnostics? tls)
    {
        if (tls is null)
        {
            return null;
        }

        var host = uri.Host.Trim('[', ']');
        var where = $"{method} {SafeUrl.Format(uri)}";
        var server = string.Equals(uri.Authority, registry, StringComparison.OrdinalIgnoreCase) ? $"registry {registry}" : $"{uri.Authority} (reached from registry {registry})";
        var ownHost = string.Equals(host, RegistryHandlers.HostOf(registry), StringComparison.OrdinalIgnoreCase);
        if (IsCertificateRejection(exception) && tls.TakeRejection(host) is { } rejection)
        {
            return rejection.Reason switch
            {
                TlsRejectionReason.NameMismatch => new TofuOciException(ErrorIds.CertificateNameMismatch, ErrorKind.Connection,
                    $"The TLS certificate of {server} ({where}) is not valid for the name {host}: subject \"{rejection.Subject}\", issuer \"{rejection.Issuer}\". " +
                    "Reach the registry by a name its certificate lists, or have its certificate reissued with that name.", registry, exception),
                TlsRejectionReason.NoCertificate => new TofuOciException(ErrorIds.UntrustedCertificate, ErrorKind.Connection,
                    $"{server} sent no TLS certificate ({where}).", registry, exception),
                _ when ownHost => new TofuOciException(ErrorIds.UntrustedCertificate, ErrorKind.Connection,
                    $"The TLS certificate of {server} is not trusted ({where}): subject \"{rejection.Subject}\", issuer \"{rejection.Issuer}\" ({rejection.Detail}). " +
                    $"If the issuer is your organisation's CA, trust it with {UserOption.CaFile} <PEM file of the CA> (or SSL_CERT_FILE on Linux); " +
                    $"only for a throwaway test registry, skip the check with {UserOption.SkipCertificateCheck}.", registry, exception),
                // A CA file or skipped check given for the registry never extends to its token service or redirect targets.
                _ => new TofuOciException(ErrorIds.UntrustedCertificate, ErrorKind.Connection,
                    $"The TLS certificate of {server} is not trusted ({where}): subject \"{rejection.Subject}\", issuer \"{rejection.Issuer}\" ({rejection.Detail}). " +
                    $"A CA file given for {registry} is trusted for that registry's host only, not for its token service or the hosts it redirects to: " +
                    "add the issuer to the system's trusted CAs (or name it with SSL_CERT_FILE or SSL_CERT_DIR on Linux).", registry, exception),
            };
        }

        if ((tls.WasClientCertificateRequested(host) || IsCertificateAlert(exception)) && IsConnectionBroken(exception))
        {
            return tls.HasClientCertificate
                ? new TofuOciException(ErrorIds.ClientCertificateRejected, ErrorKind.Authentication,
                    $"{server} refused the TLS connection after asking for a client certificate ({where}): it did not accept the one given. " +
                    "Check that the certificate is issued by a CA the registry trusts for clients, is not expired, and is meant for client authentication.", registry, exception)
                : new TofuOciException(ErrorIds.ClientCertificateRequired, ErrorKind.Authentication,
                    $"{server} requires a TLS client certificate (mutual TLS) and none was given ({where}). " +
                    $"Give one with {UserOption.ClientCertificate} and {UserOption.ClientKey} (or a PKCS#12 file with its password).", registry, exception);
        }

        return null;
    }

    /// <summary>
    /// True when the handshake failed with SslStream's own <see cref="AuthenticationException"/> (no inner
    /// exception): a refused certificate, or a malformed handshake such as plain HTTP on the port. The
    /// recorded refusal tells the two apart.
    /// </summary>
    private static bool IsCertificateRejection(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is AuthenticationException { InnerException: null })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A handshake failure that a retry would only repeat: refused certificate or a certificate alert.</summary>
    internal static bool IsPermanentTlsFailure(Exception exception) => IsTlsFailure(exception) || IsCertificateAlert(exception);

    private static bool IsCertificateAlert(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            var text = e.Message;
            if (text.Contains("alert", StringComparison.OrdinalIgnoreCase)
                && (text.Contains("certificate", StringComparison.OrdinalIgnoreCase) || text.Contains("unknown ca", StringComparison.OrdinalIgnoreCase)))
            {
                return true;
            }
        }

        return false;
    }

    internal static bool IsConnectionBroken(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is IOException or AuthenticationException || e is HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError or HttpRequestError.ResponseEnded })
            {
                return true;
            }
        }

        return false;
    }

    internal static bool IsTlsFailure(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is AuthenticationException || e is HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError })
            {
                return true;
            }
        }

        return false;
    }

    private static string Describe(Exception exception)
    {
        // The innermost message is the useful one ("Connection refused"); the outer ones repeat the URL.
        var e = exception;
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }

        return e == exception ? exception.Message.TrimEnd('.') : $"{exception.Message.TrimEnd('.')} ({e.Message.TrimEnd('.')})";
    }
}
