namespace OpenTofuOci.Core.Errors;

/// <summary>
/// Stable error identifiers, grouped by what went wrong. They never contain variable text, so
/// scripts can match on them (they become the PowerShell <c>FullyQualifiedErrorId</c> prefix and
/// tofu-oci's <c>[Id]</c> and JSON <c>id</c>); Core branches on the matching <see cref="ErrorCode"/>.
/// </summary>
public static class ErrorIds
{
    // --- Registries and transfers: what a registry or the network answered ---
    /// <summary>The repository, tag, manifest or blob does not exist (HTTP 404), or a local file or directory named does not.</summary>
    public const string NotFound = nameof(NotFound);
    /// <summary>The registry asked for credentials and none were accepted (HTTP 401).</summary>
    public const string Unauthorized = nameof(Unauthorized);
    /// <summary>The credentials were accepted but lack the permission needed (HTTP 403).</summary>
    public const string Denied = nameof(Denied);
    /// <summary>The registry could not be reached, or the connection broke.</summary>
    public const string ConnectionFailed = nameof(ConnectionFailed);
    /// <summary>The registry kept answering 429 Too Many Requests.</summary>
    public const string TooManyRequests = nameof(TooManyRequests);
    /// <summary>The registry answered with an error this tool has no more specific id for.</summary>
    public const string RegistryError = nameof(RegistryError);
    /// <summary>A repository's tag list has more pages or tags than a listing reads (a runaway or hostile registry).</summary>
    public const string TagListTooLarge = nameof(TagListTooLarge);
    /// <summary>The registry or layout does not support an operation this needed.</summary>
    public const string Unsupported = nameof(Unsupported);
    /// <summary>The operation was stopped (Ctrl+C, a stopped pipeline).</summary>
    public const string Cancelled = nameof(Cancelled);

    // --- Verification: content that is not what its descriptor says ---
    /// <summary>Content read does not hash to the digest its descriptor names.</summary>
    public const string DigestMismatch = nameof(DigestMismatch);
    /// <summary>Content read is shorter or longer than its descriptor says.</summary>
    public const string SizeMismatch = nameof(SizeMismatch);
    /// <summary>A manifest or index is larger than OpenTofu would read (or than we write).</summary>
    public const string ManifestTooLarge = nameof(ManifestTooLarge);
    /// <summary>An artifact references more manifests, or nests indexes deeper, than a copy walks.</summary>
    public const string ArtifactGraphTooLarge = nameof(ArtifactGraphTooLarge);
    /// <summary>A digest string breaks go-digest's rules.</summary>
    public const string InvalidDigest = nameof(InvalidDigest);
    /// <summary>A digest uses an algorithm other than sha256 or sha512.</summary>
    public const string UnsupportedDigestAlgorithm = nameof(UnsupportedDigestAlgorithm);
    /// <summary>A manifest, index or layer has a media type this operation does not handle.</summary>
    public const string UnsupportedMediaType = nameof(UnsupportedMediaType);
    /// <summary>A manifest or index is not valid JSON of its schema.</summary>
    public const string InvalidManifest = nameof(InvalidManifest);

    // --- Addresses and arguments: what the user wrote ---
    /// <summary>A parameter value or combination of parameters is not valid.</summary>
    public const string InvalidArgument = nameof(InvalidArgument);
    /// <summary>A repository address, tag or digest reference is malformed.</summary>
    public const string InvalidReference = nameof(InvalidReference);
    /// <summary>A provider source address breaks OpenTofu's rules.</summary>
    public const string InvalidProviderAddress = nameof(InvalidProviderAddress);
    /// <summary>An include or exclude pattern of an oci_mirror block is malformed.</summary>
    public const string InvalidProviderPattern = nameof(InvalidProviderPattern);
    /// <summary>A version constraint is malformed.</summary>
    public const string InvalidVersionConstraint = nameof(InvalidVersionConstraint);
    /// <summary>A repository template is malformed or maps an address to no valid repository.</summary>
    public const string InvalidRepositoryTemplate = nameof(InvalidRepositoryTemplate);
    /// <summary>A repository template uses an expression OpenTofu does not support there.</summary>
    public const string UnsupportedTemplateExpression = nameof(UnsupportedTemplateExpression);
    /// <summary>A repository template produced an address that is not a valid repository.</summary>
    public const string InvalidRepositoryAddress = nameof(InvalidRepositoryAddress);
    /// <summary>An <c>oci://</c> (or <c>oci-layout:</c>) module source breaks a rule of OpenTofu's OCI module getter (scheme, query arguments).</summary>
    public const string InvalidModuleAddress = nameof(InvalidModuleAddress);
    /// <summary>A module source's <c>//subdir</c> leaves the package, or names nothing (or more than one directory) in it.</summary>
    public const string InvalidModuleSubdirectory = nameof(InvalidModuleSubdirectory);
    /// <summary>An <c>-Exclude</c>/<c>--exclude</c> pattern is not a valid glob.</summary>
    public const string InvalidExcludePattern = nameof(InvalidExcludePattern);

