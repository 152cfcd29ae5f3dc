namespace OpenTofuOci.Core.Credentials;

/// <summary>
/// Credentials for one registry: Basic username/password, or OAuth-style tokens
/// (docs/oci-registries.md "Authentication"). <see cref="ToString"/> never shows a secret.
/// </summary>
public sealed class RegistryCredential
{
    public string? Username { get; init; }
    public string? Password { get; init; }
    /// <summary>A bearer token used as is, without asking the token service.</summary>
    public string? AccessToken { get; init; }
    /// <summary>A refresh/identity token exchanged at the token service (POST grant_type=refresh_token).</summary>
    public string? RefreshToken { get; init; }

    /// <summary>Where these came from, for verbose output (never the secret), e.g. <c>-Credential</c>.</summary>
    public string Source { get; init; } = "explicit";

    /// <summary>True when Basic credentials are present.</summary>
    public bool HasBasic => !string.IsNullOrEmpty(Username) && Password is not null;

    public static RegistryCredential Basic(string username, string password, string source = "explicit") =>
        new() { Username = username, Password = password, Source = source };

    public override string ToString() =>
        $"{(HasBasic ? $"user {Username}" : AccessToken is not null ? "access token" : RefreshToken is not null ? "refresh token" : "anonymous")} from {Source}";
}
