using System.Runtime.CompilerServices;
using OpenTofuOci.Core.FileSystem;
using OpenTofuOci.Core.Oci.Targets;

namespace OpenTofuOci.Core.Oci.Layout;

/// <summary>
/// An OCI image-layout directory used as a repository: <c>oci-layout</c>, <c>index.json</c> whose
/// roots are tagged with <c>org.opencontainers.image.ref.name</c>, and <c>blobs/&lt;alg&gt;/&lt;hex&gt;</c>.
/// See <see href="https://github.com/opencontainers/image-spec/blob/v1.1.1/image-layout.md">image-spec layout</see>
/// and docs/oci-registries.md "Image layout".
/// </summary>
/// <remarks>
/// <para>The layout is created on the first write. Reading a directory that does not exist, or that is not a
/// layout of version 1.0.0, throws <c>NotFound</c> / <c>InvalidLayout</c>.</para>
/// <para>Only tags make roots: pushing a manifest stores its blob and leaves <c>index.json</c> alone;
/// <see cref="TagAsync"/> and the tagged <see cref="PushAsync(Descriptor, Stream, string, CancellationToken)"/>
/// add or move a root. ORAS also records untagged manifests as roots; we do not, so <c>index.json</c>
/// lists exactly what a user tagged (and what other tools put there, which is kept).</para>
/// <para><c>index.json</c> is changed read-modify-write under an exclusive lock file and replaced by a
/// rename, so concurrent writers in several processes lose no tag and readers never see half a file.</para>
/// <para>Referrers are kept with the referrers tag schema (<see cref="ReferrersTag"/>), as on a registry without
/// the referrers API: the referrer's manifest is a blob reachable from the tagged index <c>sha256-HEX</c>,
/// which is a root like any tag, so listing referrers reads one index instead of every blob, and a copy of
/// the layout to a registry carries them along (docs/opentofu-compatibility.md §9.6).</para>
/// <para>Resolve reports the root as stored, including <c>artifactType</c> (like ORAS's OCI store;
/// docs/opentofu-compatibility.md §1.3 relies on it), without the tag annotation.</para>
/// </remarks>
public sealed class OciLayoutStore : ITarget, IHashingPusher, IDeleter, ITagDeleter, ICreatedOnFirstPush, IReferrerLister, IReferrerPusher
{
    private readonly LayoutPaths _paths;
    // Set once the header was checked: a layout does not stop being one, and re-reading oci-layout
    // on every fetch of a large copy is wasted I/O.
    private volatile bool _headerChecked;

    public OciLayoutStore(string directory)
        : this(directory, string.Empty)
    {
    }

    /// <summary>
    /// A view of one repository inside a layout that holds several (a bundle, docs/opentofu-compatibility.md §13):
    /// tag <c>t</c> is the root whose <c>org.opencontainers.image.ref.name</c> is <paramref name="refNamePrefix"/> + <c>t</c>,
    /// and only such roots are listed. Blobs are shared by every view of the directory.
    /// </summary>
    public OciLayoutStore(string directory, string refNamePrefix)
    {
        ArgumentNullException.ThrowIfNull(refNamePrefix);
        Directory = Path.GetFullPath(directory);
        RefNamePrefix = refNamePrefix;
        _paths = new LayoutPaths(Directory);
    }

    public string Directory { get; }

    /// <summary>What every tag of this view is prefixed with in <c>index.json</c>; empty for a whole layout.</summary>
    public string RefNamePrefix { get; }

    /// <inheritdoc/>
    public bool IsCreated => File.Exists(Path.Combine(Directory, "oci-layout"));
    public string DisplayName => RefNamePrefix.Length == 0 ? $"oci-layout:{Directory}" : $"oci-layout:{Directory} ({RefNamePrefix.TrimEnd(':', '/')})";

    /// <summary>How long a write waits for another writer's lock on <c>index.json</c>.</summary>
    public TimeSpan LockTimeout { get; init; } = LayoutIndexLock.DefaultTimeout;

