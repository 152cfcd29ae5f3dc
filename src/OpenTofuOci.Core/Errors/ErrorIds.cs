namespace OpenTofuOci.Core.Errors;

/// <summary>
/// Stable error identifiers. They never contain variable text, so scripts can match on them
/// (they become the PowerShell <c>FullyQualifiedErrorId</c> prefix and the CLI's JSON <c>errorId</c>).
/// </summary>
public static class ErrorIds
{
    public const string NotFound = nameof(NotFound);
    public const string Unauthorized = nameof(Unauthorized);
    public const string Denied = nameof(Denied);
    public const string DigestMismatch = nameof(DigestMismatch);
    public const string SizeMismatch = nameof(SizeMismatch);
    public const string ManifestTooLarge = nameof(ManifestTooLarge);
    public const string InvalidReference = nameof(InvalidReference);
    public const string InvalidDigest = nameof(InvalidDigest);
    public const string UnsupportedDigestAlgorithm = nameof(UnsupportedDigestAlgorithm);
    public const string UnsupportedMediaType = nameof(UnsupportedMediaType);
    public const string InvalidManifest = nameof(InvalidManifest);
    public const string RegistryError = nameof(RegistryError);
    public const string ConnectionFailed = nameof(ConnectionFailed);
    public const string TooManyRequests = nameof(TooManyRequests);
    public const string Unsupported = nameof(Unsupported);
    public const string InvalidLayout = nameof(InvalidLayout);
    /// <summary>Another process kept a layout's index.json locked for too long.</summary>
    public const string LayoutBusy = nameof(LayoutBusy);
    public const string Cancelled = nameof(Cancelled);
    public const string InvalidArgument = nameof(InvalidArgument);

    // --- HCL, CLI configuration and lock files (branch hcl) ---
    /// <summary>A file is not valid HCL/JSON of the subset OpenTofu's CLI config and lock files use.</summary>
    public const string HclSyntaxError = nameof(HclSyntaxError);
    /// <summary>The CLI configuration (tofurc, *.tfrc, *.tfrc.json) breaks one of OpenTofu's rules.</summary>
    public const string InvalidCliConfiguration = nameof(InvalidCliConfiguration);
    /// <summary>A <c>.terraform.lock.hcl</c> file breaks one of OpenTofu's rules.</summary>
    public const string InvalidLockFile = nameof(InvalidLockFile);
    // --- Packages (safe unzip, deterministic zip, h1:/zh: hashes; docs/opentofu-compatibility.md §2.2, §2.6) ---
    /// <summary>A package hash string is not <c>scheme:value</c>.</summary>
    public const string InvalidPackageHash = nameof(InvalidPackageHash);
    /// <summary>A package's <c>h1:</c>/<c>zh:</c> hash could not be computed (unreadable file, odd name).</summary>
    public const string PackageHashFailed = nameof(PackageHashFailed);
    /// <summary>An archive entry would escape, collide or is a kind we refuse to extract.</summary>
    public const string UnsafeArchiveEntry = nameof(UnsafeArchiveEntry);
    /// <summary>An archive has more entries or more uncompressed bytes than allowed.</summary>
    public const string ArchiveTooLarge = nameof(ArchiveTooLarge);
    /// <summary>An archive has no entries.</summary>
    public const string EmptyArchive = nameof(EmptyArchive);
    /// <summary>A file is not a readable zip archive.</summary>
    public const string InvalidArchive = nameof(InvalidArchive);
    /// <summary>The extraction destination already exists and is not empty.</summary>
    public const string DestinationExists = nameof(DestinationExists);
    /// <summary>A symbolic link points outside the directory being packaged.</summary>
    public const string UnsafeSymlink = nameof(UnsafeSymlink);
    // --- Providers (addresses, versions, repository templates, selection; docs/opentofu-compatibility.md §1, §6) ---
    public const string InvalidProviderAddress = nameof(InvalidProviderAddress);
    public const string InvalidProviderPattern = nameof(InvalidProviderPattern);
    public const string InvalidVersionConstraint = nameof(InvalidVersionConstraint);
    public const string InvalidRepositoryTemplate = nameof(InvalidRepositoryTemplate);
    public const string UnsupportedTemplateExpression = nameof(UnsupportedTemplateExpression);
    public const string InvalidRepositoryAddress = nameof(InvalidRepositoryAddress);
    public const string ProviderNotFound = nameof(ProviderNotFound);
    public const string NoMatchingVersion = nameof(NoMatchingVersion);
    public const string NotAProviderIndex = nameof(NotAProviderIndex);
    public const string PlatformNotSupported = nameof(PlatformNotSupported);
    public const string AmbiguousPlatform = nameof(AmbiguousPlatform);
    public const string NoZipLayer = nameof(NoZipLayer);
    public const string AmbiguousZipLayer = nameof(AmbiguousZipLayer);
    // --- Provider publishing (branch publish; docs/opentofu-compatibility.md §1.3) ---
    /// <summary>Release files do not form one provider release (names, mixed types or versions, duplicate platforms, no zips).</summary>
    public const string InvalidProviderRelease = nameof(InvalidProviderRelease);
    /// <summary>A release zip is not listed in, or does not match, the release's SHA256SUMS file.</summary>
    public const string ChecksumMismatch = nameof(ChecksumMismatch);
    /// <summary>The version's tag already holds different content; publish again with Force to replace it.</summary>
    public const string ProviderVersionExists = nameof(ProviderVersionExists);

