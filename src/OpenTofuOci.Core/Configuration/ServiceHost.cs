using System.Globalization;

namespace OpenTofuOci.Core.Configuration;

/// <summary>
/// Host names of OpenTofu's services (registries, mirrors) in the form they are compared in, as
/// OpenTofu's svchost package does: lower case, IDN in punycode, the default https port 443 left out
/// (docs/opentofu-compatibility.md §9.4).
/// </summary>
public static class ServiceHost
{
    /// <summary>The prefix of the environment variables that carry a token per host.</summary>
    public const string TokenVariablePrefix = "TF_TOKEN_";

    private static readonly IdnMapping Idn = new() { AllowUnassigned = false, UseStd3AsciiRules = true };

    /// <summary>
    /// <paramref name="host"/> (<c>name</c> or <c>name:port</c>) in comparison form; false for anything that is
    /// not a host name or IP address with an optional port.
    /// </summary>
    public static bool TryNormalize(string? host, out string normalized)
    {
        normalized = string.Empty;
        if (string.IsNullOrWhiteSpace(host) || host.Contains('/', StringComparison.Ordinal) || host.Contains('@', StringComparison.Ordinal))
        {
            return false;
        }

        if (!Uri.TryCreate("https://" + host + "/", UriKind.Absolute, out var uri) || uri.AbsolutePath != "/" || uri.UserInfo.Length > 0)
        {
            return false;
        }

        string name;
        try
        {
            name = uri.HostNameType == UriHostNameType.Dns ? Idn.GetAscii(uri.Host) : uri.Host;
        }
        catch (ArgumentException)
        {
            return false;
        }

        normalized = name.ToLowerInvariant() + (uri.IsDefaultPort ? string.Empty : ":" + uri.Port.ToString(CultureInfo.InvariantCulture));
        return true;
    }

    /// <summary>The comparison form of the host and port an absolute URL addresses.</summary>
    public static string Of(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        var name = uri.HostNameType == UriHostNameType.Dns ? uri.IdnHost : uri.Host;
        var https = string.Equals(uri.Scheme, Uri.UriSchemeHttps, StringComparison.OrdinalIgnoreCase);
        return name.ToLowerInvariant() + (https && uri.Port == 443 ? string.Empty : ":" + uri.Port.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// The <c>TF_TOKEN_</c> variable OpenTofu reads for <paramref name="host"/> (comparison form): dots
    /// become <c>_</c> and hyphens <c>__</c>, which OpenTofu maps back unambiguously.
    /// </summary>
    public static string TokenVariable(string host)
    {
        ArgumentNullException.ThrowIfNull(host);
        return TokenVariablePrefix + host.Replace("-", "__", StringComparison.Ordinal).Replace('.', '_');
    }
}
