namespace OpenTofuOci.Core.Credentials.Docker;

/// <summary>
/// One <c>auths</c> entry of a Docker-style file. <see cref="ToString"/> never shows a secret.
/// </summary>
/// <param name="Key">The key as written: a domain, a domain/path prefix, or (old docker) a URL.</param>
/// <param name="DecodedAuth">The base64-decoded <c>auth</c> text (<c>user:password</c>), or null when absent or empty.</param>
/// <param name="IdentityToken">The <c>identitytoken</c> docker and oras store after an OAuth login, or null.</param>
public sealed record DockerAuthEntry(string Key, string? DecodedAuth, string? IdentityToken)
{
    /// <summary>True when the entry holds anything usable.</summary>
    public bool HasCredentials => DecodedAuth is not null || IdentityToken is not null;

    /// <summary>The user name part of <see cref="DecodedAuth"/>, or null when it has no <c>:</c>.</summary>
    public string? Username => DecodedAuth is { } a && a.IndexOf(':', StringComparison.Ordinal) is var i and >= 0 ? a[..i] : null;

    /// <summary>The password part of <see cref="DecodedAuth"/>, or null when it has no <c>:</c>.</summary>
    public string? Password => DecodedAuth is { } a && a.IndexOf(':', StringComparison.Ordinal) is var i and >= 0 ? a[(i + 1)..] : null;

    public override string ToString() => $"auths[\"{Key}\"]";
}
