namespace OpenTofuOci.Core.Oci;

/// <summary>
/// An OCI image index (multi-platform manifest list).
/// See <see href="https://github.com/opencontainers/image-spec/blob/v1.1.1/image-index.md">image-spec index</see>.
/// </summary>
public sealed record ImageIndex
{
    public int SchemaVersion { get; init; } = 2;
    public string? MediaType { get; init; } = MediaTypes.ImageIndex;
    public string? ArtifactType { get; init; }
    public IReadOnlyList<Descriptor> Manifests { get; init; } = [];
    public Descriptor? Subject { get; init; }
    public IReadOnlyDictionary<string, string>? Annotations { get; init; }
}
