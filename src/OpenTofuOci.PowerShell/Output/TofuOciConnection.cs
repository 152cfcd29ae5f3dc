using OpenTofuOci.Core.Credentials;

namespace OpenTofuOci.PowerShell.Output;

/// <summary>
/// How a repository was reached: the settings a cmdlet used for the registry an object came from, so
/// that a piped object is read again the same way (<c>Get-TofuOciTag … -PlainHttp -Credential $c |
/// Publish-TofuProvider -Repository B</c> reads the source over plain HTTP with <c>$c</c>). Properties
/// say what was used; secrets (a password, a PFX password) are kept out of every property and string.
/// </summary>
/// <remarks>See docs/design.md, "Pipelines carry their connection".</remarks>
public sealed class TofuOciConnection
{
    internal TofuOciConnection(string? registry, bool plainHttp, string? certificateAuthorityPath, string? clientCertificatePath,
        string? clientKeyPath, bool skipCertificateCheck, string credentialSource, RegistryCredential? credential, string? clientCertificatePassword)
    {
        Registry = registry;
        PlainHttp = plainHttp;
        CertificateAuthorityPath = certificateAuthorityPath;
        ClientCertificatePath = clientCertificatePath;
        ClientKeyPath = clientKeyPath;
        SkipCertificateCheck = skipCertificateCheck;
        CredentialSource = credentialSource;
        Credential = credential;
        ClientCertificatePassword = clientCertificatePassword;
    }

    /// <summary>The registry (<c>host[:port]</c>); null for an OCI image-layout directory.</summary>
    public string? Registry { get; }

    /// <summary>True when the registry was reached over plain HTTP (<c>-PlainHttp</c>).</summary>
    public bool PlainHttp { get; }

    /// <summary>The extra CA bundle trusted for the registry (<c>-CertificateAuthorityPath</c>), or null.</summary>
    public string? CertificateAuthorityPath { get; }

    /// <summary>The client certificate presented for mutual TLS (<c>-ClientCertificatePath</c>), or null.</summary>
    public string? ClientCertificatePath { get; }

    /// <summary>The client certificate's key file (<c>-ClientKeyPath</c>), or null.</summary>
    public string? ClientKeyPath { get; }

    /// <summary>True when certificate verification was skipped for the registry (<c>-SkipCertificateCheck</c>).</summary>
    public bool SkipCertificateCheck { get; }

    /// <summary>Which credentials were used: <c>-Credential</c> (with the user name), the ones tofu would find, or none; never the secret.</summary>
    public string CredentialSource { get; }

    /// <summary>The explicit credential (<c>-Credential</c>) for <see cref="Registry"/>, or null for discovery.</summary>
    internal RegistryCredential? Credential { get; }

    /// <summary>The password of <see cref="ClientCertificatePath"/> (PFX or encrypted key), or null.</summary>
    internal string? ClientCertificatePassword { get; }

    /// <inheritdoc/>
    public override string ToString()
    {
        if (Registry is null)
        {
            return "OCI image layout";
        }

        var parts = new List<string> { PlainHttp ? "plain HTTP" : "HTTPS" };
        if (CertificateAuthorityPath is not null)
        {
            parts.Add("CA " + CertificateAuthorityPath);
        }

        if (ClientCertificatePath is not null)
        {
            parts.Add("client certificate " + ClientCertificatePath);
        }

        if (SkipCertificateCheck)
        {
            parts.Add("certificate check skipped");
        }

        parts.Add("credentials: " + CredentialSource);
        return $"{Registry} ({string.Join("; ", parts)})";
    }
}
