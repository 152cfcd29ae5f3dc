namespace OpenTofuOci.Core.Oci.Transport;

/// <summary>Checks the host[:port] form the transport options are scoped by.</summary>
public static class RegistryName
{
    /// <summary>True when <paramref name="text"/> is a host name or address with an optional port and nothing else.</summary>
    public static bool IsValid(string? text) =>
        !string.IsNullOrEmpty(text) && text.IndexOfAny(['/', '\\', '@', '?', '#', ' ']) < 0
        && Uri.TryCreate($"https://{text}/", UriKind.Absolute, out var parsed)
        && parsed.PathAndQuery == "/"
        && (string.Equals(parsed.Authority, text, StringComparison.OrdinalIgnoreCase)
            // Uri drops the default port from Authority; host:443 is still a valid registry name.
            || string.Equals($"{parsed.Host}:{parsed.Port}", text, StringComparison.OrdinalIgnoreCase));
}