    // --- Configuration files: CLI configuration, lock files, credential files (docs/opentofu-compatibility.md §5, §6, §10) ---
    /// <summary>A file is not valid HCL/JSON of the subset OpenTofu's CLI config and lock files use.</summary>
    public const string HclSyntaxError = nameof(HclSyntaxError);
    /// <summary>The CLI configuration (tofurc, *.tfrc, *.tfrc.json) breaks one of OpenTofu's rules.</summary>
    public const string InvalidCliConfiguration = nameof(InvalidCliConfiguration);
    /// <summary>A <c>.terraform.lock.hcl</c> file breaks one of OpenTofu's rules.</summary>
    public const string InvalidLockFile = nameof(InvalidLockFile);
    /// <summary>A Docker-style credentials file cannot be read or is not valid.</summary>
    public const string InvalidDockerConfig = nameof(InvalidDockerConfig);
    /// <summary>The credential configuration as a whole is unusable (e.g. files named by docker_style_config_files are missing).</summary>
    public const string InvalidCredentialsConfiguration = nameof(InvalidCredentialsConfiguration);

    // --- What a tag holds: OpenTofu's reading rules for providers and modules (docs/opentofu-compatibility.md §1.3, §3.3) ---
    /// <summary>The provider has no repository in the mirror, or its repository has no version tags.</summary>
    public const string ProviderNotFound = nameof(ProviderNotFound);
    /// <summary>No version in the mirror meets the constraint (or the lock file's version).</summary>
    public const string NoMatchingVersion = nameof(NoMatchingVersion);
    /// <summary>A version tag holds something other than OpenTofu's provider index.</summary>
    public const string NotAProviderIndex = nameof(NotAProviderIndex);
    /// <summary>The version has no package for the platform asked for.</summary>
    public const string PlatformNotSupported = nameof(PlatformNotSupported);
    /// <summary>The version's index lists the platform more than once.</summary>
    public const string AmbiguousPlatform = nameof(AmbiguousPlatform);
    /// <summary>A platform manifest has no zip layer.</summary>
    public const string NoZipLayer = nameof(NoZipLayer);
    /// <summary>A platform manifest has more than one zip layer.</summary>
    public const string AmbiguousZipLayer = nameof(AmbiguousZipLayer);
    /// <summary>A provider layer's descriptor says it is for another platform or is not a zip.</summary>
    public const string UnexpectedProviderLayer = nameof(UnexpectedProviderLayer);
    /// <summary>A provider package holds no <c>terraform-provider-TYPE</c> executable.</summary>
    public const string ProviderBinaryNotFound = nameof(ProviderBinaryNotFound);
    /// <summary>The tag or digest of a module source holds something other than an OpenTofu module package (an index, another artifactType).</summary>
    public const string NotAModulePackage = nameof(NotAModulePackage);

    // --- Packages and archives: hashes, safe unzip, packaging (docs/opentofu-compatibility.md §2.2, §2.6) ---
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
    /// <summary>A symbolic link points outside the directory being packaged.</summary>
    public const string UnsafeSymlink = nameof(UnsafeSymlink);
    /// <summary>A module directory has no files to package (after exclusions).</summary>
    public const string EmptyModuleDirectory = nameof(EmptyModuleDirectory);

    // --- Publishing: releases and tags that would move ---
    /// <summary>Release files do not form one provider release (names, mixed types or versions, duplicate platforms, no zips).</summary>
    public const string InvalidProviderRelease = nameof(InvalidProviderRelease);
    /// <summary>A release zip is not listed in, or does not match, the release's SHA256SUMS file.</summary>
    public const string ChecksumMismatch = nameof(ChecksumMismatch);
    /// <summary>The version's tag already holds different content; publish again with Force to replace it.</summary>
    public const string ProviderVersionExists = nameof(ProviderVersionExists);
    /// <summary>A tag to publish a module under already points at other content; publish again with Force to move it.</summary>
    public const string ModuleTagExists = nameof(ModuleTagExists);

    // --- Installing and locking: what is already on disk (docs/opentofu-compatibility.md §2.1, §2.4) ---
    /// <summary>The lock file records other hashes for the locked version than the mirror's package has.</summary>
    public const string LockedChecksumMismatch = nameof(LockedChecksumMismatch);
    /// <summary>A package already in the destination differs from the one being installed.</summary>
    public const string PackageMismatch = nameof(PackageMismatch);
    /// <summary>The extraction destination already exists and is not empty.</summary>
    public const string DestinationExists = nameof(DestinationExists);
    /// <summary>Another process (tofu init or tofu-oci) kept a package's install lock for longer than the wait allows.</summary>
    public const string PackageBusy = nameof(PackageBusy);
    /// <summary>Another process kept a dependency lock file's update lock for longer than the wait allows.</summary>
    public const string LockFileBusy = nameof(LockFileBusy);

