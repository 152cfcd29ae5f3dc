namespace OpenTofuOci.Core.Oci.Transport;

/// <summary>
/// URLs as they may appear in messages and logs: no query (upload locations and token realms carry
/// signed state or tokens there) and no user info.
/// </summary>
internal static class SafeUrl
{
    public static string Format(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        return uri.IsAbsoluteUri ? uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped) : uri.OriginalString.Split('?')[0];
    }

    /// <summary>True when both URIs have the same scheme, host and port (RFC 6454 origin).</summary>
    public static bool SameOrigin(Uri a, Uri b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return string.Equals(a.Scheme, b.Scheme, StringComparison.OrdinalIgnoreCase)
            && string.Equals(a.IdnHost, b.IdnHost, StringComparison.OrdinalIgnoreCase)
            && a.Port == b.Port;
    }
}
