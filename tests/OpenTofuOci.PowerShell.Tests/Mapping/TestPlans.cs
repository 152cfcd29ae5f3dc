using OpenTofuOci.Core.Access;
using OpenTofuOci.Core.Credentials;
using OpenTofuOci.TestFixtures;

namespace OpenTofuOci.PowerShell.Tests.Mapping;

/// <summary>Access plans as the cmdlets make them, with a hermetic environment and layouts relative to a given location.</summary>
internal static class TestPlans
{
    /// <summary>The plan for one repository address, relative layouts resolved against <paramref name="location"/>.</summary>
    public static AccessPlan For(string repository, string location, RegistryCredential? credential = null, bool plainHttp = false,
        Core.Oci.Transport.TlsSettings? tls = null, AccessEnvironment? environment = null) =>
        AccessPlan.Create(new AccessRequest
        {
            Addresses = [new AddressInput(repository)],
            Credential = credential,
            PlainHttp = plainHttp,
            Tls = tls ?? Core.Oci.Transport.TlsSettings.None,
            ResolveLayoutPath = p => Path.GetFullPath(p, location),
            Environment = environment ?? HermeticAccess.Environment(),
        });
}
