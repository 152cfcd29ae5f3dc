using System.Net;
using OpenTofuOci.Core.Credentials;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci.Transport;

namespace OpenTofuOci.Core.Oci.Remote;

/// <summary>
/// Builds the <see cref="TofuOciException"/>s of the registry client. Messages name the registry,
/// repository and what to do; they show URLs without their query and credentials only by their
/// source label (docs/design.md "Errors").
/// </summary>
internal static class RegistryErrors
{
    private const int MaxDetailLength = 300;

    public static TofuOciException Unauthorized(string registry, string repository, RegistryCredential? credential, bool write,
        IReadOnlyList<RegistryErrorDetail>? details = null, string? realmHost = null, string? missingSource = null)
    {
        var where = $"{registry}/{repository}";
        var by = realmHost is null ? registry : $"the token service {realmHost} of {registry}";
        var login = UserInvocation.Login(registry);
        UserMessage message;
        if (credential is null)
        {
            message = $"{where} requires authentication and no credentials were found for {registry}; tried: {missingSource ?? "anonymous"}. " +
                $"Log in with {login}, pass a credential ({UserOption.Credential}), or add an oci_credentials block for it.";
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
        UserMessage message = $"{registry} denied {operation} on {where} (tried: {tried}). " +
            $"The account lacks the permission: ask the registry's administrator for access, or use other credentials ({UserInvocation.Login(registry)}).";
        return new TofuOciException(ErrorIds.Denied, ErrorKind.PermissionDenied, message + Details(details),
            where, registryErrors: details, statusCode: 403);
    }

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
            $"{method} {SafeUrl.Format(uri)} failed: {registry} answered {code} {UntrustedText.Escape(reason ?? string.Empty)}." + Details(details) +
            (code >= 500 ? " The registry has a problem: try again later." : string.Empty),
            target ?? registry, registryErrors: details, statusCode: code);
    }

    public static TofuOciException Protocol(string registry, string problem, string? target = null) =>
        new(ErrorIds.RegistryError, ErrorKind.InvalidData, $"{registry} answered in a way the OCI distribution protocol does not allow: {problem}", target ?? registry);

    public static TofuOciException InsecureRedirect(string registry, HttpMethod method, Uri from, Uri to) =>
        new(ErrorIds.InsecureRedirect, ErrorKind.Connection,
            $"{method} {SafeUrl.Format(from)} was redirected from HTTPS to plain HTTP ({SafeUrl.Format(to)}); the redirect was not followed. " +
            $"Ask the operators of {registry} to redirect to https; plain HTTP is used only for registries you name with {UserOption.PlainHttp}.",
            registry);

    public static TofuOciException SecretRedirect(string realmAuthority, HttpMethod method, Uri from, Uri to) =>
        new(ErrorIds.InsecureRedirect, ErrorKind.Connection,
            $"The token service {realmAuthority} redirected the refresh-token request ({method} {SafeUrl.Format(from)}) to another origin ({SafeUrl.Format(to)}); " +
            "the refresh token was not sent there. Ask the registry's operator to serve the token endpoint without a cross-origin redirect, or log in with a user name and password.",
            realmAuthority);

    public static TofuOciException TagListTooLarge(string repository, string limit) =>
        new(ErrorIds.TagListTooLarge, ErrorKind.InvalidData,
            $"The tag list of {repository} has more than {limit}; the listing was stopped so a runaway or hostile registry cannot exhaust memory. " +
            "Ask the registry's operator to remove stale tags, or address the version you want by tag directly.",
            repository);

    /// <summary>
    /// <paramref name="error"/> with how many attempts were made, for the error that ends a retried
    /// operation: the user then knows retrying at once is unlikely to help.
    /// </summary>
    public static TofuOciException AfterAttempts(TofuOciException error, int attempts)
    {
        ArgumentNullException.ThrowIfNull(error);
        return attempts <= 1
            ? error
            : new TofuOciException(error.ErrorId, error.Kind, $"{error.Message.TrimEnd()} (Gave up after {attempts} attempts.)",
                error.Target, error.InnerException, error.RegistryErrors, error.StatusCode);
    }

    public static TofuOciException InsecureRealm(string registry, Uri realm) =>
        new(ErrorIds.InsecureTokenRealm, ErrorKind.Authentication,
            $"{registry} sent its token service as {SafeUrl.Format(realm)}, which is plain HTTP on a host that is not this machine; the credentials were not sent there. " +
            $"Ask the registry's operators to serve the token realm {realm.Authority} over https, or use an access token instead of a password.",
            registry);

    /// <summary>
    /// True when the server ended the handshake with a TLS alert about the client's certificate
    /// (bad_certificate, unknown_ca, certificate_required...). With TLS 1.3 the client learns this only
    /// after its own handshake finished, from the alert text the TLS library reports.
    /// </summary>
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
