using System.Text;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci;
using OpenTofuOci.Core.Oci.Targets;

namespace OpenTofuOci.Core.Providers.Provenance;

/// <summary>
/// Reads one provenance artifact and holds it to the shape <see cref="ProvenanceManifest"/> writes; anything
/// else is <see cref="ErrorIds.InvalidProvenance"/> naming the manifest and the rule it breaks
/// (docs/opentofu-compatibility.md §9.6).
/// </summary>
internal static class ProvenanceReader
{
    public static async Task<StoredProvenance> ReadAsync(IReadOnlyTarget target, Descriptor listed, Descriptor subject, CancellationToken cancellationToken)
    {
        if (listed.MediaType != MediaTypes.ImageManifest)
        {
            throw Invalid(target, listed, subject, $"it is listed as {Quote(listed.MediaType)}, not an OCI image manifest");
        }

        var bytes = await ContentReader.ReadManifestAsync(target, listed, target.DisplayName, cancellationToken).ConfigureAwait(false);
        ImageManifest manifest;
        try
        {
            manifest = OciJson.ReadManifest(bytes, listed.Digest);
        }
        catch (TofuOciException ex) when (ex.Code == ErrorCode.InvalidManifest)
        {
            throw Invalid(target, listed, subject, "it is not valid manifest JSON", ex);
        }

        var rule = ShapeProblem(manifest, subject);
        if (rule is not null)
        {
            throw Invalid(target, listed, subject, rule);
        }

        var checksums = manifest.Layers[0];
        var name = checksums.Annotation(AnnotationKeys.Title)!;
        var signed = manifest.Layers.Count == 3;
        var annotations = manifest.Annotations!;
        var provenance = new ProviderProvenance
        {
            ChecksumsFileName = name,
            Checksums = await ReadLayerAsync(target, checksums, cancellationToken).ConfigureAwait(false),
            Signature = signed ? await ReadLayerAsync(target, manifest.Layers[1], cancellationToken).ConfigureAwait(false) : null,
            SigningKey = signed ? Encoding.UTF8.GetString(await ReadLayerAsync(target, manifest.Layers[2], cancellationToken).ConfigureAwait(false)) : null,
            Source = annotations[ProvenanceFormat.SourceAnnotation],
            SourceKind = annotations[ProvenanceFormat.SourceKindAnnotation],
            SignedBy = annotations.GetValueOrDefault(ProvenanceFormat.SignedByAnnotation),
            Created = ProvenanceFormat.TryParseCreated(annotations.GetValueOrDefault(AnnotationKeys.Created), out var created) ? created : null,
        };
        return new StoredProvenance(listed with { ArtifactType = ProvenanceFormat.ArtifactType, Annotations = annotations }, provenance);
    }

    /// <summary>The first rule the manifest breaks, or null.</summary>
    private static string? ShapeProblem(ImageManifest m, Descriptor subject)
    {
        if (m.ArtifactType != ProvenanceFormat.ArtifactType)
        {
            return $"its artifactType is {Quote(m.ArtifactType)}, not {ProvenanceFormat.ArtifactType}";
        }

        if (m.Subject?.Digest != subject.Digest)
        {
            return $"its subject is {Quote(m.Subject?.Digest)}, not the version's index {subject.Digest}";
        }

        if (m.Config?.MediaType != MediaTypes.EmptyJson)
        {
            return $"its config is {Quote(m.Config?.MediaType)}, not the empty config {MediaTypes.EmptyJson}";
        }

        if (m.Layers.Count is not (1 or 3))
        {
            return $"it has {m.Layers.Count} layers; a provenance artifact has the checksum list, and when signed its signature and key (1 or 3)";
        }

        var name = m.Layers[0].Annotation(AnnotationKeys.Title);
        if (string.IsNullOrEmpty(name) || name.IndexOfAny(['/', '\\']) >= 0)
        {
            return "its checksum list has no title, or one with a path separator";
        }

        var problem = LayerProblem(m.Layers[0], ProvenanceFormat.ChecksumsMediaType, name, ProvenanceFormat.MaxChecksumsSize, "checksum list");
        if (problem is null && m.Layers.Count == 3)
        {
            problem = LayerProblem(m.Layers[1], ProvenanceFormat.SignatureMediaType, ProvenanceFormat.SignatureTitle(name), ProvenanceFormat.MaxSignatureSize, "signature")
                ?? LayerProblem(m.Layers[2], ProvenanceFormat.KeyMediaType, ProvenanceFormat.KeyTitle(name), ProvenanceFormat.MaxKeySize, "signing key");
        }

        if (problem is not null)
        {
            return problem;
        }

        var annotations = m.Annotations;
        if (annotations is null || !annotations.ContainsKey(ProvenanceFormat.SourceAnnotation) || !annotations.ContainsKey(ProvenanceFormat.SourceKindAnnotation))
        {
            return $"it lacks the {ProvenanceFormat.SourceAnnotation} or {ProvenanceFormat.SourceKindAnnotation} annotation";
        }

        var signed = annotations.GetValueOrDefault(ProvenanceFormat.SignedAnnotation);
        return signed == (m.Layers.Count == 3 ? "true" : "false")
            ? null
            : $"its {ProvenanceFormat.SignedAnnotation} annotation is {Quote(signed)} but it has {(m.Layers.Count == 3 ? "a" : "no")} signature layer";
    }

    private static string? LayerProblem(Descriptor layer, string mediaType, string title, long maxSize, string what)
    {
        if (layer.MediaType != mediaType)
        {
            return $"its {what} layer is {Quote(layer.MediaType)}, not {mediaType}";
        }

        if (layer.Annotation(AnnotationKeys.Title) != title)
        {
            return $"its {what} layer is titled {Quote(layer.Annotation(AnnotationKeys.Title))}, not \"{UntrustedText.Escape(title)}\"";
        }

        if (layer.Size is < 1 || layer.Size > maxSize)
        {
            return $"its {what} layer is {layer.Size} bytes; it must be 1 to {maxSize}";
        }

        return Digest.TryParse(layer.Digest, out _, out _) ? null : $"its {what} layer's digest {Quote(layer.Digest)} is not valid";
    }

    private static Task<byte[]> ReadLayerAsync(IReadOnlyTarget target, Descriptor layer, CancellationToken cancellationToken) =>
        // Sizes are capped above (at most 1 MiB), well below what the reader holds in memory at once.
        ContentReader.ReadManifestAsync(target, layer, target.DisplayName, cancellationToken);

    private static string Quote(string? text) => text is null ? "missing" : $"\"{UntrustedText.Escape(text)}\"";

    private static TofuOciException Invalid(IReadOnlyTarget target, Descriptor listed, Descriptor subject, string rule, Exception? inner = null) =>
        new(ErrorIds.InvalidProvenance, ErrorKind.InvalidData,
            $"The provenance artifact {listed.Digest} in {target.DisplayName} for {subject.Digest} is malformed: {rule}. Delete it and mirror the version again.",
            $"{target.DisplayName}@{listed.Digest}", inner);
}
