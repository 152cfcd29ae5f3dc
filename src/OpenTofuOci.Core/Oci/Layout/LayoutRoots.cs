namespace OpenTofuOci.Core.Oci.Layout;

/// <summary>
/// The rules for the <c>manifests</c> (roots) of a layout's <c>index.json</c>, kept free of I/O.
/// A tag is the <see cref="AnnotationKeys.RefName"/> annotation of a root; when several roots carry
/// one tag (only other tools write that), the last one wins, as in docs/oci-registries.md "Image layout".
/// </summary>
internal static class LayoutRoots
{
    public static Descriptor? FindByTag(IReadOnlyList<Descriptor> roots, string tag) =>
        roots.LastOrDefault(r => r.Annotation(AnnotationKeys.RefName) == tag);

    public static Descriptor? FindByDigest(IReadOnlyList<Descriptor> roots, string digest) =>
        roots.LastOrDefault(r => string.Equals(r.Digest, digest, StringComparison.Ordinal));

    /// <summary>Tags in index order, each once.</summary>
    public static IEnumerable<string> Tags(IReadOnlyList<Descriptor> roots) =>
        roots.Select(r => r.Annotation(AnnotationKeys.RefName)).OfType<string>().Distinct(StringComparer.Ordinal);

    /// <summary>
    /// The roots after pointing <paramref name="tag"/> at <paramref name="descriptor"/>: the tag is taken
    /// off every root that has it; such a root is dropped unless it carries other annotations (someone
    /// recorded something about it on purpose), then it stays as an untagged root. Untagged roots of the
    /// same digest become redundant and are dropped. The new root goes last and holds only what
    /// identifies the manifest: mediaType, artifactType, digest, size and the tag.
    /// </summary>
    public static List<Descriptor> WithTag(IReadOnlyList<Descriptor> roots, Descriptor descriptor, string tag)
    {
        var result = new List<Descriptor>(roots.Count + 1);
        foreach (var root in roots)
        {
            var rootTag = root.Annotation(AnnotationKeys.RefName);
            if (rootTag == tag)
            {
                var rest = WithoutRefName(root.Annotations);
                if (rest is not null && !SameDigest(root, descriptor))
                {
                    result.Add(root with { Annotations = rest });
                }

                continue;
            }

            if (rootTag is null && SameDigest(root, descriptor))
            {
                continue;
            }

            result.Add(root);
        }

        result.Add(new Descriptor
        {
            MediaType = descriptor.MediaType,
            ArtifactType = descriptor.ArtifactType,
            Digest = descriptor.Digest,
            Size = descriptor.Size,
            Annotations = new Dictionary<string, string>(StringComparer.Ordinal) { [AnnotationKeys.RefName] = tag },
        });
        return result;
    }

    /// <summary>
    /// The roots after removing <paramref name="tag"/>, or null when no root carries it. A root that
    /// carries other annotations stays as an untagged root, as in <see cref="WithTag"/>.
    /// </summary>
    public static List<Descriptor>? WithoutTag(IReadOnlyList<Descriptor> roots, string tag)
    {
        if (FindByTag(roots, tag) is null)
        {
            return null;
        }

        var result = new List<Descriptor>(roots.Count);
        foreach (var root in roots)
        {
            if (root.Annotation(AnnotationKeys.RefName) != tag)
            {
                result.Add(root);
            }
            else if (WithoutRefName(root.Annotations) is { } rest)
            {
                result.Add(root with { Annotations = rest });
            }
        }

        return result;
    }

    public static List<Descriptor> WithoutDigest(IReadOnlyList<Descriptor> roots, string digest) =>
        roots.Where(r => !string.Equals(r.Digest, digest, StringComparison.Ordinal)).ToList();

    /// <summary>A root as resolve returns it: as stored (artifactType included) but without the tag annotation,
    /// which names the layout entry, not the content.</summary>
    public static Descriptor ForCaller(Descriptor root) => root with { Annotations = WithoutRefName(root.Annotations) };

    private static bool SameDigest(Descriptor a, Descriptor b) => string.Equals(a.Digest, b.Digest, StringComparison.Ordinal);

    private static Dictionary<string, string>? WithoutRefName(IReadOnlyDictionary<string, string>? annotations)
    {
        if (annotations is null)
        {
            return null;
        }

        var rest = annotations.Where(a => a.Key != AnnotationKeys.RefName).ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal);
        return rest.Count == 0 ? null : rest;
    }
}
