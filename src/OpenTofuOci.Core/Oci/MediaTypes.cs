namespace OpenTofuOci.Core.Oci;

/// <summary>
/// Media types and artifact types met in OpenTofu's OCI feature.
/// See <see href="https://github.com/opencontainers/image-spec/blob/v1.1.1/media-types.md">image-spec media types</see>
/// and docs/opentofu-compatibility.md §0.
/// </summary>
public static class MediaTypes
{
    public const string ImageIndex = "application/vnd.oci.image.index.v1+json";
    public const string ImageManifest = "application/vnd.oci.image.manifest.v1+json";
    public const string Descriptor = "application/vnd.oci.descriptor.v1+json";
    public const string EmptyJson = "application/vnd.oci.empty.v1+json";
    public const string ImageConfig = "application/vnd.oci.image.config.v1+json";
    public const string ImageLayout = "application/vnd.oci.layout.header.v1+json";
    public const string ArtifactManifest = "application/vnd.oci.artifact.manifest.v1+json";
    public const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";
    public const string DockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json";
    public const string DockerManifestV1Signed = "application/vnd.docker.distribution.manifest.v1+prettyjws";

    /// <summary>OpenTofu's provider and module package layer type.</summary>
    public const string Zip = "archive/zip";

    /// <summary>artifactType of a provider's multi-platform index.</summary>
    public const string OpenTofuProvider = "application/vnd.opentofu.provider";
    /// <summary>artifactType of a provider's per-platform image manifest.</summary>
    public const string OpenTofuProviderTarget = "application/vnd.opentofu.provider-target";
    /// <summary>Layer artifactType seen in OpenTofu's fixtures (not checked by OpenTofu).</summary>
    public const string OpenTofuProviderPackage = "application/vnd.opentofu.providerpkg";
    /// <summary>artifactType of a module package manifest.</summary>
    public const string OpenTofuModulePackage = "application/vnd.opentofu.modulepkg";

    /// <summary>
    /// Every manifest type a registry may hold; sent as the <c>Accept</c> list because some
    /// registries (distribution 2.8) answer 404 unless the stored type is accepted.
    /// </summary>
    public static IReadOnlyList<string> AllManifests { get; } =
    [
        ImageManifest, ImageIndex, DockerManifest, DockerManifestList, ArtifactManifest,
    ];

    /// <summary>True for the media types that are fetched from <c>/manifests/</c> rather than <c>/blobs/</c>.</summary>
    public static bool IsManifest(string? mediaType) =>
        mediaType is not null && AllManifests.Contains(mediaType, StringComparer.Ordinal);

    /// <summary>True for index-like manifests whose children are manifests.</summary>
    public static bool IsIndex(string? mediaType) =>
        mediaType is ImageIndex or DockerManifestList;
}
