namespace OpenTofuOci.Core.Errors;

/// <summary>
/// The outcome a <see cref="TofuOciException"/> reports, as a value callers branch on
/// (<c>catch (TofuOciException e) when (e.Code == ErrorCode.NotFound)</c>, a <c>switch</c>, or in
/// PowerShell <c>$_.Exception.Code -eq 'DigestMismatch'</c>) instead of comparing id strings.
/// </summary>
/// <remarks>
/// There is one member per stable id in <see cref="ErrorIds"/>, with the same name, and
/// <see cref="TofuOciException.Code"/> is derived from <see cref="TofuOciException.ErrorId"/>, so every
/// exception carrying an id — also one re-thrown with more context — has its code; the ids users see
/// (PowerShell's <c>FullyQualifiedErrorId</c>, tofu-oci's <c>[Id]</c> and JSON <c>id</c>) are unchanged.
/// An id that is not one of <see cref="ErrorIds"/> (a front end's own) is <see cref="Other"/>. Members are
/// listed alphabetically; their numeric values are not stable across versions: store or compare names.
/// <see cref="ErrorKind"/> stays the broad class (not found, authentication, …) a front end maps to its
/// own categories; the code says exactly which outcome it was.
/// </remarks>
public enum ErrorCode
{
    /// <summary>An id that is not one of <see cref="ErrorIds"/>.</summary>
    Other = 0,
    AmbiguousPlatform,
    AmbiguousZipLayer,
    ArchiveTooLarge,
    ArtifactGraphTooLarge,
    Cancelled,
    CertificateNameMismatch,
    ChecksumMismatch,
    ClientCertificateRejected,
    ClientCertificateRequired,
    ClientKeyMismatch,
    ConnectionFailed,
    CredentialHelperFailed,
    CredentialHelperNotFound,
    CredentialHelperTimeout,
    CredentialLookupFailed,
    CredentialStoreFailed,
    Denied,
    DestinationExists,
    DigestMismatch,
    EmptyArchive,
    EmptyModuleDirectory,
    FileAccessFailed,
    HclSyntaxError,
    InsecureRedirect,
    InsecureTokenRealm,
    InvalidArchive,
    InvalidArgument,
    InvalidCliConfiguration,
    InvalidCredentialsConfiguration,
    InvalidDigest,
    InvalidDockerConfig,
    InvalidExcludePattern,
    InvalidLayout,
    InvalidLockFile,
    InvalidManifest,
    InvalidModuleAddress,
    InvalidModuleSubdirectory,
    InvalidPackageHash,
    InvalidProviderAddress,
    InvalidProviderPattern,
    InvalidProviderRelease,
    InvalidReference,
    InvalidRepositoryAddress,
    InvalidRepositoryTemplate,
    InvalidVersionConstraint,
    LayoutBusy,
    LockFileBusy,
    LockedChecksumMismatch,
    ManifestTooLarge,
    ModuleTagExists,
    NoMatchingVersion,
    NoZipLayer,
    NotAModulePackage,
    NotAProviderIndex,
    NotFound,
    PackageBusy,
    PackageHashFailed,
    PackageMismatch,
    PlatformNotSupported,
    ProviderBinaryNotFound,
    ProviderNotFound,
    ProviderVersionExists,
    RegistryError,
    SizeMismatch,
    TagListTooLarge,
    TlsFileInvalid,
    TooManyRequests,
    Unauthorized,
    UnexpectedProviderLayer,
    UnsafeArchiveEntry,
    UnsafeSymlink,
    Unsupported,
    UnsupportedDigestAlgorithm,
    UnsupportedMediaType,
    UnsupportedTemplateExpression,
    UntrustedCertificate,
}