    public async Task<Descriptor> ResolveAsync(string reference, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(reference);
        EnsureReadable();
        var index = await LayoutIndexFile.ReadAsync(_paths, cancellationToken).ConfigureAwait(false);
        if (!Digest.TryParse(reference, out var digest, out _))
        {
            var root = LayoutRoots.FindByTag(index.Manifests, RefNamePrefix + reference)
                ?? throw LayoutErrors.ReferenceNotFound(Directory, reference);
            return LayoutRoots.ForCaller(root);
        }

        var byDigest = LayoutRoots.FindByDigest(index.Manifests, digest.ToString());
        if (byDigest is not null)
        {
            return LayoutRoots.ForCaller(byDigest);
        }

        return await ResolveBlobAsync(digest, reference, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A manifest that is not a root (e.g. a platform manifest of an index): its type comes from its JSON.</summary>
    private async Task<Descriptor> ResolveBlobAsync(Digest digest, string reference, CancellationToken cancellationToken)
    {
        var path = _paths.Blob(digest);
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw LayoutErrors.ReferenceNotFound(Directory, reference);
        }

        // Anything bigger is not a manifest we would read anyway; do not load a large layer to find out.
        if (ManifestLimits.ExceedsReadLimit(info.Length))
        {
            throw LayoutErrors.NotAManifest(Directory, reference);
        }

        var bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        var (mediaType, artifactType) = OciJson.ReadTypes(bytes);
        if (string.IsNullOrEmpty(mediaType))
        {
            throw LayoutErrors.NotAManifest(Directory, reference);
        }

        return new Descriptor
        {
            MediaType = mediaType,
            ArtifactType = string.IsNullOrEmpty(artifactType) ? null : artifactType,
            Digest = digest.ToString(),
            Size = bytes.Length,
        };
    }

    public Task<Stream> FetchAsync(Descriptor descriptor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        cancellationToken.ThrowIfCancellationRequested();
        var path = _paths.Blob(descriptor);
        EnsureReadable();
        Stream file;
        try
        {
            // FileShare.Delete: a concurrent delete or re-push must not fail because we are reading.
            file = LocalFileStream.OpenRead(path, FileShare.Read | FileShare.Delete);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw LayoutErrors.BlobNotFound(Directory, descriptor);
        }

        return Task.FromResult<Stream>(new VerifyingStream(file, descriptor, DisplayName));
    }

    public Task<bool> ExistsAsync(Descriptor descriptor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        cancellationToken.ThrowIfCancellationRequested();
        var path = _paths.Blob(descriptor);
        if (!_headerChecked)
        {
            if (!LayoutHeader.IsLayout(_paths))
            {
                // Not created yet: a copy into a new directory asks before its first write.
                return Task.FromResult(false);
            }

            _headerChecked = true;
        }

        var info = new FileInfo(path);
        return Task.FromResult(info.Exists && info.Length == descriptor.Size);
    }

    /// <summary>The tags of the roots in index order (callers sort).</summary>
    public async IAsyncEnumerable<string> ListTagsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        EnsureReadable();
        var index = await LayoutIndexFile.ReadAsync(_paths, cancellationToken).ConfigureAwait(false);
        foreach (var tag in LayoutRoots.Tags(index.Manifests))
        {
            if (RefNamePrefix.Length == 0)
            {
                yield return tag;
            }
            else if (tag.StartsWith(RefNamePrefix, StringComparison.Ordinal) && Reference.IsValidTag(tag[RefNamePrefix.Length..]))
            {
                yield return tag[RefNamePrefix.Length..];
            }
        }
    }

