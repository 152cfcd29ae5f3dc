using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci.Targets;

namespace OpenTofuOci.Core.Oci.Copy;

/// <summary>
/// Copies a tagged or pinned artifact with everything it references (index → manifests → config and
/// layers) between any two targets, bytes and digests unchanged.
/// See <see href="https://github.com/opencontainers/image-spec/blob/v1.1.1/image-index.md">image-spec index</see>
/// and docs/design.md "Core shape".
/// </summary>
/// <remarks>
/// Manifests are pushed with the exact bytes fetched, never re-serialised, so <c>artifactType</c> and fields
/// we do not model survive (<c>skopeo copy --all</c> rewrites the index and drops them). A blob's transfer
/// starts as soon as the verified manifest naming it is parsed, while other manifests are still being read;
/// manifests are pushed only after every blob, from the leaves up, because registries refuse an index whose
/// children are missing; the root is pushed last, so a failed copy never leaves a tag (or any manifest)
/// pointing at an incomplete artifact; only verified blobs may remain. Everything the destination already
/// has is skipped. Each blob is verified once, by the stream that verifies as it is read (the source's, or
/// the destination's when the source does not), before it is committed.
/// </remarks>
public static class ArtifactCopier
{
    /// <param name="source">Where to read.</param>
    /// <param name="sourceReference">Tag or digest in the source.</param>
    /// <param name="destination">Where to write.</param>
    /// <param name="destinationTag">Tag to give it in the destination (null: keep it untagged unless the source reference was a tag, then the same tag).</param>
    public static async Task<CopyResult> CopyAsync(IReadOnlyTarget source, string sourceReference, ITarget destination, string? destinationTag,
        CopyOptions? options = null, IProgress<TransferProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentException.ThrowIfNullOrEmpty(sourceReference);
        options ??= new CopyOptions();
        var parallelism = Math.Max(1, options.MaxParallelism);
        var tag = DestinationTag(sourceReference, destinationTag);

        var resolved = await source.ResolveAsync(sourceReference, cancellationToken).ConfigureAwait(false);
        if (!MediaTypes.IsManifest(resolved.MediaType))
        {
            throw new TofuOciException(ErrorIds.UnsupportedMediaType, ErrorKind.InvalidData,
                $"{source.DisplayName}:{sourceReference} resolves to {resolved}, which is not a manifest or index; only artifacts can be copied. Give the tag or digest of a manifest.",
                sourceReference);
        }

        var tracker = new CopyProgress(progress);
        var transfer = new CopyTransfer(source, destination, options.MountFromRepository, tracker);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var blobs = new BlobPipeline(transfer, parallelism, stop);
        var (root, nodes) = await WalkAsync(source, resolved, RootName(source, sourceReference), parallelism, blobs, stop, cancellationToken).ConfigureAwait(false);
        var rootDescriptor = WithArtifactType(resolved, root.ManifestBytes!);
        tracker.Start(nodes.Sum(n => n.Descriptor.Size), nodes.Count);
        await blobs.CompleteAsync().ConfigureAwait(false);

        var parallel = new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken };
        foreach (var level in nodes.Where(n => n.IsManifest && !ReferenceEquals(n, root)).GroupBy(n => n.Height).OrderBy(g => g.Key))
        {
            await Parallel.ForEachAsync(level, parallel,
                (node, ct) => new ValueTask(transfer.CopyManifestAsync(node.Descriptor, node.ManifestBytes!, null, ct))).ConfigureAwait(false);
        }

        await transfer.CopyManifestAsync(rootDescriptor, root.ManifestBytes!, tag, cancellationToken).ConfigureAwait(false);
        return new CopyResult(rootDescriptor, tag, tracker.CopiedCount, tracker.SkippedCount, tracker.MountedCount, tracker.BytesCopied);
    }

    /// <summary>
    /// Reads the graph while <paramref name="blobs"/> transfers each blob as soon as its manifest is parsed.
    /// When the walk fails, the transfers under way are stopped and awaited (nothing keeps writing after
    /// the copy has returned); when a transfer fails, the walk is stopped and the transfer's error reported.
    /// </summary>
    private static async Task<(CopyNode Root, IReadOnlyList<CopyNode> Nodes)> WalkAsync(IReadOnlyTarget source, Descriptor resolved, string rootName,
        int parallelism, BlobPipeline blobs, CancellationTokenSource stop, CancellationToken cancellationToken)
    {
        try
        {
            return await CopyGraph.BuildAsync(source, resolved, rootName, parallelism, blobs.Start, stop.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await blobs.SettleAsync().ConfigureAwait(false);
            if (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested && blobs.Failure is { } failure)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
            }

            throw;
        }
    }

    private static string RootName(IReadOnlyTarget source, string reference) =>
        Digest.TryParse(reference, out _, out _) ? $"{source.DisplayName}@{reference}" : $"{source.DisplayName}:{reference}";

    private static string? DestinationTag(string sourceReference, string? destinationTag)
    {
        if (destinationTag is not null)
        {
            return Reference.IsValidTag(destinationTag)
                ? destinationTag
                : throw new TofuOciException(ErrorIds.InvalidReference, ErrorKind.InvalidArgument,
                    $"Invalid destination tag \"{destinationTag}\": a tag is 1 to 128 characters from A-Z a-z 0-9 _ . - and must not start with . or -.",
                    destinationTag);
        }

        return !Digest.TryParse(sourceReference, out _, out _) && Reference.IsValidTag(sourceReference) ? sourceReference : null;
    }

    /// <summary>Registries never report artifactType on resolve; the manifest itself has it, and layouts record it on their roots.</summary>
    private static Descriptor WithArtifactType(Descriptor resolved, byte[] manifest)
    {
        if (!string.IsNullOrEmpty(resolved.ArtifactType))
        {
            return resolved;
        }

        var (_, artifactType) = OciJson.ReadTypes(manifest);
        return string.IsNullOrEmpty(artifactType) ? resolved : resolved with { ArtifactType = artifactType };
    }
}
