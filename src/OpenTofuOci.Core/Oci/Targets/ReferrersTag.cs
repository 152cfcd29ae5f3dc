using OpenTofuOci.Core.Errors;

namespace OpenTofuOci.Core.Oci.Targets;

/// <summary>
/// The referrers tag schema of OCI distribution 1.1, for registries without the referrers API and for
/// OCI layouts: the tag <c>&lt;alg&gt;-&lt;hex&gt;</c> of the subject's digest (algorithm cut to 32
/// characters, hex to 64) holds an image index listing the referrers. See docs/opentofu-compatibility.md §9.6.
/// </summary>
public static class ReferrersTag
{
    // Two writers that read the same index and both write lose one entry; each write is checked
    // afterwards and redone, a few times at most, so a lost race is repaired and a livelock is not possible.
    private const int MaxAttempts = 4;

    private static readonly System.Buffers.SearchValues<char> LowerHex = System.Buffers.SearchValues.Create("0123456789abcdef");

    /// <summary>The tag that holds the referrers of <paramref name="subject"/>.</summary>
    public static string For(Digest subject)
    {
        var algorithm = subject.Algorithm.Name;
        var encoded = subject.Encoded;
        return $"{(algorithm.Length > 32 ? algorithm[..32] : algorithm)}-{(encoded.Length > 64 ? encoded[..64] : encoded)}";
    }

    /// <summary>True for a tag that has the shape of a referrers tag (so tag listings can leave it out).</summary>
    public static bool IsReferrersTag(string tag)
    {
        ArgumentNullException.ThrowIfNull(tag);
        var dash = tag.IndexOf('-', StringComparison.Ordinal);
        return dash > 0 && DigestAlgorithm.Find(tag[..dash]) is { } algorithm
            && tag.Length - dash - 1 == Math.Min(64, algorithm.HexLength)
            && tag.AsSpan(dash + 1).IndexOfAnyExcept(LowerHex) < 0;
    }

    /// <summary>
    /// The referrers the tag's index lists for <paramref name="subject"/> (filtered by <paramref name="artifactType"/>
    /// when given); empty when there is no such tag. A tag that holds something other than an index is
    /// <see cref="ErrorIds.InvalidManifest"/>: another tool wrote it, and we do not overwrite it.
    /// </summary>
    public static async Task<IReadOnlyList<Descriptor>> ListAsync(IReadOnlyTarget target, Digest subject, string? artifactType, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        var (_, index) = await ReadAsync(target, For(subject), cancellationToken).ConfigureAwait(false);
        return index is null ? [] : Filter(index.Manifests, artifactType);
    }

    /// <summary>
    /// Adds <paramref name="referrer"/> to the index under the subject's tag: read, add when absent, and write
    /// only when the tag still points where it did when it was read; then read again to confirm. When another
    /// writer moved the tag in between, its index is read and merged instead, so neither entry is lost.
    /// Entries already there are kept in their order. The referrer manifest must already be stored.
    /// </summary>
    /// <remarks>
    /// Registries offer no conditional tag update, so a writer that moves the tag between our check and our
    /// write can still drop our entry; the read after the write sees that and adds it again.
    /// </remarks>
    public static async Task AddAsync(ITarget target, Descriptor referrer, Digest subject, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(referrer);
        var tag = For(subject);
        for (var attempt = 1; ; attempt++)
        {
            var (read, index) = await ReadAsync(target, tag, cancellationToken).ConfigureAwait(false);
            var entries = index?.Manifests ?? [];
            if (entries.Any(e => string.Equals(e.Digest, referrer.Digest, StringComparison.Ordinal)))
            {
                return;
            }

            if (attempt > MaxAttempts)
            {
                throw new TofuOciException(ErrorIds.RegistryError, ErrorKind.InvalidOperation,
                    $"The referrers index {target.DisplayName}:{tag} kept changing while {referrer.Digest} was added to it ({MaxAttempts} attempts); another writer is updating it. Retry when it has finished.",
                    $"{target.DisplayName}:{tag}");
            }

            var bytes = OciJson.Write(new ImageIndex { Manifests = [.. entries, referrer], Annotations = index?.Annotations });
            var descriptor = Descriptor.FromBytes(MediaTypes.ImageIndex, bytes);
            if (!string.Equals(await CurrentDigestAsync(target, tag, cancellationToken).ConfigureAwait(false), read?.Digest, StringComparison.Ordinal))
            {
                continue;
            }

            using var content = new MemoryStream(bytes, writable: false);
            await target.PushAsync(descriptor, content, tag, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The entries of <paramref name="entries"/> of one artifact type (all when it is null).</summary>
    public static IReadOnlyList<Descriptor> Filter(IReadOnlyList<Descriptor> entries, string? artifactType) =>
        artifactType is null ? entries : entries.Where(e => string.Equals(e.ArtifactType, artifactType, StringComparison.Ordinal)).ToList();

    /// <summary>
    /// The descriptor a referrers index lists for a manifest: its <c>artifactType</c> (or its config's media
    /// type when it has none, as the distribution spec says) and its annotations.
    /// </summary>
    public static Descriptor EntryFor(Descriptor manifest, ImageManifest content)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(content);
        return new Descriptor
        {
            MediaType = manifest.MediaType,
            Digest = manifest.Digest,
            Size = manifest.Size,
            ArtifactType = content.ArtifactType ?? content.Config?.MediaType,
            Annotations = content.Annotations is { Count: > 0 } a ? a : null,
        };
    }

    private static async Task<Descriptor?> ResolveAsync(IReadOnlyTarget target, string tag, CancellationToken cancellationToken)
    {
        try
        {
            return await target.ResolveAsync(tag, cancellationToken).ConfigureAwait(false);
        }
        catch (TofuOciException ex) when (ex.Kind == ErrorKind.NotFound)
        {
            return null;
        }
        catch (TofuOciException ex) when (ex.Code == ErrorCode.InvalidLayout && target is ICreatedOnFirstPush { IsCreated: false })
        {
            return null;
        }
    }

    private static async Task<string?> CurrentDigestAsync(IReadOnlyTarget target, string tag, CancellationToken cancellationToken) =>
        (await ResolveAsync(target, tag, cancellationToken).ConfigureAwait(false))?.Digest;

    private static async Task<(Descriptor? Descriptor, ImageIndex? Index)> ReadAsync(IReadOnlyTarget target, string tag, CancellationToken cancellationToken)
    {
        var resolved = await ResolveAsync(target, tag, cancellationToken).ConfigureAwait(false);
        if (resolved is null)
        {
            return (null, null);
        }

        if (!MediaTypes.IsIndex(resolved.MediaType))
        {
            throw NotAnIndex(target, tag, $"it holds \"{UntrustedText.Escape(resolved.MediaType)}\"");
        }

        var bytes = await ContentReader.ReadManifestAsync(target, resolved, target.DisplayName, cancellationToken).ConfigureAwait(false);
        return (resolved, OciJson.ReadIndex(bytes, $"{target.DisplayName}:{tag}"));
    }

    private static TofuOciException NotAnIndex(IReadOnlyTarget target, string tag, string why) =>
        new(ErrorIds.InvalidManifest, ErrorKind.InvalidData,
            $"The tag {target.DisplayName}:{tag} is where the referrers of a manifest are listed, but {why}, not an image index. Another tool wrote it; remove or rename that tag so referrers can be listed.",
            $"{target.DisplayName}:{tag}");
}
