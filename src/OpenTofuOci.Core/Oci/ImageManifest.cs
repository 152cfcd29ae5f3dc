namespace OpenTofuOci.Core.Oci;

/// <summary>
/// An OCI image manifest.
/// See <see href="https://github.com/opencontainers/image-spec/blob/v1.1.1/manifest.md">image-spec manifest</see>.
/// </summary>
public sealed record ImageManifest
{
    public int SchemaVersion { get; init; } = 2;
    public string? MediaType { get; init; } = MediaTypes.ImageManifest;
    public string? ArtifactType { get; init; }
    public Descriptor? Config { get; init; }
    public IReadOnlyList<Descriptor> Layers { get; init; } = [];
    public Descriptor? Subject { get; init; }
    public IReadOnlyDictionary<string, string>? Annotations { get; init; }
}
