using System.Net;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci.Transport;

namespace OpenTofuOci.Core.Providers.Sources;

/// <summary>
/// The typed errors of provider sources (docs/opentofu-compatibility.md §9.1–§9.4). Messages name the URL or
/// path and the field, escape what the server chose, and never show a token or a query string.
/// </summary>
internal static class SourceErrors
{
    /// <summary>A URL as it may be shown: no query, no user info.</summary>
    public static string Show(Uri uri) => uri.IsAbsoluteUri && uri.IsFile ? uri.LocalPath : SafeUrl.Format(uri);

    public static TofuOciException Invalid(string where, string problem) =>
        new(ErrorIds.InvalidSourceResponse, ErrorKind.InvalidData,
            $"{where} breaks the provider source protocol: {problem}. Ask the source's operator to fix it, or use another source.", where);

    public static TofuOciException Invalid(Uri where, string problem) => Invalid(Show(where), problem);

    public static TofuOciException Field(Uri where, string field, string problem) =>
        Invalid(where, $"\"{field}\" {problem}");

    public static TofuOciException TooLarge(Uri where, long limit) =>
        Invalid(where, $"the response is larger than {SourceLimits.Describe(limit)}, more than any valid answer needs; reading stopped");

    public static TofuOciException Insecure(Uri uri)
    {
        UserMessage message = $"{Show(uri)} is plain HTTP; provider sources are read over HTTPS only. Use the https URL, or for a source on a network you trust allow plain HTTP with {UserOption.PlainHttp}.";
        return new TofuOciException(ErrorIds.InsecureSource, ErrorKind.InvalidArgument, message, Show(uri));
    }

    public static TofuOciException InsecureRedirect(Uri from, Uri to) =>
        new(ErrorIds.InsecureRedirect, ErrorKind.Connection,
            $"GET {Show(from)} was redirected from HTTPS to plain HTTP ({Show(to)}); the redirect was not followed. Ask the source's operator to redirect to https.",
            Show(from));

    public static TofuOciException TooManyRedirects(Uri start) =>
        Invalid(start, $"it was redirected more than {SourceLimits.Redirects} times");

    public static TofuOciException Status(Uri uri, HttpStatusCode status, string? reason, int attempts)
    {
        var code = (int)status;
        var tries = attempts > 1 ? $" after {attempts} attempts" : string.Empty;
        var said = $"GET {Show(uri)} answered {code} {UntrustedText.Escape(reason ?? string.Empty)}{tries}".TrimEnd();
        return status switch
        {
            HttpStatusCode.Unauthorized => new TofuOciException(ErrorIds.Unauthorized, ErrorKind.Authentication,
                $"{said}: the source needs credentials. Give a token for {uri.Authority} in a credentials block of the CLI configuration or in the {Configuration.ServiceHost.TokenVariablePrefix}… environment variable (docs/opentofu-compatibility.md §9.4).",
                Show(uri)),
            HttpStatusCode.Forbidden => new TofuOciException(ErrorIds.Denied, ErrorKind.PermissionDenied,
                $"{said}: the credentials for {uri.Authority} do not allow this. Check the token's permissions.", Show(uri)),
            HttpStatusCode.NotFound => new TofuOciException(ErrorIds.NotFound, ErrorKind.NotFound,
                $"{said}: it does not exist. Check the source's address.", Show(uri)),
            _ => new TofuOciException(ErrorIds.RegistryError, code >= 500 ? ErrorKind.Connection : ErrorKind.InvalidOperation,
                $"{said}." + (code >= 500 ? " The source has a problem: try again later." : string.Empty), Show(uri)),
        };
    }

    public static TofuOciException ProviderNotFound(ProviderAddress provider, string source) =>
        new(ErrorIds.ProviderNotFound, ErrorKind.NotFound,
            $"Provider {provider} is not offered by {source}. Check the provider's address and the source.", provider.ToString());

    public static TofuOciException NoVersion(ProviderAddress provider, ProviderVersion version, string source, IEnumerable<ProviderVersion> offered)
    {
        var list = string.Join(", ", offered.Select(v => v.ToString()));
        return new TofuOciException(ErrorIds.NoMatchingVersion, ErrorKind.NotFound,
            $"Provider {provider} has no version {version} at {source}" + (list.Length == 0 ? "." : $"; it offers {list}.") + " Choose one of the versions it offers.",
            provider.ToString());
    }

    public static TofuOciException NoPlatform(ProviderAddress provider, ProviderVersion version, ProviderPlatform platform, string source, IEnumerable<ProviderPlatform> offered)
    {
        var list = string.Join(", ", offered.Select(p => p.ToString()));
        return new TofuOciException(ErrorIds.PlatformNotSupported, ErrorKind.NotFound,
            $"Provider {provider} {version} at {source} has no package for {platform}" + (list.Length == 0 ? "." : $"; it has {list}.") + " Ask only for the platforms it offers.",
            provider.ToString());
    }
}