    /// <summary>Stores a blob or manifest under its digest after verifying it; a manifest does not become a root.</summary>
    public async Task PushAsync(Descriptor descriptor, Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        ArgumentNullException.ThrowIfNull(content);
        descriptor.ParsedDigest();
        if (descriptor.Size < 0)
        {
            throw LayoutErrors.NegativeSize(Directory, descriptor);
        }

        if (MediaTypes.IsManifest(descriptor.MediaType) && descriptor.Size > ManifestLimits.MaxPublishSize)
        {
            throw LayoutErrors.ManifestTooLarge(Directory, descriptor);
        }

        EnsureWritable();
        await LayoutBlobWriter.WriteAsync(_paths, descriptor, content, DisplayName, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Stores a blob whose digest is learnt while it is written: into a temp file in <c>blobs/sha256</c>,
    /// hashed on the way, then renamed to its digest (or dropped when that blob is there already).
    /// </summary>
    public async Task<Descriptor> PushHashingAsync(string mediaType, long size, Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(mediaType);
        ArgumentNullException.ThrowIfNull(content);
        if (size < 0)
        {
            throw LayoutErrors.NegativeSize(Directory, size);
        }

        EnsureWritable();
        var digest = await LayoutBlobWriter.WriteHashingAsync(_paths, size, content, DisplayName, cancellationToken).ConfigureAwait(false);
        return new Descriptor { MediaType = mediaType, Digest = digest.ToString(), Size = size };
    }

    /// <summary>Stores a manifest and makes it the root carrying <paramref name="tag"/>.</summary>
    public async Task PushAsync(Descriptor descriptor, Stream content, string tag, CancellationToken cancellationToken = default)
    {
        ValidateTag(tag);
        await PushAsync(descriptor, content, cancellationToken).ConfigureAwait(false);
        await TagAsync(descriptor, tag, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Makes the stored manifest the root carrying <paramref name="tag"/>, taking the tag off any other root.
    /// When the descriptor has no artifactType (e.g. it was resolved from a registry, which never reports one),
    /// it is read from the manifest, so the root looks the same as when the artifact was published here directly.
    /// </summary>
    public async Task TagAsync(Descriptor descriptor, string tag, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        ValidateTag(tag);
        var path = _paths.Blob(descriptor);
        EnsureReadable();
        var info = new FileInfo(path);
        if (!info.Exists || info.Length != descriptor.Size)
        {
            throw LayoutErrors.BlobNotFound(Directory, descriptor);
        }

        if (string.IsNullOrEmpty(descriptor.ArtifactType) && MediaTypes.IsManifest(descriptor.MediaType) && !ManifestLimits.ExceedsReadLimit(info.Length))
        {
            var (_, artifactType) = OciJson.ReadTypes(await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false));
            descriptor = descriptor with { ArtifactType = string.IsNullOrEmpty(artifactType) ? null : artifactType };
        }

        await UpdateIndexAsync(roots => LayoutRoots.WithTag(roots, descriptor, RefNamePrefix + tag), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Removes a blob; for a manifest also every root pointing at it. Throws NotFound when neither existed.</summary>
    public async Task DeleteAsync(Descriptor descriptor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        var path = _paths.Blob(descriptor);
        EnsureReadable();
        var removedRoot = false;
        // Roots first: the index must never point at a blob that is gone.
        await UpdateIndexAsync(roots =>
        {
            var kept = LayoutRoots.WithoutDigest(roots, descriptor.Digest);
            removedRoot = kept.Count != roots.Count;
            return removedRoot ? kept : null;
        }, cancellationToken).ConfigureAwait(false);

        var existed = File.Exists(path);
        File.Delete(path);
        if (!existed && !removedRoot)
        {
            throw LayoutErrors.BlobNotFound(Directory, descriptor);
        }
    }

    /// <summary>Removes a tag from index.json; the manifest and its blobs stay. Throws NotFound when no root carries it.</summary>
    public async Task DeleteTagAsync(string tag, CancellationToken cancellationToken = default)
    {
        ValidateTag(tag);
        EnsureReadable();
        var found = false;
        await UpdateIndexAsync(roots =>
        {
            var kept = LayoutRoots.WithoutTag(roots, RefNamePrefix + tag);
            found = kept is not null;
            return kept;
        }, cancellationToken).ConfigureAwait(false);
        if (!found)
        {
            throw LayoutErrors.ReferenceNotFound(Directory, tag);
        }
    }

    /// <summary>Stores a manifest that has a <c>subject</c> and adds it to the subject's referrers tag index.</summary>
    public async Task PushReferrerAsync(Descriptor manifest, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var parsed = OciJson.ReadManifest(content.Span, manifest.Digest);
        var subject = parsed.Subject ?? throw new ArgumentException($"Manifest {manifest.Digest} has no subject; it cannot be pushed as a referrer.", nameof(content));
        await PushAsync(manifest, new MemoryStream(content.ToArray(), writable: false), cancellationToken).ConfigureAwait(false);
        await ReferrersTag.AddAsync(this, ReferrersTag.EntryFor(manifest, parsed), subject.ParsedDigest(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The referrers the subject's referrers tag index lists; empty when there is none.</summary>
    public Task<IReadOnlyList<Descriptor>> ListReferrersAsync(Descriptor subject, string? artifactType = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subject);
        return ReferrersTag.ListAsync(this, subject.ParsedDigest(), artifactType, cancellationToken);
    }

    /// <summary>
    /// Orders every root of <c>index.json</c> (all views, not only this one) by its ref name, ordinal, untagged roots
    /// last by digest, so a layout built in any order is written with the same bytes (a bundle,
    /// docs/opentofu-compatibility.md §13).
    /// </summary>
    public async Task SortRootsAsync(CancellationToken cancellationToken = default)
    {
        EnsureReadable();
        await UpdateIndexAsync(roots => roots
            .OrderBy(r => r.Annotation(AnnotationKeys.RefName) is null ? 1 : 0)
            .ThenBy(r => r.Annotation(AnnotationKeys.RefName) ?? string.Empty, StringComparer.Ordinal)
            .ThenBy(r => r.Digest, StringComparer.Ordinal)
            .ToList(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Read-modify-write of index.json under the lock; <paramref name="change"/> returns null for "no change".</summary>
    private async Task UpdateIndexAsync(Func<IReadOnlyList<Descriptor>, List<Descriptor>?> change, CancellationToken cancellationToken)
    {
        var held = await LayoutIndexLock.AcquireAsync(_paths, LockTimeout, cancellationToken).ConfigureAwait(false);
        await using (held.ConfigureAwait(false))
        {
            // Re-read under the lock: what this instance read before may already be stale.
            var index = await LayoutIndexFile.ReadAsync(_paths, cancellationToken).ConfigureAwait(false);
            var roots = change(index.Manifests);
            if (roots is not null)
            {
                await LayoutIndexFile.WriteAsync(_paths, index with { Manifests = roots }, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private void EnsureReadable()
    {
        if (!_headerChecked)
        {
            LayoutHeader.EnsureReadable(_paths);
            _headerChecked = true;
        }
    }

    private void EnsureWritable()
    {
        if (!_headerChecked)
        {
            LayoutHeader.EnsureWritable(_paths);
            _headerChecked = true;
        }
    }

    private void ValidateTag(string tag)
    {
        ArgumentNullException.ThrowIfNull(tag);
        if (!Reference.IsValidTag(tag))
        {
            throw LayoutErrors.InvalidTag(Directory, tag);
        }
    }
}
