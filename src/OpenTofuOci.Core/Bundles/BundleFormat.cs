namespace OpenTofuOci.Core.Bundles;

/// <summary>
/// The fixed names of an air-gap bundle: one OCI image layout holding several repositories, told apart by a
/// prefix of each root's <c>org.opencontainers.image.ref.name</c>, plus one manifest describing the whole
/// (docs/opentofu-compatibility.md §13).
/// </summary>
public static class BundleFormat
{
    /// <summary>The <c>artifactType</c> of the bundle manifest.</summary>
    public const string ArtifactType = "application/vnd.opentofu-oci.bundle.v1";

    /// <summary>The media type of the bundle manifest's one layer: <see cref="BundleContents"/> as JSON.</summary>
    public const string ContentsMediaType = "application/vnd.opentofu-oci.bundle.contents.v1+json";

    /// <summary>The ref name of the bundle manifest in <c>index.json</c>.</summary>
    public const string ManifestRefName = "bundle";

    /// <summary>The ref-name prefix of a provider's repository view: <c>providers/HOST/NAMESPACE/TYPE:</c>.</summary>
    public static string ProviderRefNamePrefix(string hostname, string ns, string type) => $"providers/{hostname}/{ns}/{type}:";

    /// <summary>The ref-name prefix of a module repository's view: <c>modules/REGISTRY/REPOSITORY:</c>.</summary>
    public static string ModuleRefNamePrefix(string registry, string repository) => $"modules/{registry}/{repository}:";

    /// <summary>The tag a module pinned only by digest is kept under in its view: <c>digest-HEX</c>.</summary>
    public static string ModuleDigestTag(string digestHex) => "digest-" + digestHex;
}
