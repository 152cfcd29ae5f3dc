namespace OpenTofuOci.Core.Oci.Transport;

/// <summary>
/// How to secure the TLS connection to one registry: extra trusted roots, a client certificate for
/// mutual TLS, and the explicit opt-out of certificate verification. Paths are absolute or relative
/// to the process's current directory. See docs/design.md "Transport security".
/// </summary>
public sealed record TlsSettings
{
    /// <summary>No extra trust, no client certificate, verification on.</summary>
    public static TlsSettings None { get; } = new();

    /// <summary>PEM file of CA certificates (one or more) trusted in addition to the system roots.</summary>
    public string? CaFile { get; init; }

    /// <summary>Client certificate: a PEM certificate (with <see cref="ClientKeyFile"/>, or with the key in the same file) or a PKCS#12/PFX file.</summary>
    public string? ClientCertificateFile { get; init; }

    /// <summary>PEM private key (RSA or ECDSA; PKCS#1, SEC1 or PKCS#8, optionally encrypted) for a PEM <see cref="ClientCertificateFile"/>.</summary>
    public string? ClientKeyFile { get; init; }

    /// <summary>Password of a PFX file or of an encrypted PEM key. Never shown anywhere.</summary>
    public string? ClientCertificatePassword { get; init; }

    /// <summary>Accept any server certificate from this registry (self-signed test servers). Warned about on every use.</summary>
    public bool SkipVerify { get; init; }

    /// <summary>True when nothing differs from the defaults.</summary>
    public bool IsDefault => CaFile is null && ClientCertificateFile is null && ClientKeyFile is null && !SkipVerify;

    /// <summary>These settings with every value <paramref name="over"/> sets taking precedence.</summary>
    public TlsSettings OverlaidWith(TlsSettings over)
    {
        ArgumentNullException.ThrowIfNull(over);
        return new TlsSettings
        {
            CaFile = over.CaFile ?? CaFile,
            ClientCertificateFile = over.ClientCertificateFile ?? ClientCertificateFile,
            ClientKeyFile = over.ClientCertificateFile is null ? over.ClientKeyFile ?? ClientKeyFile : over.ClientKeyFile,
            ClientCertificatePassword = over.ClientCertificatePassword ?? ClientCertificatePassword,
            SkipVerify = over.SkipVerify || SkipVerify,
        };
    }

    // The password must never reach a log or message through a record's generated ToString.
    public override string ToString() =>
        $"TlsSettings {{ CaFile = {CaFile}, ClientCertificateFile = {ClientCertificateFile}, ClientKeyFile = {ClientKeyFile}, SkipVerify = {SkipVerify} }}";
}
