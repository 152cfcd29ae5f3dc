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
/// Every manifest is read verified, and every digest validated, before anything is written.
/// </summary>
internal sealed class CopyGraph : IDisposable
{
    private readonly IReadOnlyTarget _source;
    private readonly SemaphoreSlim _fetchSlots;
    private readonly ConcurrentDictionary<string, Lazy<Task<CopyNode>>> _nodes = new(StringComparer.Ordinal);
    private readonly CancellationToken _cancellationToken;

    private CopyGraph(IReadOnlyTarget source, int parallelism, CancellationToken cancellationToken)
    {
        _source = source;
        _fetchSlots = new SemaphoreSlim(parallelism, parallelism);
        _cancellationToken = cancellationToken;
    }

    /// <summary>The root node and all distinct nodes below it, each once (by digest).</summary>
    public static async Task<(CopyNode Root, IReadOnlyList<CopyNode> Nodes)> BuildAsync(
        IReadOnlyTarget source, Descriptor root, int parallelism, CancellationToken cancellationToken)
    {
        using var graph = new CopyGraph(source, parallelism, cancellationToken);
        var rootNode = await graph.VisitAsync(root).ConfigureAwait(false);
        var nodes = new List<CopyNode>(graph._nodes.Count);
        foreach (var lazy in graph._nodes.Values)
        {
            // All complete: the root finishes only after every descendant has.
            nodes.Add(await lazy.Value.ConfigureAwait(false));
        }

        return (rootNode, nodes);
    }

    public void Dispose() => _fetchSlots.Dispose();

    private Task<CopyNode> VisitAsync(Descriptor descriptor)
    {
        // Validate before using the digest as a key: an invalid one must fail here, not at the destination.
        descriptor.ParsedDigest();
        if (descriptor.Size < 0)
        {
            throw new TofuOciException(ErrorIds.InvalidManifest, ErrorKind.InvalidData,
                $"{_source.DisplayName}: descriptor {descriptor.Digest} has a negative size ({descriptor.Size}); the manifest that lists it is malformed. Republish the artifact.",
                descriptor.Digest);
        }

        return _nodes.GetOrAdd(descriptor.Digest, _ => new Lazy<Task<CopyNode>>(() => LoadAsync(descriptor))).Value;
    }

    private async Task<CopyNode> LoadAsync(Descriptor descriptor)
    {
        if (!MediaTypes.IsManifest(descriptor.MediaType))
        {
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
        IEnumerable<Descriptor> children = MediaTypes.IsIndex(descriptor.MediaType)
            ? OciJson.ReadIndex(bytes, target).Manifests
            : ManifestChildren(OciJson.ReadManifest(bytes, target));
        var loaded = await Task.WhenAll(children.Select(VisitAsync)).ConfigureAwait(false);
        var height = loaded.Select(c => c.Height + 1).DefaultIfEmpty(0).Max();
        return new CopyNode(descriptor, bytes, Math.Max(height, 0));
    }

    private static IEnumerable<Descriptor> ManifestChildren(ImageManifest manifest) =>
        manifest.Config is null ? manifest.Layers : manifest.Layers.Prepend(manifest.Config);
}
