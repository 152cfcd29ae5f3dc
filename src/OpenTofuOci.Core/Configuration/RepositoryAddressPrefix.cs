using OpenTofuOci.Core.Oci;

namespace OpenTofuOci.Core.Configuration;

/// <summary>
/// OpenTofu's <c>ParseRepositoryAddressPrefix</c> for <c>oci_credentials</c> labels
/// (docs/opentofu-compatibility.md §5.5): a registry domain, optionally followed by <c>/</c> and a repository
/// path, with no tag or digest. Error texts are OpenTofu's (ORAS's).
/// </summary>
internal static class RepositoryAddressPrefix
{
    public static bool TryParse(string address, out string domain, out string repository, out string? error)
    {
        domain = address;
        repository = string.Empty;
        error = null;
        var slash = address.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            if (!Reference.IsValidRegistry(address))
            {
                error = $"invalid reference: invalid registry \"{address}\"";
            }

            return error is null;
        }

        domain = address[..slash];
        var path = address[(slash + 1)..];
        var hasSelector = false;
        var at = path.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0 || path.Contains(':', StringComparison.Ordinal))
        {
            // ORAS cuts the repository at "@" first, then at ":" inside what is left.
            var cut = at >= 0 ? path[..at] : path;
            var c = cut.IndexOf(':', StringComparison.Ordinal);
            path = c >= 0 ? cut[..c] : cut;
            hasSelector = true;
        }

        repository = path;
        if (!Reference.IsValidRegistry(domain))
        {
            error = $"invalid reference: invalid registry \"{domain}\"";
        }
        else if (!Reference.IsValidRepository(repository))
        {
            error = $"invalid reference: invalid repository \"{repository}\"";
        }
        else if (hasSelector)
        {
            error = "invalid reference: artifact tag or digest not allowed";
        }

        return error is null;
    }
}
