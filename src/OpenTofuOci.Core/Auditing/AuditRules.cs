namespace OpenTofuOci.Core.Auditing;

/// <summary>
/// The stable rule ids of the mirror audit (docs/opentofu-compatibility.md §12). Ids never change meaning;
/// new rules get new ids. Each rule's severity, what it checks and how to fix it are in §12.
/// </summary>
public static class AuditRules
{
    // --- Repository and tags ---
    /// <summary>The repository does not exist or cannot be listed.</summary>
    public const string RepositoryNotFound = nameof(RepositoryNotFound);
    /// <summary>No tag parses as a version (e.g. only <c>latest</c>): OpenTofu finds no versions.</summary>
    public const string NoVersionTags = nameof(NoVersionTags);
    /// <summary>A tag looks like a version but OpenTofu's parser does not accept it (<c>v1.2.3</c>, <c>1.2</c>): it is ignored silently.</summary>
    public const string UnparsableVersionTag = nameof(UnparsableVersionTag);
    /// <summary>
    /// A tag OpenTofu reads as a version but not in its canonical spelling (<c>1.0</c>, <c>01.2.3</c>): OpenTofu lists
    /// the version and then looks it up under the canonical tag (<c>1.0.0</c>), which is missing or holds something else.
    /// </summary>
    public const string NonCanonicalVersionTag = nameof(NonCanonicalVersionTag);
    /// <summary>The registry is reached over plain HTTP, which OpenTofu never does for OCI registries.</summary>
    public const string PlainHttpRegistry = nameof(PlainHttpRegistry);

    // --- The index a version tag points at ---
    /// <summary>The tag does not point at an OCI image index.</summary>
    public const string WrongIndexMediaType = nameof(WrongIndexMediaType);
    /// <summary>The index has no <c>artifactType</c> (typical after <c>skopeo copy --all</c>).</summary>
    public const string IndexMissingArtifactType = nameof(IndexMissingArtifactType);
    /// <summary>The index's <c>artifactType</c> is not the provider index type.</summary>
    public const string WrongIndexArtifactType = nameof(WrongIndexArtifactType);
    /// <summary>The index, a manifest or a blob cannot be read as OCI JSON, is too large, or does not match its digest.</summary>
    public const string InvalidManifest = nameof(InvalidManifest);
    /// <summary>An index entry has no platform, or one OpenTofu cannot read.</summary>
    public const string PlatformMissing = nameof(PlatformMissing);
    /// <summary>Several entries match one os/arch: OpenTofu refuses the platform.</summary>
    public const string AmbiguousPlatform = nameof(AmbiguousPlatform);
    /// <summary>An entry carries <c>os.version</c>, <c>os.features</c> or a variant, which OpenTofu does not look at.</summary>
    public const string PlatformQualifier = nameof(PlatformQualifier);
    /// <summary>An expected platform (<c>--platform</c>, or the release's SHA256SUMS) has no entry.</summary>
    public const string ExpectedPlatformMissing = nameof(ExpectedPlatformMissing);
    /// <summary>The index has platforms the release's SHA256SUMS (from provenance) does not list.</summary>
    public const string UnexpectedPlatform = nameof(UnexpectedPlatform);

    // --- One platform manifest and its layers ---
    /// <summary>A platform entry does not point at an OCI image manifest.</summary>
    public const string WrongManifestMediaType = nameof(WrongManifestMediaType);
    /// <summary>A platform manifest's <c>artifactType</c> is missing or not the provider package type.</summary>
    public const string WrongManifestArtifactType = nameof(WrongManifestArtifactType);
    /// <summary>A platform manifest has no zip layer.</summary>
    public const string NoZipLayer = nameof(NoZipLayer);
    /// <summary>A platform manifest has more than one zip layer.</summary>
    public const string AmbiguousZipLayer = nameof(AmbiguousZipLayer);
    /// <summary>A layer has a media type OpenTofu does not accept for a provider package.</summary>
    public const string WrongLayerMediaType = nameof(WrongLayerMediaType);
    /// <summary>A manifest or blob the index or a manifest names is not in the registry.</summary>
    public const string BlobMissing = nameof(BlobMissing);
    /// <summary>A blob's size in the registry differs from its descriptor.</summary>
    public const string BlobSizeMismatch = nameof(BlobSizeMismatch);
    /// <summary>(deep) A blob's bytes do not hash to its descriptor's digest.</summary>
    public const string BlobDigestMismatch = nameof(BlobDigestMismatch);
    /// <summary>(deep) A zip layer is not a provider package OpenTofu would install (unreadable, unsafe entries, no executable).</summary>
    public const string InvalidProviderPackage = nameof(InvalidProviderPackage);

    // --- Against a lock file or provenance ---
    /// <summary>The lock file's hashes for this provider version match no package in the mirror for a platform.</summary>
    public const string LockHashMismatch = nameof(LockHashMismatch);
    /// <summary>The lock file pins a version the mirror does not have.</summary>
    public const string LockedVersionMissing = nameof(LockedVersionMissing);
    /// <summary>A package's digest is not the one the release's signed SHA256SUMS lists.</summary>
    public const string ProvenanceMismatch = nameof(ProvenanceMismatch);
    /// <summary>A provenance artifact refers to the version's index but cannot be read as one (so nothing could be compared with it).</summary>
    public const string InvalidProvenance = nameof(InvalidProvenance);

    // --- Modules ---
    /// <summary>An <c>oci://</c> module source names nothing in the registry.</summary>
    public const string ModuleNotFound = nameof(ModuleNotFound);
    /// <summary>An <c>oci://</c> module source names an artifact that is not a module package OpenTofu accepts.</summary>
    public const string NotAModulePackage = nameof(NotAModulePackage);
}
