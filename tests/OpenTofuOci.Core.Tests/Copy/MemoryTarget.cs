using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci;
using OpenTofuOci.Core.Oci.Targets;

namespace OpenTofuOci.Core.Tests.Copy;

/// <summary>
/// An in-memory registry repository that records what was asked of it, for checking a copier's
/// order of operations and mount use. Like a registry it refuses a manifest whose children are missing,
/// and, like a registry's HEAD, its resolve reports no artifactType.
/// </summary>
internal sealed class MemoryTarget : ITarget, IBlobMounter
{
    private readonly ConcurrentDictionary<string, byte[]> _content = new();
    private readonly ConcurrentDictionary<string, Descriptor> _tags = new();

    public string DisplayName => "memory.test/repo";
    public string Registry => "memory.test";
    public string Repository => "repo";

    /// <summary>Every write, in order: "blob sha256:…", "manifest sha256:…", "manifest sha256:… tag", "mount …", "tag …".</summary>
    public ConcurrentQueue<string> Log { get; } = new();

    /// <summary>Blobs the mount call succeeds for (they are then "present").</summary>
    public Dictionary<string, byte[]> Mountable { get; } = [];

    public bool Has(string digest) => _content.ContainsKey(digest);

    public byte[] Bytes(string digest) => _content[digest];

    public Task<Descriptor> ResolveAsync(string reference, CancellationToken cancellationToken = default)
    {
        if (_tags.TryGetValue(reference, out var d))
        {
            return Task.FromResult(d with { ArtifactType = null, Annotations = null });
        }

        throw new TofuOciException(ErrorIds.NotFound, ErrorKind.NotFound, $"{reference} not found", reference);
    }

    public Task<Stream> FetchAsync(Descriptor descriptor, CancellationToken cancellationToken = default) =>
        _content.TryGetValue(descriptor.Digest, out var bytes)
            ? Task.FromResult<Stream>(new VerifyingStream(new MemoryStream(bytes), descriptor, DisplayName))
            : throw new TofuOciException(ErrorIds.NotFound, ErrorKind.NotFound, $"{descriptor.Digest} not found", descriptor.Digest);

    public Task<bool> ExistsAsync(Descriptor descriptor, CancellationToken cancellationToken = default) =>
        Task.FromResult(_content.ContainsKey(descriptor.Digest));

    public async IAsyncEnumerable<string> ListTagsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        foreach (var tag in _tags.Keys)
        {
            yield return tag;
        }
    }

    public async Task PushAsync(Descriptor descriptor, Stream content, CancellationToken cancellationToken = default)
    {
        await StoreAsync(descriptor, content, cancellationToken);
        Log.Enqueue($"{Kind(descriptor)} {descriptor.Digest}");
    }

    public async Task PushAsync(Descriptor descriptor, Stream content, string tag, CancellationToken cancellationToken = default)
    {
        await StoreAsync(descriptor, content, cancellationToken);
        _tags[tag] = descriptor;
        Log.Enqueue($"{Kind(descriptor)} {descriptor.Digest} {tag}");
    }

    public Task TagAsync(Descriptor descriptor, string tag, CancellationToken cancellationToken = default)
    {
        _tags[tag] = descriptor;
        Log.Enqueue($"tag {descriptor.Digest} {tag}");
        return Task.CompletedTask;
    }

    public Task<bool> MountAsync(Descriptor descriptor, string fromRepository, CancellationToken cancellationToken = default)
    {
        Log.Enqueue($"mount {descriptor.Digest} {fromRepository}");
        if (!Mountable.TryGetValue(descriptor.Digest, out var bytes))
        {
            return Task.FromResult(false);
        }

        _content[descriptor.Digest] = bytes;
        return Task.FromResult(true);
    }

    private static string Kind(Descriptor d) => MediaTypes.IsManifest(d.MediaType) ? "manifest" : "blob";

    private async Task StoreAsync(Descriptor descriptor, Stream content, CancellationToken cancellationToken)
    {
        var buffer = new MemoryStream();
        await new VerifyingStream(content, descriptor, "push").CopyToAsync(buffer, cancellationToken);
        var bytes = buffer.ToArray();
        if (MediaTypes.IsManifest(descriptor.MediaType))
        {
            var children = MediaTypes.IsIndex(descriptor.MediaType)
                ? OciJson.ReadIndex(bytes).Manifests
                : OciJson.ReadManifest(bytes).Layers.Concat(OciJson.ReadManifest(bytes).Config is { } c ? [c] : []).ToList();
            var missing = children.FirstOrDefault(c => !_content.ContainsKey(c.Digest));
            if (missing is not null)
            {
                throw new TofuOciException(ErrorIds.RegistryError, ErrorKind.InvalidData, $"MANIFEST_BLOB_UNKNOWN {missing.Digest}", missing.Digest);
            }
        }

        _content[descriptor.Digest] = bytes;
    }
}
