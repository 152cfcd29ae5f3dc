using System.Collections.Concurrent;
using OpenTofuOci.Core.Errors;

namespace OpenTofuOci.Core.Credentials.Policy;

/// <summary>
/// Finds credentials the way <c>tofu</c> would (docs/opentofu-compatibility.md §4.1, §5): the policy is loaded on
/// the first challenge, the chosen source is asked (helpers run then), "not found" means anonymous.
/// Problems OpenTofu silently skips are reported through the notice callback.
/// </summary>
public sealed class DiscoveredCredentialProvider : ICredentialProvider
{
    private readonly CredentialEnvironment _environment;
    private readonly Action<CredentialNotice>? _notify;
    private readonly object _gate = new();
    private readonly ConcurrentDictionary<string, string> _missing = new(StringComparer.Ordinal);
    private Task<CredentialPolicy>? _policy;

    /// <param name="environment">OS, environment variables and folders to search.</param>
    /// <param name="notify">Receives warnings and details (malformed entries, dropped files); may be called from any thread.</param>
    public DiscoveredCredentialProvider(CredentialEnvironment environment, Action<CredentialNotice>? notify = null)
    {
        ArgumentNullException.ThrowIfNull(environment);
        _environment = environment;
        _notify = notify;
    }

    /// <summary>The policy, loaded once (a failed load is retried on the next call).</summary>
    public Task<CredentialPolicy> GetPolicyAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_policy is null || _policy.IsFaulted || _policy.IsCanceled)
            {
                _policy = LoadAsync(cancellationToken);
            }

            return _policy;
        }
    }

    private async Task<CredentialPolicy> LoadAsync(CancellationToken cancellationToken)
    {
        var policy = await CredentialPolicy.LoadAsync(_environment, cancellationToken).ConfigureAwait(false);
        foreach (var notice in policy.Notices)
        {
            _notify?.Invoke(notice);
        }

        return policy;
    }

    public async ValueTask<RegistryCredential?> GetCredentialAsync(string registry, string repository, CancellationToken cancellationToken = default)
    {
        var policy = await GetPolicyAsync(cancellationToken).ConfigureAwait(false);
        var selection = policy.Select(registry, repository);
        var key = registry + "/" + repository;
        if (selection.Chosen is null)
        {
            foreach (var problem in selection.Problems)
            {
                _notify?.Invoke(new CredentialNotice(true, $"Ignored while looking for credentials for {key} (OpenTofu ignores it silently): {problem}"));
            }

            var why = selection.Summary + (selection.Locations.Count == 0
                ? "; no OpenTofu oci_credentials block and no Docker-style credentials file exists"
                : $"; searched {string.Join(", ", selection.Locations)}");
            _missing[key] = why;
            _notify?.Invoke(new CredentialNotice(false, $"Credentials for {key}: {why}."));
            return null;
        }

        if (selection.Problems.Count > 0)
        {
            throw new TofuOciException(ErrorIds.CredentialLookupFailed, ErrorKind.InvalidArgument,
                $"finding credentials for \"{registry}\": {string.Join("; ", selection.Problems)}. Fix or remove those entries (e.g. log in again with {UserInvocation.Login(registry)}).",
                key);
        }

        _notify?.Invoke(new CredentialNotice(false, $"Credentials for {key}: {selection.Chosen.Description}, matched {selection.Chosen.Key} ({selection.Chosen.Specificity})."));
        var credential = await selection.Chosen.GetCredentialAsync(cancellationToken).ConfigureAwait(false);
        if (credential is null)
        {
            _missing[key] = $"anonymous ({selection.Chosen.Description} has no credentials for {registry})";
            _notify?.Invoke(new CredentialNotice(false, $"Credentials for {key}: {_missing[key]}."));
        }

        return credential;
    }

    public string DescribeMissing(string registry, string repository) =>
        _missing.TryGetValue(registry + "/" + repository, out var why) ? why : $"anonymous (no credentials found for {registry}/{repository})";
}
