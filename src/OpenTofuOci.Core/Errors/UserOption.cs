namespace OpenTofuOci.Core.Errors;

/// <summary>
/// An option of a command, named in a message without spelling it: the front end that runs spells it
/// (<c>--force</c> for <c>tofu-oci</c>, <c>-Force</c> for the cmdlets) through <see cref="OptionSpelling"/>.
/// Core never writes a front end's option name itself (docs/design.md "Errors").
/// </summary>
public enum UserOption
{
    /// <summary>Replace what exists (<c>--force</c>, <c>-Force</c>).</summary>
    Force,
    /// <summary>The repository of a provider or module.</summary>
    Repository,
    /// <summary>A repository template in the style of oci_mirror's <c>repository_template</c>.</summary>
    RepositoryTemplate,
    /// <summary>A provider platform (<c>os_arch</c>).</summary>
    Platform,
    /// <summary>The dependency lock file to update.</summary>
    LockFile,
    /// <summary>Explicit registry credentials (a user name with a password or token).</summary>
    Credential,
    /// <summary>The registry explicit credentials are for, when the command does not name exactly one.</summary>
    CredentialRegistry,
    /// <summary>Use plain HTTP for a registry.</summary>
    PlainHttp,
    /// <summary>A PEM bundle of extra CA certificates to trust.</summary>
    CaFile,
    /// <summary>The client certificate for mutual TLS.</summary>
    ClientCertificate,
    /// <summary>The private key of the client certificate.</summary>
    ClientKey,
    /// <summary>The password of an encrypted client key or PKCS#12 file.</summary>
    ClientCertificatePassword,
    /// <summary>Skip the registry's TLS certificate check.</summary>
    SkipCertificateCheck,
    /// <summary>How many times a failed registry read is retried.</summary>
    MaxRetries,
    /// <summary>Accept provider releases that carry no signature (docs/opentofu-compatibility.md §9.7).</summary>
    AllowUnsigned,
    /// <summary>Install or lock only versions with a verified provenance artifact (docs/opentofu-compatibility.md §9.6).</summary>
    RequireProvenance,
    /// <summary>An OpenPGP public key file whose keys are the only ones trusted to sign provenance.</summary>
    TrustedKey,
}
