using OpenTofuOci.Core.Credentials;
using OpenTofuOci.Core.Errors;

namespace OpenTofuOci.Core.Oci.Remote;

/// <summary>Authentication errors that name the credential source tried (issue 4).</summary>
internal sealed partial class RegistryHttpClient
{
    private TofuOciException Unauthorized(RegistryCredential? credential, bool write, IReadOnlyList<RegistryErrorDetail>? details = null, string? realmHost = null) =>
        RegistryErrors.Unauthorized(Registry, Repository, credential, write, details, realmHost,
            credential is null ? _options.Credentials.DescribeMissing(Registry, Repository) : null);

    private TofuOciException Denied(RegistryCredential? credential, string operation, IReadOnlyList<RegistryErrorDetail> details) =>
        RegistryErrors.Denied(Registry, Repository, credential, operation, details,
            credential is null ? _options.Credentials.DescribeMissing(Registry, Repository) : null);
}
