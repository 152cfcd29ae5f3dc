using OpenTofuOci.Core.Credentials.Policy;

namespace OpenTofuOci.Core.Credentials.Login;

/// <summary>What a login or logout did (never the secret).</summary>
/// <param name="Registry">host[:port].</param>
/// <param name="Username">The user logged in, or null for a logout.</param>
/// <param name="Store">Where the credentials were stored or removed: a file path or <c>credential helper docker-credential-…</c>.</param>
/// <param name="Verified">True when the registry accepted the credentials (login), or false when it asked for none.</param>
/// <param name="Changed">For logout: true when something was removed.</param>
public sealed record RegistryLoginResult(string Registry, string? Username, IReadOnlyList<string> Store, bool Verified, bool Changed)
{
    /// <summary>What the user should know although it worked, e.g. that OpenTofu will not read a login stored because of <c>DOCKER_CONFIG</c>.</summary>
    public IReadOnlyList<CredentialNotice> Notices { get; init; } = [];
}
