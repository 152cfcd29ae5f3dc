using OpenTofuOci.Core.Oci.Targets;

namespace OpenTofuOci.Core.Oci.Layout;

/// <summary>
/// An OCI image-layout directory used as a repository: <c>oci-layout</c>, <c>index.json</c> whose
/// roots are tagged with <c>org.opencontainers.image.ref.name</c>, and <c>blobs/&lt;alg&gt;/&lt;hex&gt;</c>.
/// See <see href="https://github.com/opencontainers/image-spec/blob/v1.1.1/image-layout.md">image-spec layout</see>.
/// </summary>
public sealed class OciLayoutStore : ITarget, IDeleter
{
    public OciLayoutStore(string directory) => Directory = Path.GetFullPath(directory);

    public string Directory { get; }
    public string DisplayName => $"oci-layout:{Directory}";

    public Task<Descriptor> ResolveAsync(string reference, CancellationToken cancellationToken = default) => throw new NotImplementedException();
    public Task<Stream> FetchAsync(Descriptor descriptor, CancellationToken cancellationToken = default) => throw new NotImplementedException();
    public Task<bool> ExistsAsync(Descriptor descriptor, CancellationToken cancellationToken = default) => throw new NotImplementedException();
    public IAsyncEnumerable<string> ListTagsAsync(CancellationToken cancellationToken = default) => throw new NotImplementedException();
    public Task PushAsync(Descriptor descriptor, Stream content, CancellationToken cancellationToken = default) => throw new NotImplementedException();
    public Task PushAsync(Descriptor descriptor, Stream content, string tag, CancellationToken cancellationToken = default) => throw new NotImplementedException();
    public Task TagAsync(Descriptor descriptor, string tag, CancellationToken cancellationToken = default) => throw new NotImplementedException();
    public Task DeleteAsync(Descriptor descriptor, CancellationToken cancellationToken = default) => throw new NotImplementedException();
}
