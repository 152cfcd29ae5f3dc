using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci;
using OpenTofuOci.Core.Oci.Copy;
using OpenTofuOci.Core.Oci.Targets;

namespace OpenTofuOci.Core.Providers.Publishing;

/// <summary>
/// Copies one published provider version (index, manifests and blobs, byte for byte) from one
/// repository or layout to another, under the same tag: the pipeline form of publishing
/// (<c>Get-TofuOciTag -Repository a | Publish-TofuProvider -Repository b</c>).
/// See docs/opentofu-compatibility.md §1.3 for what makes a tag a provider version.
/// </summary>
/// <remarks>
/// The source is checked to be a provider index (image index with <c>artifactType</c>
/// <c>application/vnd.opentofu.provider</c>) before anything is written, and it is copied by the
/// digest that was checked, so a tag moved meanwhile cannot slip something else through. The
/// destination tag obeys the same rule as <see cref="ProviderPublisher"/>: identical → nothing to do,
/// different → refused unless forced. Two repositories on one registry mount blobs instead of uploading.
/// </remarks>
public static class ProviderVersionCopier
{
    /// <summary>Copies the version tagged <paramref name="tag"/>.</summary>
    /// <param name="source">Where the version is.</param>
    /// <param name="tag">The version's tag (e.g. <c>1.0.0</c> or <c>1.0.0_build.2</c>).</param>
    /// <param name="destination">Where to copy it.</param>
    /// <param name="force">Replace a different version under the same tag.</param>
    /// <param name="options">Parallelism; mount source (filled in automatically for two repositories on one registry).</param>
    /// <param name="progress">Transfer progress.</param>
    /// <param name="cancellationToken">Cancels the copy; nothing half-written is tagged.</param>
    public static async Task<ProviderPublishResult> CopyAsync(IReadOnlyTarget source, string tag, ITarget destination, bool force = false,
        CopyOptions? options = null, IProgress<TransferProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentException.ThrowIfNullOrEmpty(tag);
        if (!Reference.IsValidTag(tag) || !ProviderVersion.TryParseTag(tag, out var version))
        {
            throw new TofuOciException(ErrorIds.InvalidArgument, ErrorKind.InvalidArgument,
                $"\"{tag}\" in {source.DisplayName} is not a provider version tag (e.g. 1.2.3, or 1.2.3_build.1 for 1.2.3+build.1); only provider versions are copied this way.",
                $"{source.DisplayName}:{tag}");
        }

        var reference = $"{source.DisplayName}:{tag}";
        var resolved = await source.ResolveAsync(tag, cancellationToken).ConfigureAwait(false);
        if (resolved.MediaType != MediaTypes.ImageIndex)
        {
            throw NotAProvider(reference, $"it is {resolved.MediaType}, not an OCI image index");
        }

        var bytes = await ContentReader.ReadManifestAsync(source, resolved, reference, cancellationToken).ConfigureAwait(false);
        var (mediaType, artifactType) = OciJson.ReadTypes(bytes);
        if (mediaType != MediaTypes.ImageIndex || artifactType != MediaTypes.OpenTofuProvider)
        {
            throw NotAProvider(reference, $"its mediaType is \"{mediaType}\" and artifactType \"{artifactType}\", but a provider version is an image index with artifactType \"{MediaTypes.OpenTofuProvider}\"");
        }

        var index = OciJson.ReadIndex(bytes, reference);
        var platforms = index.Manifests
            .Where(m => m.ArtifactType == MediaTypes.OpenTofuProviderTarget)
            .Select(m => new ProviderPublishedPlatform(m.Platform?.ToString() ?? "?", m.Digest, null, null, null, null))
            .ToList();
        var root = resolved with { ArtifactType = MediaTypes.OpenTofuProvider };

        var (status, previous) = await ProviderTagGuard.CheckAsync(destination, destination.DisplayName, version!, tag, resolved.Digest, force, cancellationToken).ConfigureAwait(false);
        if (status == ProviderPublishStatus.Unchanged)
        {
            return new ProviderPublishResult(string.Empty, version!, destination.DisplayName, tag, root, platforms, status, null, 0, 0, 0);
        }

        options ??= new CopyOptions();
        // Two repositories of one registry: the destination links the source's blobs instead of receiving them.
        if (options.MountFromRepository is null && source is IBlobMounter from && destination is IBlobMounter to
            && string.Equals(from.Registry, to.Registry, StringComparison.OrdinalIgnoreCase) && from.Repository != to.Repository)
        {
            options = new CopyOptions { MaxParallelism = options.MaxParallelism, MountFromRepository = from.Repository };
        }

        var copy = await ArtifactCopier.CopyAsync(source, resolved.Digest, destination, tag, options, progress, cancellationToken).ConfigureAwait(false);
        // The copier counts manifests and blobs together; a copy reports items, not just blobs.
        return new ProviderPublishResult(string.Empty, version!, destination.DisplayName, tag, root, platforms, status, previous, copy.BytesCopied,
            copy.ItemsCopied, copy.ItemsSkipped + copy.ItemsMounted);
    }

    private static TofuOciException NotAProvider(string reference, string why) =>
        new(ErrorIds.NotAProviderIndex, ErrorKind.InvalidData,
            $"{reference} is not a provider version: {why}. Copy it with `tofu-oci copy` if it is another kind of artifact.", reference);
}
