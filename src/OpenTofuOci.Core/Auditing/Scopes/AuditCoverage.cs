using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Providers;

namespace OpenTofuOci.Core.Auditing.Scopes;

/// <summary>How many versions and platforms an audit looked at: what the summary counts.</summary>
internal static class AuditCoverage
{
    /// <summary>
    /// The version tags OpenTofu reads in the request's repository (within its constraint) and the platform entries of
    /// those whose index it can use; a repository that cannot be listed counts nothing (the audit reports why).
    /// </summary>
    public static async Task<(int Versions, int Platforms)> CountAsync(ProviderAuditRequest request, CancellationToken cancellationToken)
    {
        try
        {
            var listed = (await ProviderVersionCatalog.ListAsync(request.Target, request.Provider, cancellationToken).ConfigureAwait(false))
                .Where(v => request.Versions is null || request.Versions.Allows(v.Version))
                .ToList();
            return (listed.Count, listed.Sum(v => v.Platforms.Count));
        }
        catch (TofuOciException ex) when (ex.Kind is ErrorKind.NotFound or ErrorKind.InvalidData)
        {
            return (0, 0);
        }
    }
}