    // --- Provider install and lock (branch install; docs/opentofu-compatibility.md §2.1, §2.4) ---
    /// <summary>The lock file records other hashes for the locked version than the mirror's package has.</summary>
    public const string LockedChecksumMismatch = nameof(LockedChecksumMismatch);
    /// <summary>A package already in the destination differs from the one being installed.</summary>
    public const string PackageMismatch = nameof(PackageMismatch);
    /// <summary>A provider package holds no <c>terraform-provider-TYPE</c> executable.</summary>
    public const string ProviderBinaryNotFound = nameof(ProviderBinaryNotFound);
    /// <summary>A provider layer's descriptor says it is for another platform or is not a zip.</summary>
    public const string UnexpectedProviderLayer = nameof(UnexpectedProviderLayer);
    /// <summary>Another process (tofu init or tofu-oci) kept a package's install lock for longer than the wait allows.</summary>
    public const string PackageBusy = nameof(PackageBusy);
    /// <summary>Another process kept a dependency lock file's update lock for longer than the wait allows.</summary>
    public const string LockFileBusy = nameof(LockFileBusy);

    // Modules (issue 5; docs/opentofu-compatibility.md §3)
    /// <summary>An <c>oci://</c> (or <c>oci-layout:</c>) module source breaks a rule of OpenTofu's OCI module getter (scheme, query arguments).</summary>
    public const string InvalidModuleAddress = nameof(InvalidModuleAddress);
    /// <summary>A module source's <c>//subdir</c> leaves the package, or names nothing (or more than one directory) in it.</summary>
    public const string InvalidModuleSubdirectory = nameof(InvalidModuleSubdirectory);
    /// <summary>The tag or digest of a module source holds something other than an OpenTofu module package (an index, another artifactType).</summary>
    public const string NotAModulePackage = nameof(NotAModulePackage);
    /// <summary>A module directory has no files to package (after exclusions).</summary>
    public const string EmptyModuleDirectory = nameof(EmptyModuleDirectory);
    /// <summary>An <c>-Exclude</c>/<c>--exclude</c> pattern is not a valid glob.</summary>
    public const string InvalidExcludePattern = nameof(InvalidExcludePattern);
    /// <summary>A tag to publish a module under already points at other content; publish again with Force to move it.</summary>
    public const string ModuleTagExists = nameof(ModuleTagExists);

    // --- Credentials (issue 4; docs/opentofu-compatibility.md §4.3, §5) ---
    /// <summary>A Docker-style credentials file cannot be read or is not valid.</summary>
    public const string InvalidDockerConfig = nameof(InvalidDockerConfig);
    /// <summary>The credential configuration as a whole is unusable (e.g. files named by docker_style_config_files are missing).</summary>
    public const string InvalidCredentialsConfiguration = nameof(InvalidCredentialsConfiguration);
    /// <summary>A matching credential entry is malformed, so the credentials for a registry cannot be decided.</summary>
    public const string CredentialLookupFailed = nameof(CredentialLookupFailed);
    /// <summary>A configured <c>docker-credential-*</c> helper is not on PATH.</summary>
    public const string CredentialHelperNotFound = nameof(CredentialHelperNotFound);
    /// <summary>A credential helper failed or printed something unusable.</summary>
    public const string CredentialHelperFailed = nameof(CredentialHelperFailed);
    /// <summary>A credential helper did not finish in time and was stopped.</summary>
    public const string CredentialHelperTimeout = nameof(CredentialHelperTimeout);
    /// <summary>Login or logout could not update the credentials file.</summary>
    public const string CredentialStoreFailed = nameof(CredentialStoreFailed);

    // Transport security (issue 4)
    /// <summary>A CA bundle, client certificate or key file is unreadable or not valid PEM/PKCS#12 (or the password is wrong).</summary>
    public const string TlsFileInvalid = nameof(TlsFileInvalid);
    /// <summary>The client private key does not belong to the client certificate.</summary>
    public const string ClientKeyMismatch = nameof(ClientKeyMismatch);
    /// <summary>The registry's certificate does not chain to a trusted root (system, --ca-file or SSL_CERT_FILE).</summary>
    public const string UntrustedCertificate = nameof(UntrustedCertificate);
    /// <summary>The registry's certificate is not valid for the host name it was reached by.</summary>
    public const string CertificateNameMismatch = nameof(CertificateNameMismatch);
    /// <summary>The registry requires a client certificate (mutual TLS) and none was configured.</summary>
    public const string ClientCertificateRequired = nameof(ClientCertificateRequired);
    /// <summary>The registry refused the client certificate that was presented.</summary>
    public const string ClientCertificateRejected = nameof(ClientCertificateRejected);
    /// <summary>An https request was redirected to plain http.</summary>
    public const string InsecureRedirect = nameof(InsecureRedirect);
    /// <summary>A token realm on plain http (not loopback) would have received credentials.</summary>
    public const string InsecureTokenRealm = nameof(InsecureTokenRealm);

    // File system (front ends)
    /// <summary>Reading or writing a local file or directory failed (missing parent, no permission, read-only or full disk).</summary>
    public const string FileAccessFailed = nameof(FileAccessFailed);
}
