using OpenTofuOci.Core.Credentials.Login;
using OpenTofuOci.Core.Credentials.Policy;
using OpenTofuOci.PowerShell.Output;

namespace OpenTofuOci.PowerShell.Mapping;

/// <summary>Maps the credential cmdlets' parameters in and Core's results out; plain values only, so tests need no host.</summary>
internal static class CredentialCmdletMapping
{
    public static TofuOciCredentialSourceInfo ToInfo(CredentialSelection selection)
    {
        ArgumentNullException.ThrowIfNull(selection);
        var chosen = selection.Chosen;
        return new TofuOciCredentialSourceInfo(
            $"{selection.Registry}/{selection.Repository}",
            selection.Registry,
            selection.Summary,
            chosen?.Kind.ToString(),
            chosen?.Location,
            chosen?.Key,
            chosen?.Specificity.ToString(),
            chosen?.HelperName,
            selection.Candidates.Select(c => $"{(ReferenceEquals(c, chosen) ? "* " : string.Empty)}{c.Key} in {c.Location} ({c.Specificity})").ToArray(),
            selection.Locations.ToArray(),
            selection.Problems.ToArray());
    }

    public static TofuOciRegistryLoginInfo ToInfo(RegistryLoginResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new TofuOciRegistryLoginInfo(result.Registry, result.Username, result.Store.ToArray(), result.Verified, result.Changed);
    }

    /// <summary>The -Verbose line after a login or logout.</summary>
    public static string Describe(RegistryLoginResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Username is not null)
        {
            return $"Logged in to {result.Registry} as {result.Username}{(result.Verified ? string.Empty : " (the registry asked for no credentials)")}; stored in {string.Join(", ", result.Store)}.";
        }

        return result.Changed
            ? $"Removed the credentials for {result.Registry} from {string.Join(", ", result.Store)}."
            : $"Nothing was stored for {result.Registry}.";
    }
}
