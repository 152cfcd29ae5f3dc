using System.Collections.Concurrent;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci.Targets;

namespace OpenTofuOci.Core.Oci.Copy;

/// <summary>One manifest or blob to copy.</summary>
/// <param name="Descriptor">What to copy.</param>
/// <param name="ManifestBytes">A manifest's verified bytes as fetched (pushed unchanged); null for a blob.</param>
/// <param name="Height">0 for a manifest whose children are all blobs, one more than its highest child
/// manifest for an index; -1 for a blob. Pushing by ascending height puts children before parents.</param>
internal sealed record CopyNode(Descriptor Descriptor, byte[]? ManifestBytes, int Height)
{
    public bool IsManifest => ManifestBytes is not null;
}

/// <summary>
/// Walks everything a root manifest references: an index's manifests (recursively), a manifest's
/// config and layers. <c>subject</c> is not followed: a referrer points at its subject, not the
/// other way round, and copying an artifact must not drag in what it annotates.
/// Every manifest is read verified, and every digest validated, before anything below it is fetched;
/// the walk stops at <see cref="CopyLimits"/> so a hostile index cannot make it fetch without end. Each
/// blob is handed to a callback as soon as the verified manifest naming it is parsed, so its transfer can
/// start while other manifests are still being read.
/// </summary>
internal sealed class CopyGraph : IDisposable
{
    private readonly IReadOnlyTarget _source;
    private readonly SemaphoreSlim _fetchSlots;
    private readonly ConcurrentDictionary<string, Lazy<Task<CopyNode>>> _nodes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _admitted = new(StringComparer.Ordinal);
    private readonly CancellationToken _cancellationToken;
    private readonly string _rootName;
    private readonly string _rootLabel;
    private readonly Action<Descriptor> _blobFound;
    private int _manifestCount;

    private CopyGraph(IReadOnlyTarget source, Descriptor root, string rootName, int parallelism, Action<Descriptor> blobFound, CancellationToken cancellationToken)
    {
        _source = source;
        _blobFound = blobFound;
        _rootName = rootName;
        _rootLabel = rootName.EndsWith(root.Digest, StringComparison.Ordinal) ? rootName : $"{rootName} ({root.Digest})";
        _fetchSlots = new SemaphoreSlim(parallelism, parallelism);
        _cancellationToken = cancellationToken;
    }

    /// <summary>The root node and all distinct nodes below it, each once (by digest).</summary>
    /// <param name="rootName">The root as the user named it (source and tag or digest), for errors.</param>
    /// <param name="blobFound">Called once per distinct blob, as soon as the (verified) manifest that names it is parsed.</param>
    public static async Task<(CopyNode Root, IReadOnlyList<CopyNode> Nodes)> BuildAsync(
        IReadOnlyTarget source, Descriptor root, string rootName, int parallelism, Action<Descriptor> blobFound, CancellationToken cancellationToken)
    {
        using var graph = new CopyGraph(source, root, rootName, parallelism, blobFound, cancellationToken);
        graph.Admit(root, 0);
        var rootNode = await graph.VisitAsync(root, 0).ConfigureAwait(false);
        var nodes = new List<CopyNode>(graph._nodes.Count);
        foreach (var lazy in graph._nodes.Values)
        {
            // All complete: the root finishes only after every descendant has.
            nodes.Add(await lazy.Value.ConfigureAwait(false));
        }

        return (rootNode, nodes);
    }

    public void Dispose() => _fetchSlots.Dispose();

    /// <summary>
    /// Checks a descriptor before anything below it is fetched: a valid digest (used as a key), a size that
    /// is not negative, and, for a manifest, room within the limits. <paramref name="depth"/> is 0 for the root.
    /// </summary>
    private void Admit(Descriptor descriptor, int depth)
    {
        descriptor.ParsedDigest();
        if (descriptor.Size < 0)
        {
            throw new TofuOciException(ErrorIds.InvalidManifest, ErrorKind.InvalidData,
                $"{_source.DisplayName}: descriptor {descriptor.Digest} has a negative size ({descriptor.Size}); the manifest that lists it is malformed. Republish the artifact.",
                descriptor.Digest);
        }

        if (!MediaTypes.IsManifest(descriptor.MediaType))
        {
            return;
        }

        if (depth >= CopyLimits.MaxDepth)
        {
            throw TooLarge($"nests manifests more than {CopyLimits.MaxDepth} levels deep");
        }

        if (_admitted.TryAdd(descriptor.Digest, true) && Interlocked.Increment(ref _manifestCount) > CopyLimits.MaxManifests)
        {
            throw TooLarge($"references more than {CopyLimits.MaxManifests} manifests");
        }
    }

    private TofuOciException TooLarge(string what) =>
        new(ErrorIds.ArtifactGraphTooLarge, ErrorKind.InvalidData,
            $"{_rootLabel} {what}; the copy stopped before writing any manifest or tag. No provider or module package needs that many: check that the source is the artifact you meant.",
            _rootName);

    private Task<CopyNode> VisitAsync(Descriptor descriptor, int depth) =>
        _nodes.GetOrAdd(descriptor.Digest, _ => new Lazy<Task<CopyNode>>(() => LoadAsync(descriptor, depth))).Value;

    private async Task<CopyNode> LoadAsync(Descriptor descriptor, int depth)
    {
        if (!MediaTypes.IsManifest(descriptor.MediaType))
        {
            _blobFound(descriptor);
            return new CopyNode(descriptor, null, -1);
        }

        byte[] bytes;
        await _fetchSlots.WaitAsync(_cancellationToken).ConfigureAwait(false);
        try
        {
            bytes = await ContentReader.ReadManifestAsync(_source, descriptor, _source.DisplayName, _cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _fetchSlots.Release();
        }

        var target = $"{_source.DisplayName}@{descriptor.Digest}";
        var children = (MediaTypes.IsIndex(descriptor.MediaType)
            ? OciJson.ReadIndex(bytes, target).Manifests
            : ManifestChildren(OciJson.ReadManifest(bytes, target))).ToList();
        // Every child is admitted before any is fetched, so a refusal leaves no fetch of this level running.
        foreach (var child in children)
        {
            Admit(child, depth + 1);
        }

        var loaded = await Task.WhenAll(children.Select(c => VisitAsync(c, depth + 1))).ConfigureAwait(false);
        var height = loaded.Select(c => c.Height + 1).DefaultIfEmpty(0).Max();
        return new CopyNode(descriptor, bytes, Math.Max(height, 0));
    }

    private static IEnumerable<Descriptor> ManifestChildren(ImageManifest manifest) =>
        manifest.Config is null ? manifest.Layers : manifest.Layers.Prepend(manifest.Config);
}
