using OpenTofuOci.Core.Access;
using OpenTofuOci.Core.Credentials.Policy;
using OpenTofuOci.Core.Credentials;
using OpenTofuOci.Core.Oci.Transport;

namespace OpenTofuOci.TestFixtures;

/// <summary>Access environments that never read the machine's credentials, CLI configuration or TLS variables.</summary>
public static class HermeticAccess
{
    /// <summary>A Linux environment whose home is <paramref name="home"/> (by default one that does not exist), with only the given variables.</summary>
    public static AccessEnvironment Environment(string? home = null, IReadOnlyDictionary<string, string>? variables = null,
        Action<CredentialNotice>? notices = null)
    {
        home ??= Path.Combine(Path.GetTempPath(), "tofuoci-no-home-" + Guid.NewGuid().ToString("N"));
        var all = new Dictionary<string, string>(StringComparer.Ordinal) { ["HOME"] = home };
        foreach (var (name, value) in variables ?? new Dictionary<string, string>())
        {
            all[name] = value;
        }

        var credentials = new CredentialEnvironment(CredentialPlatform.Linux, n => all.TryGetValue(n, out var v) ? v : null, home, null);
        return new AccessEnvironment(credentials, TransportEnvironment.FromVariables(all), notices);
    }
}
