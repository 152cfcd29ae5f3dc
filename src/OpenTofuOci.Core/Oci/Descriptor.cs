using OpenTofuOci.Core.Errors;

namespace OpenTofuOci.Core.Oci;

/// <summary>
/// An OCI content descriptor.
/// See <see href="https://github.com/opencontainers/image-spec/blob/v1.1.1/descriptor.md">image-spec descriptor</see>.
/// The digest is kept as written so that lenient reading can report a bad one where it matters
/// (OpenTofu validates digests when it uses them, not when it decodes); <see cref="ParsedDigest"/> validates.
/// </summary>
public sealed record Descriptor
{
    public required string MediaType { get; init; }
    public required string Digest { get; init; }
    public required long Size { get; init; }
    public IReadOnlyList<string>? Urls { get; init; }
    public IReadOnlyDictionary<string, string>? Annotations { get; init; }
    public string? Data { get; init; }
    public Platform? Platform { get; init; }
    public string? ArtifactType { get; init; }

    /// <summary>Validated digest; throws <see cref="TofuOciException"/> when it is invalid.</summary>
    public Digest ParsedDigest() => Oci.Digest.Parse(Digest);

    /// <summary>A descriptor for bytes held in memory.</summary>
    public static Descriptor FromBytes(string mediaType, ReadOnlySpan<byte> content, string? artifactType = null) => new()
    {
        MediaType = mediaType,
        Digest = Oci.Digest.Compute(content).ToString(),
        Size = content.Length,
        ArtifactType = artifactType,
    };

    /// <summary>The value of an annotation, or null.</summary>
    public string? Annotation(string key) =>
        Annotations is not null && Annotations.TryGetValue(key, out var v) ? v : null;

    /// <summary>Short form for messages: <c>mediaType digest (size bytes)</c>.</summary>
    public override string ToString() => $"{MediaType} {Digest} ({Size} bytes)";
}
