using OpenTofuOci.Core.Oci;
using OpenTofuOci.Core.Oci.Targets;

namespace OpenTofuOci.Core.Tests.Providers;

/// <summary>
/// Wraps a target and strips artifactType from resolved descriptors, as a registry's HTTP API does
/// (docs/opentofu-compatibility.md §8.11); can also replace what a tag resolves to, to reach checks a layout will not store.
/// </summary>
internal sealed class RemoteLikeTarget(IReadOnlyTarget inner) : IReadOnlyTarget
{
    public Func<Descriptor, Descriptor>? Rewrite { get; init; }

    public string DisplayName => "registry.example/mirror";

    public async Task<Descriptor> ResolveAsync(string reference, CancellationToken cancellationToken = default)
    {
        var d = (await inner.ResolveAsync(reference, cancellationToken)) with { ArtifactType = null };
        return Rewrite is null ? d : Rewrite(d);
    }

    public Task<Stream> FetchAsync(Descriptor descriptor, CancellationToken cancellationToken = default) => inner.FetchAsync(descriptor, cancellationToken);

    public Task<bool> ExistsAsync(Descriptor descriptor, CancellationToken cancellationToken = default) => inner.ExistsAsync(descriptor, cancellationToken);

    public IAsyncEnumerable<string> ListTagsAsync(CancellationToken cancellationToken = default) => inner.ListTagsAsync(cancellationToken);
}
