using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci;
using OpenTofuOci.Core.Oci.Copy;
using OpenTofuOci.Core.Oci.Targets;

namespace OpenTofuOci.Core.Providers.Publishing;

/// <summary>
/// Publishes a provider release in the shape OpenTofu's OCI mirror source reads
/// (docs/opentofu-compatibility.md §1.3): one image manifest per platform (<c>artifactType</c>
/// <c>application/vnd.opentofu.provider-target</c>, empty config, one <c>archive/zip</c> layer titled
/// with the zip's file name) under one index (<c>artifactType</c> <c>application/vnd.opentofu.provider</c>,
/// a <c>platform</c> on every entry) tagged with the version.
/// </summary>
/// <remarks>
/// Manifests are written canonically (<see cref="OciJson"/>) with no timestamps and the index entries
/// sorted by OS then architecture, so the same zips always give the same digests — to a registry or a
/// layout alike. The tag is checked before anything is uploaded: an identical version costs one
/// resolve, a conflicting one is refused without writing a byte. Blobs go first (in parallel, skipping
/// those present), then manifests, then the tagged index, so a failure never leaves the tag pointing
/// at something incomplete.
/// <para>
/// A release with a <c>SHA256SUMS</c> file is read once: the digests come from the checksum file and
/// each zip is checked against it while it uploads (the upload is abandoned before its last bytes when
/// they differ, so no wrong blob is ever stored), or hashed when the target has that blob already or
/// the version is unchanged. A damaged zip then fails with <see cref="ErrorIds.ChecksumMismatch"/>
/// after other, correct zips of the release may have been stored as untagged blobs; no manifest, index
/// or tag is written (docs/design.md "Publishing providers").
/// </para>
/// <para>
/// A release without one is read once too: while its version's tag does not exist in the target, each
/// zip is uploaded as it is hashed and its digest learnt at the end (<see cref="IHashingPusher"/>), and the
/// manifests and index are built from those digests. When the tag exists, the zips are hashed first
/// instead, so an unchanged republish uploads nothing and a conflicting one is refused before a byte
/// is sent.
/// </para>
/// </remarks>
public static class ProviderPublisher
{
    /// <summary>Checks, hashes and publishes the release; see <see cref="ProviderPublishRequest"/>.</summary>
    public static async Task<ProviderPublishResult> PublishAsync(ProviderPublishRequest request, IProgress<TransferProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.Target);
        var release = await ProviderReleaseScanner.ScanTrustingChecksumsAsync(request.Files, request.Version, cancellationToken).ConfigureAwait(false);
        return await PublishAsync(release, request, progress, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Publishes an already scanned release, checking the packages the scan left unverified.</summary>
    public static async Task<ProviderPublishResult> PublishAsync(ProviderRelease release, ProviderPublishRequest request, IProgress<TransferProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(release);
        ArgumentNullException.ThrowIfNull(request);
        var target = request.Target;
        var display = request.TargetDisplay ?? target.DisplayName;
        if (release.Packages.Any(p => p.DigestPending))
        {
            // The manifests' sizes do not depend on the digests' values, so this checks the size limit
            // before anything is read or sent.
            var outline = Build(release with { Packages = release.Packages.Select(p => p.DigestPending ? p with { Digest = Placeholder } : p).ToList() });
            if (await ExistingTag.DigestAsync(target, release.Tag, cancellationToken).ConfigureAwait(false) is null)
            {
                return await PublishInOnePassAsync(release, outline, request, display, progress, cancellationToken).ConfigureAwait(false);
            }

            // The version exists: its zips may all be there already, which only their digests can tell.
            release = await ProviderReleaseScanner.HashPendingAsync(release, cancellationToken).ConfigureAwait(false);
        }

        var artifact = Build(release);

        ProviderPublishStatus status;
        string? previous;
        try
        {
            (status, previous) = await ProviderTagGuard.CheckAsync(target, display, release.Version, release.Tag, artifact.Index.Digest, request.Force, cancellationToken).ConfigureAwait(false);
        }
        catch (TofuOciException e) when (e.Code == ErrorCode.ProviderVersionExists && !release.IsVerified)
        {
            // A damaged zip also makes the version look different: say which, rather than "exists".
            await VerifyAllAsync(release, cancellationToken).ConfigureAwait(false);
            throw;
        }
        var blobCount = release.Packages.Count + 1;
        if (status == ProviderPublishStatus.Unchanged)
        {
            // Nothing to upload, but the files must still be the release the checksum file describes.
            await VerifyAllAsync(release, cancellationToken).ConfigureAwait(false);
            return Result(release, display, artifact, status, null, 0, 0, blobCount);
        }

        var blobs = new List<(Descriptor Descriptor, Func<Stream> Open, ProviderReleasePackage? Unverified)>
        {
            (EmptyConfig.Descriptor, () => new MemoryStream(EmptyConfig.Content.ToArray(), writable: false), null),
        };
        blobs.AddRange(release.Packages.Select((p, i) => (artifact.Layers[i], p.Verified
            ? (Func<Stream>)p.File.Open
            : () => new VerifyingStream(p.File.Open(), artifact.Layers[i], p.File.Source), p.Verified ? null : p)));
        var tracker = new CopyProgress(progress,
            blobs.Sum(b => b.Descriptor.Size) + artifact.Manifests.Sum(m => m.Descriptor.Size) + artifact.Index.Size,
            blobs.Count + artifact.Manifests.Count + 1);
        tracker.Start();

        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, request.MaxParallelism), CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(blobs, parallel, async (blob, ct) =>
        {
            if (blob.Unverified is null)
            {
                await TrackedPush.PushIfMissingAsync(target, blob.Descriptor, blob.Open, null, tracker, ct).ConfigureAwait(false);
                return;
            }

            try
            {
                var pushed = await TrackedPush.PushIfMissingAsync(target, blob.Descriptor, blob.Open, null, tracker, ct).ConfigureAwait(false);
                if (!pushed)
                {
                    await ProviderReleaseScanner.VerifyAsync(blob.Unverified, release.ChecksumsFile, ct).ConfigureAwait(false);
                }
            }
            catch (TofuOciException e) when (e.Code is ErrorCode.DigestMismatch or ErrorCode.SizeMismatch && e.Target == blob.Descriptor.Digest)
            {
                throw ProviderReleaseScanner.ChecksumMismatch(blob.Unverified, release.ChecksumsFile,
                    $"the checksum file says sha256 {blob.Unverified.Digest.Encoded} but the file's content ({blob.Unverified.Size} bytes) differs", e);
            }
        }).ConfigureAwait(false);
        var blobsSkipped = tracker.SkippedCount;
        var blobsUploaded = tracker.CopiedCount;
        await PushManifestsAsync(target, release.Tag, artifact, tracker, parallel, askFirst: true).ConfigureAwait(false);
        return Result(release, display, artifact, status, previous, tracker.BytesCopied, blobsUploaded, blobsSkipped);
    }

