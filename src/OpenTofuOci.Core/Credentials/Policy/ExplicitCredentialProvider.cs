namespace OpenTofuOci.Core.Credentials.Policy;

/// <summary>
/// Explicit credentials (<c>-Credential</c>, <c>--username/--password-stdin</c>) for the one registry they
/// were given for; every other registry gets what <paramref name="fallback"/> finds. Explicit always wins.
/// </summary>
public sealed class ExplicitCredentialProvider(string registry, RegistryCredential credential, ICredentialProvider fallback) : ICredentialProvider
{
    /// <summary>The registry (host[:port]) the explicit credential is for.</summary>
    public string Registry { get; } = registry;

    public ValueTask<RegistryCredential?> GetCredentialAsync(string registry, string repository, CancellationToken cancellationToken = default) =>
        string.Equals(registry, Registry, StringComparison.OrdinalIgnoreCase)
            ? ValueTask.FromResult<RegistryCredential?>(credential)
            : fallback.GetCredentialAsync(registry, repository, cancellationToken);

    public string DescribeMissing(string registry, string repository) => fallback.DescribeMissing(registry, repository);
}
