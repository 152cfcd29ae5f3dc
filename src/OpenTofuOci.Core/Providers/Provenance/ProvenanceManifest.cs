using System.Text;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci;

namespace OpenTofuOci.Core.Providers.Provenance;

/// <summary>
/// Builds the artifact manifest for a <see cref="ProviderProvenance"/>: the same provenance and subject
/// always give the same bytes, so pushing it again finds it already there (docs/opentofu-compatibility.md §9.6).
/// </summary>
internal static class ProvenanceManifest
{
    /// <summary>The manifest, its descriptor and its layers with their content.</summary>
    public sealed record Built(Descriptor Descriptor, byte[] Bytes, IReadOnlyList<(Descriptor Layer, byte[] Content)> Layers);

    public static Built Build(Descriptor subject, ProviderProvenance provenance)
    {
        Validate(provenance);
        var name = provenance.ChecksumsFileName;
        var layers = new List<(Descriptor, byte[])>
        {
            (ProvenanceFormat.Layer(ProvenanceFormat.ChecksumsMediaType, provenance.Checksums, name), provenance.Checksums),
        };
        if (provenance.Signature is { } signature && provenance.SigningKey is { } key)
        {
            var keyBytes = Encoding.UTF8.GetBytes(key);
            layers.Add((ProvenanceFormat.Layer(ProvenanceFormat.SignatureMediaType, signature, ProvenanceFormat.SignatureTitle(name)), signature));
            layers.Add((ProvenanceFormat.Layer(ProvenanceFormat.KeyMediaType, keyBytes, ProvenanceFormat.KeyTitle(name)), keyBytes));
        }

        var annotations = new Dictionary<string, string>
        {
            [ProvenanceFormat.SourceAnnotation] = provenance.Source,
            [ProvenanceFormat.SourceKindAnnotation] = provenance.SourceKind,
            [ProvenanceFormat.SignedAnnotation] = provenance.IsSigned ? "true" : "false",
        };
        if (provenance.SignedBy is { Length: > 0 } signedBy)
        {
            annotations[ProvenanceFormat.SignedByAnnotation] = signedBy;
        }

        if (provenance.Created is { } created)
        {
            annotations[AnnotationKeys.Created] = ProvenanceFormat.FormatCreated(created);
        }

        var bytes = OciJson.Write(new ImageManifest
        {
            ArtifactType = ProvenanceFormat.ArtifactType,
            Config = EmptyConfig.Descriptor,
            Layers = layers.Select(l => l.Item1).ToList(),
            // Only what identifies the subject: a descriptor resolved from a registry and one built at publish
            // time differ in artifactType and annotations, and must give the same artifact.
            Subject = new Descriptor { MediaType = subject.MediaType, Digest = subject.Digest, Size = subject.Size },
            Annotations = annotations,
        });
        return new Built(Descriptor.FromBytes(MediaTypes.ImageManifest, bytes, ProvenanceFormat.ArtifactType), bytes, layers);
    }

    /// <summary>Refuses to write what <see cref="ProvenanceReader"/> would refuse to read.</summary>
    private static void Validate(ProviderProvenance p)
    {
        string? problem = null;
        if (string.IsNullOrWhiteSpace(p.ChecksumsFileName) || p.ChecksumsFileName.IndexOfAny(['/', '\\']) >= 0)
        {
            problem = "its checksum file name is empty or has a path separator";
        }
        else if (p.Checksums.Length > ProvenanceFormat.MaxChecksumsSize)
        {
            problem = $"its checksum list is {p.Checksums.Length} bytes, above {ProvenanceFormat.MaxChecksumsSize}";
        }
        else if ((p.Signature is null) != (p.SigningKey is null))
        {
            problem = "it has a signature without its key, or a key without a signature";
        }
        else if (p.Signature is { } sig && (sig.Length == 0 || sig.Length > ProvenanceFormat.MaxSignatureSize))
        {
            problem = $"its signature is empty or above {ProvenanceFormat.MaxSignatureSize} bytes";
        }
        else if (p.SigningKey is { } key && (key.Length == 0 || Encoding.UTF8.GetByteCount(key) > ProvenanceFormat.MaxKeySize))
        {
            problem = $"its signing key is empty or above {ProvenanceFormat.MaxKeySize} bytes";
        }

        if (problem is not null)
        {
            throw new TofuOciException(ErrorIds.InvalidProvenance, ErrorKind.InvalidArgument,
                $"The provenance of {p.ChecksumsFileName} cannot be stored: {problem}. Nothing was pushed.", p.ChecksumsFileName);
        }
    }
}
