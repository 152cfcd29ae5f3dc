using OpenTofuOci.Core.Access;
using OpenTofuOci.Core.Credentials;
using OpenTofuOci.Core.Oci.Transport;
using OpenTofuOci.Core.Providers;

namespace OpenTofuOci.Core.Tests.Access;

/// <summary>Builds access requests the way a front end fills them, in a hermetic environment; relative layouts resolve against <see cref="Location"/>.</summary>
internal static class Plans
{
    public static readonly string Location = Path.Combine(Path.GetTempPath(), "access-location");

    public static RegistryCredential Alice { get; } = RegistryCredential.Basic("alice", "Alice-s3cret", "the test");

    public static AccessRequest Request(string[]? addresses = null, string? template = null, RegistryCredential? credential = null, string? credentialRegistry = null,
        bool plainHttp = false, TlsSettings? tls = null, IReadOnlyDictionary<string, TlsSettings>? registryTls = null, bool skipCertificateCheck = false,
        string[]? providers = null, AddressUse use = AddressUse.Repository, AccessEnvironment? environment = null) => new()
        {
            Addresses = (addresses ?? []).Select(a => new AddressInput(a, use)).ToList(),
            RepositoryTemplate = template,
            Providers = (providers ?? []).Select(ProviderAddress.Parse).ToList(),
            Credential = credential,
            CredentialRegistry = credentialRegistry,
            PlainHttp = plainHttp,
            Tls = tls ?? TlsSettings.None,
            RegistryTls = registryTls ?? new Dictionary<string, TlsSettings>(),
            SkipCertificateCheck = skipCertificateCheck,
            ResolveLayoutPath = p => Path.GetFullPath(p, Location),
            Environment = environment ?? HermeticAccess.Environment(),
        };

    public static AccessPlan Plan(string[]? addresses = null, string? template = null, RegistryCredential? credential = null, string? credentialRegistry = null,
        bool plainHttp = false, TlsSettings? tls = null, IReadOnlyDictionary<string, TlsSettings>? registryTls = null, bool skipCertificateCheck = false,
        string[]? providers = null, AddressUse use = AddressUse.Repository, AccessEnvironment? environment = null) =>
        AccessPlan.Create(Request(addresses, template, credential, credentialRegistry, plainHttp, tls, registryTls, skipCertificateCheck, providers, use, environment));

    public static Errors.TofuOciException Refused(AccessRequest request) => Assert.Throws<Errors.TofuOciException>(() => AccessPlan.Create(request));
}