    // --- Local files and layouts ---
    /// <summary>A directory is not a valid OCI image layout.</summary>
    public const string InvalidLayout = nameof(InvalidLayout);
    /// <summary>Another process kept a layout's index.json locked for too long.</summary>
    public const string LayoutBusy = nameof(LayoutBusy);
    /// <summary>Reading or writing a local file or directory failed (missing parent, no permission, read-only or full disk).</summary>
    public const string FileAccessFailed = nameof(FileAccessFailed);

    // --- Credentials (docs/opentofu-compatibility.md §4.3, §5) ---
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

    // --- Transport security ---
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

    // --- Provider sources: origin registries, network mirrors, mirror directories (docs/opentofu-compatibility.md §9) ---
    /// <summary>A provider registry, network mirror or mirror directory answered something that breaks its protocol (service discovery, versions, download metadata, index JSON).</summary>
    public const string InvalidSourceResponse = nameof(InvalidSourceResponse);
    /// <summary>A provider source or one of its download URLs is plain http and plain http was not allowed for sources.</summary>
    public const string InsecureSource = nameof(InsecureSource);
    /// <summary>The release's signed SHA256SUMS has no line for a package's file name.</summary>
    public const string ChecksumNotListed = nameof(ChecksumNotListed);
    /// <summary>A package from a network mirror or mirror directory does not match the <c>zh:</c>/<c>h1:</c> hashes its index lists.</summary>
    public const string SourceHashMismatch = nameof(SourceHashMismatch);
    /// <summary>Some versions or platforms of a provider could not be mirrored; each failure has its own error.</summary>
    public const string ProviderMirrorIncomplete = nameof(ProviderMirrorIncomplete);

    // --- Configurations, audits and bundles ---
    /// <summary>A root module directory or one of its files cannot be read as an OpenTofu configuration (names the file and line).</summary>
    public const string InvalidConfiguration = nameof(InvalidConfiguration);
    /// <summary>A configuration file changed between reading it and rewriting its module sources.</summary>
    public const string ConfigurationChanged = nameof(ConfigurationChanged);
    /// <summary>A mirror audit found problems that would make <c>tofu init</c> fail; each finding says which.</summary>
    public const string MirrorAuditFailed = nameof(MirrorAuditFailed);
    /// <summary>A repair the audit planned could not be made.</summary>
    public const string AuditFixFailed = nameof(AuditFixFailed);
    /// <summary>A bundle directory or archive is not a bundle this tool wrote, or is damaged (names the part).</summary>
    public const string InvalidBundle = nameof(InvalidBundle);
    /// <summary>Some providers or modules could not be exported or imported; each failure has its own error.</summary>
    public const string BundleIncomplete = nameof(BundleIncomplete);
    /// <summary>A bundle does not pass verification against its own contents, a lock file or OpenTofu's reading rules.</summary>
    public const string BundleVerificationFailed = nameof(BundleVerificationFailed);

    // --- Signatures and provenance (OpenPGP) ---
    /// <summary>A release has no signature (an unsigned source, or none published) and unsigned releases were not explicitly allowed.</summary>
    public const string UnsignedRelease = nameof(UnsignedRelease);
    /// <summary>An OpenPGP signature does not verify over the bytes it was given (the data was changed, or it signs other data).</summary>
    public const string SignatureInvalid = nameof(SignatureInvalid);
    /// <summary>An OpenPGP signature is not armored or binary OpenPGP, or is truncated.</summary>
    public const string SignatureMalformed = nameof(SignatureMalformed);
    /// <summary>An OpenPGP signature was made by a key that is not among the keys trusted for it.</summary>
    public const string SigningKeyUnknown = nameof(SigningKeyUnknown);
    /// <summary>The key that made an OpenPGP signature had expired when it signed (or has expired now).</summary>
    public const string SigningKeyExpired = nameof(SigningKeyExpired);
    /// <summary>The key that made an OpenPGP signature is revoked.</summary>
    public const string SigningKeyRevoked = nameof(SigningKeyRevoked);
    /// <summary>An OpenPGP public key (a trusted-key file or a registry's gpg_public_keys) is unreadable, truncated or holds no key.</summary>
    public const string InvalidSigningKey = nameof(InvalidSigningKey);
    /// <summary>Provenance was required and the version's index has no provenance artifact.</summary>
    public const string ProvenanceNotFound = nameof(ProvenanceNotFound);
    /// <summary>A provenance artifact is malformed (media types, layers, annotations).</summary>
    public const string InvalidProvenance = nameof(InvalidProvenance);
    /// <summary>A package's digest is not the one the signed SHA256SUMS of its provenance lists for it.</summary>
    public const string ProvenanceMismatch = nameof(ProvenanceMismatch);
}