    // Stands in for digests not known yet: same length as any sha256 digest, so the manifests built with it have their final sizes.
    private static readonly Digest Placeholder = Digest.Parse("sha256:" + new string('0', 64));

    /// <summary>
    /// Publishes a release whose tag does not exist yet and whose zips' digests are not known: each zip is
    /// read once, uploaded while hashed; then the manifests and the tagged index are built from the digests
    /// learnt, exactly as if the zips had been hashed first. A zip that changes while it is read fails
    /// before its upload is committed, and no manifest, index or tag is written.
    /// </summary>
    private static async Task<ProviderPublishResult> PublishInOnePassAsync(ProviderRelease release, Artifact outline, ProviderPublishRequest request, string display,
        IProgress<TransferProgress>? progress, CancellationToken cancellationToken)
    {
        var target = request.Target;
        var tracker = new CopyProgress(progress,
            EmptyConfig.Descriptor.Size + outline.Layers.Sum(l => l.Size) + outline.Manifests.Sum(m => m.Descriptor.Size) + outline.Index.Size,
            1 + outline.Layers.Count + outline.Manifests.Count + 1);
        tracker.Start();

        var packages = release.Packages.ToArray();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, request.MaxParallelism), CancellationToken = cancellationToken };
        // -1 is the empty config; it is tiny and often there already, so it is asked about first as always.
        await Parallel.ForEachAsync(Enumerable.Range(-1, packages.Length + 1), parallel, async (i, ct) =>
        {
            if (i < 0)
            {
                await TrackedPush.PushIfMissingAsync(target, EmptyConfig.Descriptor, () => new MemoryStream(EmptyConfig.Content.ToArray(), writable: false), null, tracker, ct).ConfigureAwait(false);
                return;
            }

            var package = packages[i];
            if (!package.DigestPending)
            {
                // Only a caller's own mix of hashed and pending packages gets here; a hashed one goes up as usual.
                if (!await TrackedPush.PushIfMissingAsync(target, outline.Layers[i], package.Verified ? package.File.Open
                    : () => new VerifyingStream(package.File.Open(), outline.Layers[i], package.File.Source), null, tracker, ct).ConfigureAwait(false) && !package.Verified)
                {
                    await ProviderReleaseScanner.VerifyAsync(package, release.ChecksumsFile, ct).ConfigureAwait(false);
                }

                return;
            }

            Descriptor pushed;
            try
            {
                pushed = await TrackedPush.PushHashingAsync(target, MediaTypes.Zip, package.Size, package.File.OpenUnchanged(), tracker, ct).ConfigureAwait(false);
            }
            catch (TofuOciException e) when (e.Code is ErrorCode.SizeMismatch or ErrorCode.DigestMismatch && e.Target != package.File.Source)
            {
                throw new TofuOciException(e.ErrorId, ErrorKind.InvalidData,
                    $"{package.File.Source} changed while it was published: it was {package.Size} bytes when the release was checked ({e.Message}). Nothing was tagged; publish again once the file is complete.",
                    package.File.Source, e);
            }

            packages[i] = package with { Digest = pushed.ParsedDigest(), Verified = true, DigestPending = false };
        }).ConfigureAwait(false);
        var blobsSkipped = tracker.SkippedCount;
        var blobsUploaded = tracker.CopiedCount;

        var hashed = release with { Packages = packages };
        var artifact = Build(hashed);
        // The manifests name zips whose file names carry this version, which had no tag: they are new.
        await PushManifestsAsync(target, hashed.Tag, artifact, tracker, parallel, askFirst: false).ConfigureAwait(false);
        return Result(hashed, display, artifact, ProviderPublishStatus.Published, null, tracker.BytesCopied, blobsUploaded, blobsSkipped);
    }

    // The platform manifests, then the index with its tag last, so a failure never leaves the tag on something incomplete.
    private static async Task PushManifestsAsync(ITarget target, string tag, Artifact artifact, CopyProgress tracker, ParallelOptions parallel, bool askFirst)
    {
        await Parallel.ForEachAsync(artifact.Manifests, parallel, async (m, ct) =>
        {
            Stream Open() => new MemoryStream(m.Bytes, writable: false);
            if (askFirst)
            {
                await TrackedPush.PushIfMissingAsync(target, m.Descriptor, Open, null, tracker, ct).ConfigureAwait(false);
            }
            else
            {
                await TrackedPush.PushAsync(target, m.Descriptor, Open, tracker, ct).ConfigureAwait(false);
            }
        }).ConfigureAwait(false);
        await TrackedPush.PushIfMissingAsync(target, artifact.Index, () => new MemoryStream(artifact.IndexBytes, writable: false), tag, tracker, parallel.CancellationToken).ConfigureAwait(false);
    }

    private static Task VerifyAllAsync(ProviderRelease release, CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(release.Packages.Where(p => !p.Verified), cancellationToken, async (p, ct) =>
            await ProviderReleaseScanner.VerifyAsync(p, release.ChecksumsFile, ct).ConfigureAwait(false));

    /// <summary>The layer, manifests and index a release is published as, without touching any target.</summary>
    internal sealed record Artifact(IReadOnlyList<Descriptor> Layers, IReadOnlyList<(Descriptor Descriptor, byte[] Bytes)> Manifests, Descriptor Index, byte[] IndexBytes);

    internal static Artifact Build(ProviderRelease release)
    {
        var layers = new List<Descriptor>();
        var manifests = new List<(Descriptor, byte[])>();
        foreach (var p in release.Packages)
        {
            // The layer artifactType is what OpenTofu's docs and fixtures show; OpenTofu does not check it.
            var layer = new Descriptor
            {
                MediaType = MediaTypes.Zip,
                ArtifactType = MediaTypes.OpenTofuProviderPackage,
                Digest = p.Digest.ToString(),
                Size = p.Size,
                Annotations = new Dictionary<string, string> { [AnnotationKeys.Title] = p.File.Name },
            };
            var bytes = OciJson.Write(new ImageManifest
            {
                ArtifactType = MediaTypes.OpenTofuProviderTarget,
                Config = EmptyConfig.Descriptor,
                Layers = [layer],
            });
            var manifest = Descriptor.FromBytes(MediaTypes.ImageManifest, bytes, MediaTypes.OpenTofuProviderTarget) with
            {
                Platform = new Platform { OS = p.Platform.OS, Architecture = p.Platform.Arch },
            };
            layers.Add(layer);
            manifests.Add((manifest, bytes));
        }

        var indexBytes = OciJson.Write(new ImageIndex { ArtifactType = MediaTypes.OpenTofuProvider, Manifests = manifests.Select(m => m.Item1).ToList() });
        var index = Descriptor.FromBytes(MediaTypes.ImageIndex, indexBytes, MediaTypes.OpenTofuProvider);
        if (index.Size > ManifestLimits.MaxPublishSize)
        {
            throw new TofuOciException(ErrorIds.ManifestTooLarge, ErrorKind.InvalidArgument,
                $"The index for {release.Packages.Count} platforms would be {index.Size} bytes, over OpenTofu's 4 MiB manifest limit; publish fewer platforms.");
        }

        return new Artifact(layers, manifests, index, indexBytes);
    }

    private static ProviderPublishResult Result(ProviderRelease release, string display, Artifact artifact, ProviderPublishStatus status, string? previous,
        long bytes, int uploaded, int skipped) =>
        new(release.Type, release.Version, display, release.Tag, artifact.Index,
            release.Packages.Select((p, i) => new ProviderPublishedPlatform(p.Platform.ToString(), artifact.Manifests[i].Descriptor.Digest,
                artifact.Layers[i].Digest, p.ZipHash, p.File.Name, p.Size)).ToList(),
            status, previous, bytes, uploaded, skipped);
}
