using OpenTofuOci.Core.Credentials;
using OpenTofuOci.Core.Oci.Transport;

namespace OpenTofuOci.Core.Access;

/// <summary>
/// How one repository was reached: its registry, whether over plain HTTP, its TLS settings and the
/// explicit credential used for it (none when credentials were discovered). A command that lists a
/// repository hands this on with what it lists, so the next command reads the repository again the
/// same way (<see cref="AddressInput.Carried"/>). Secrets (the password, a PFX password) are kept out
/// of <see cref="ToString"/> and <see cref="CredentialSource"/>.
/// </summary>
public sealed class RepositoryAccess
{
    /// <summary>What <see cref="CredentialSource"/> says for a layout directory.</summary>
    public const string LayoutCredentialSource = "none (a layout directory needs none)";

    /// <summary>What <see cref="CredentialSource"/> says when credentials are found as <c>tofu</c> finds them.</summary>
    public const string DiscoveredCredentialSource = "as tofu finds them";

    /// <param name="registry">The registry (<c>host[:port]</c>).</param>
    /// <param name="plainHttp">True when it is reached over plain HTTP.</param>
    /// <param name="tls">Its TLS settings (ignored over plain HTTP).</param>
    /// <param name="credential">The explicit credential for it; null when credentials are discovered.</param>
    public RepositoryAccess(string registry, bool plainHttp, TlsSettings tls, RegistryCredential? credential)
    {
        ArgumentException.ThrowIfNullOrEmpty(registry);
        ArgumentNullException.ThrowIfNull(tls);
        Registry = registry;
        PlainHttp = plainHttp;
        Tls = tls;
        Credential = credential;
    }

    private RepositoryAccess()
    {
        Tls = TlsSettings.None;
    }

    /// <summary>An OCI image-layout directory: no registry, nothing to configure.</summary>
    public static RepositoryAccess Layout { get; } = new();

    /// <summary>The registry (<c>host[:port]</c>); null for a layout directory.</summary>
    public string? Registry { get; }

    /// <summary>True when the registry was reached over plain HTTP.</summary>
    public bool PlainHttp { get; }

    /// <summary>The registry's TLS settings: CA bundle, client certificate and key, whether verification was skipped.</summary>
    public TlsSettings Tls { get; }

    /// <summary>The explicit credential for <see cref="Registry"/>, or null when credentials are discovered.</summary>
    public RegistryCredential? Credential { get; }

    /// <summary>Which credentials were used, never the secret: the explicit one (its user and where it came from), or discovery.</summary>
    public string CredentialSource => Registry is null ? LayoutCredentialSource : Credential?.ToString() ?? DiscoveredCredentialSource;

    /// <summary>True when this access was captured for <paramref name="registry"/> (registry names compare without case).</summary>
    public bool IsFor(string? registry) =>
        Registry is not null && registry is not null && string.Equals(Registry, registry, StringComparison.OrdinalIgnoreCase);

    /// <summary>The registry with how it is reached, e.g. <c>registry.example.com (HTTPS; CA /etc/ca.pem; credentials: …)</c>.</summary>
    public override string ToString()
    {
        if (Registry is null)
        {
            return "OCI image layout";
        }

        var parts = new List<string> { PlainHttp ? "plain HTTP" : "HTTPS" };
        if (Tls.CaFile is not null)
        {
            parts.Add("CA " + Tls.CaFile);
        }

        if (Tls.ClientCertificateFile is not null)
        {
            parts.Add("client certificate " + Tls.ClientCertificateFile);
        }

        if (Tls.SkipVerify)
        {
            parts.Add("certificate check skipped");
        }

        parts.Add("credentials: " + CredentialSource);
        return $"{Registry} ({string.Join("; ", parts)})";
    }
}
