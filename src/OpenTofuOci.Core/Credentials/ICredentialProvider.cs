namespace OpenTofuOci.Core.Credentials;

/// <summary>
/// Supplies credentials for a registry host[:port] and repository when a registry challenges.
/// Returns null for anonymous access. Called lazily, only after a 401.
/// </summary>
public interface ICredentialProvider
{
    ValueTask<RegistryCredential?> GetCredentialAsync(string registry, string repository, CancellationToken cancellationToken = default);

    /// <summary>
    /// Says, for error messages, why <see cref="GetCredentialAsync"/> gave no credential for the repository
    /// (never a secret). Providers that search configuration name what they searched.
    /// </summary>
    string DescribeMissing(string registry, string repository) => $"anonymous (no credentials found for {registry})";
}

/// <summary>A provider that answers with one credential for exactly one registry host, and nothing for others.</summary>
public sealed class StaticCredentialProvider(string forRegistry, RegistryCredential credential) : ICredentialProvider
{
    public ValueTask<RegistryCredential?> GetCredentialAsync(string registry, string repository, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(string.Equals(registry, forRegistry, StringComparison.OrdinalIgnoreCase) ? credential : null);
}

/// <summary>Anonymous access everywhere.</summary>
public sealed class AnonymousCredentialProvider : ICredentialProvider
{
    public static AnonymousCredentialProvider Instance { get; } = new();

    public ValueTask<RegistryCredential?> GetCredentialAsync(string registry, string repository, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<RegistryCredential?>(null);
}
