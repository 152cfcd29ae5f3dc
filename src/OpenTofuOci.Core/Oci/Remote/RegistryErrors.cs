using System.Net;
using System.Security.Authentication;
using OpenTofuOci.Core.Credentials;
using OpenTofuOci.Core.Errors;

namespace OpenTofuOci.Core.Oci.Remote;

/// <summary>
/// Builds the <see cref="TofuOciException"/>s of the registry client. Messages name the registry,
/// repository and what to do; they show URLs without their query and credentials only by their
/// source label (DESIGN.md "Errors are typed").
/// </summary>
internal static class RegistryErrors
{
    private const int MaxDetailLength = 300;

    public static TofuOciException Unauthorized(string registry, string repository, RegistryCredential? credential, bool write,
        IReadOnlyList<RegistryErrorDetail>? details = null, string? realmHost = null, string? missingSource = null)
    {
        var where = $"{registry}/{repository}";
        var by = realmHost is null ? registry : $"the token service {realmHost} of {registry}";
        var login = LoginHint(registry);
        string message;
        if (credential is null)
        {
            message = $"{where} requires authentication and no credentials were found for {registry}; tried: {missingSource ?? "anonymous"}. " +
                $"Log in with {login}, pass a credential (-Credential / --username), or add an oci_credentials block for it.";
        }
        else
        {
            message = $"Authentication to {where} failed: {by} rejected the credentials from {credential.Source}. " +
                $"Check the user name and password or token there, or log in again with {login}; the account needs {(write ? "push" : "pull")} access to {repository}.";
        }

        return new TofuOciException(ErrorIds.Unauthorized, ErrorKind.Authentication, message + Details(details), where,
            registryErrors: details, statusCode: 401);
    }

    public static TofuOciException Denied(string registry, string repository, RegistryCredential? credential, string operation,
        IReadOnlyList<RegistryErrorDetail> details, string? missingSource = null)
    {
        var where = $"{registry}/{repository}";
        var tried = credential is null ? missingSource ?? "anonymous" : $"credentials from {credential.Source}";
        return new TofuOciException(ErrorIds.Denied, ErrorKind.PermissionDenied,
            $"{registry} denied {operation} on {where} (tried: {tried}). " +
            $"The account lacks the permission: ask the registry's administrator for access, or use other credentials ({LoginHint(registry)})." + Details(details),
            where, registryErrors: details, statusCode: 403);
    }

    /// <summary>The commands that store credentials for <paramref name="registry"/>.</summary>
    public static string LoginHint(string registry) =>
        $"`tofu-oci login {registry} -u <user> --password-stdin` / `Connect-TofuOciRegistry -Registry {registry} -Credential <user>`";

    public static TofuOciException NotFound(string target, string registry, IReadOnlyList<RegistryErrorDetail> details) =>
        new(ErrorIds.NotFound, ErrorKind.NotFound,
            $"{target} was not found on {registry}. Check the repository name, tag or digest." + Details(details),
            target, registryErrors: details, statusCode: 404);

    public static TofuOciException TooManyRequests(string registry, HttpMethod method, Uri uri, IReadOnlyList<RegistryErrorDetail> details) =>
        new(ErrorIds.TooManyRequests, ErrorKind.Connection,
            $"{registry} is rate-limiting requests ({method} {SafeUrl.Format(uri)} answered 429 after retries). Wait and try again, or authenticate to get a higher limit." + Details(details),
            registry, registryErrors: details, statusCode: 429);

    public static TofuOciException Unexpected(string registry, HttpMethod method, Uri uri, HttpStatusCode status, string? reason,
        IReadOnlyList<RegistryErrorDetail> details, string? target = null)
    {
        var code = (int)status;
        return new TofuOciException(ErrorIds.RegistryError, code >= 500 ? ErrorKind.Connection : ErrorKind.InvalidOperation,
            $"{method} {SafeUrl.Format(uri)} failed: {registry} answered {code} {reason}." + Details(details) +
            (code >= 500 ? " The registry has a problem: try again later." : string.Empty),
            target ?? registry, registryErrors: details, statusCode: code);
    }

    public static TofuOciException Protocol(string registry, string problem, string? target = null) =>
        new(ErrorIds.RegistryError, ErrorKind.InvalidData, $"{registry} answered in a way the OCI distribution protocol does not allow: {problem}", target ?? registry);

    public static TofuOciException ConnectionFailed(string registry, HttpMethod method, Uri uri, Exception exception)
    {
        var hint = string.Empty;
        if (uri.Scheme == Uri.UriSchemeHttps && IsTlsFailure(exception))
        {
            hint = $" If {registry} serves plain HTTP, allow that for it with --plain-http / -PlainHttp; if it uses a private CA, trust that CA.";
        }

        return new TofuOciException(ErrorIds.ConnectionFailed, ErrorKind.Connection,
            $"Could not reach registry {registry} ({method} {SafeUrl.Format(uri)}): {Describe(exception)}.{hint}",
            registry, exception);
    }

    public static TofuOciException InsecureRealm(string registry, Uri realm) =>
        new(ErrorIds.InsecureTransport, ErrorKind.Authentication,
            $"{registry} sent its token service as {SafeUrl.Format(realm)}, which is plain HTTP on another host; credentials are never sent there. " +
            "Fix the registry's token realm to use https.",
            registry);

    private static bool IsTlsFailure(Exception exception)
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

    private static string Details(IReadOnlyList<RegistryErrorDetail>? details)
    {
        if (details is null || details.Count == 0)
        {
            return string.Empty;
        }

        var text = string.Join("; ", details.Select(d => d.ToString()));
        if (text.Length > MaxDetailLength)
        {
            text = text[..MaxDetailLength] + "…";
        }

        return $" Registry said: {text}";
    }
}
