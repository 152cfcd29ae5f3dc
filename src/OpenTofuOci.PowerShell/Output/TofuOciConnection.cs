using OpenTofuOci.Core.Access;

namespace OpenTofuOci.PowerShell.Output;

/// <summary>
/// How a repository was reached: the settings a cmdlet used for the registry an object came from, so
/// that a piped object is read again the same way (<c>Get-TofuOciTag … -PlainHttp -Credential $c |
/// Publish-TofuProvider -Repository B</c> reads the source over plain HTTP with <c>$c</c>). Properties
/// say what was used; secrets (a password, a PFX password) are kept out of every property and string.
/// </summary>
/// <remarks>
/// A view of Core's <see cref="RepositoryAccess"/>, which the receiving cmdlet hands back to Core.
/// See docs/design.md, "Pipelines carry their connection".
/// </remarks>
public sealed class TofuOciConnection
{
    internal TofuOciConnection(RepositoryAccess access)
    {
        ArgumentNullException.ThrowIfNull(access);
        Access = access;
    }

    /// <summary>The connection of an OCI image-layout directory: no registry.</summary>
    internal static TofuOciConnection Layout { get; } = new(RepositoryAccess.Layout);

    /// <summary>The registry (<c>host[:port]</c>); null for an OCI image-layout directory.</summary>
    public string? Registry => Access.Registry;

    /// <summary>True when the registry was reached over plain HTTP (<c>-PlainHttp</c>).</summary>
    public bool PlainHttp => Access.PlainHttp;

    /// <summary>The extra CA bundle trusted for the registry (<c>-CertificateAuthorityPath</c>), or null.</summary>
    public string? CertificateAuthorityPath => Access.Tls.CaFile;

    /// <summary>The client certificate presented for mutual TLS (<c>-ClientCertificatePath</c>), or null.</summary>
    public string? ClientCertificatePath => Access.Tls.ClientCertificateFile;

    /// <summary>The client certificate's key file (<c>-ClientKeyPath</c>), or null.</summary>
    public string? ClientKeyPath => Access.Tls.ClientKeyFile;

    /// <summary>True when certificate verification was skipped for the registry (<c>-SkipCertificateCheck</c>).</summary>
    public bool SkipCertificateCheck => Access.Tls.SkipVerify;

    /// <summary>Which credentials were used: <c>-Credential</c> (with the user name), the ones tofu would find, or none; never the secret.</summary>
    public string CredentialSource => Access.CredentialSource;

    /// <summary>How the repository was reached, with the explicit credential and the PFX password kept internal.</summary>
    internal RepositoryAccess Access { get; }

    /// <inheritdoc/>
    public override string ToString() => Access.ToString();
}
