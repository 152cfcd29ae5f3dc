using OpenTofuOci.Core.Oci.Targets;

namespace OpenTofuOci.Core.Oci.Remote;

/// <summary>
/// A repository on an OCI Distribution v1.1 registry.
/// See <see href="https://github.com/opencontainers/distribution-spec/blob/v1.1.0/spec.md">distribution-spec</see>
/// and spec/oci-distribution.md.
/// </summary>
public sealed partial class RemoteRepository : ITarget, IDeleter, IBlobMounter
{
    /// <param name="registry">host[:port]</param>
    /// <param name="repository">repository path</param>
    /// <param name="options">transport and auth options</param>
    public RemoteRepository(string registry, string repository, RemoteRepositoryOptions? options = null)
    {
        Registry = registry;
        Repository = repository;
        Options = options ?? new RemoteRepositoryOptions();
    }

    public string Registry { get; }
    public string Repository { get; }
    public RemoteRepositoryOptions Options { get; }
    public string DisplayName => $"{Registry}/{Repository}";

    public Task<Descriptor> ResolveAsync(string reference, CancellationToken cancellationToken = default) => throw new NotImplementedException();
    public Task<Stream> FetchAsync(Descriptor descriptor, CancellationToken cancellationToken = default) => throw new NotImplementedException();
    public Task<bool> ExistsAsync(Descriptor descriptor, CancellationToken cancellationToken = default) => throw new NotImplementedException();
    public IAsyncEnumerable<string> ListTagsAsync(CancellationToken cancellationToken = default) => throw new NotImplementedException();
    public Task PushAsync(Descriptor descriptor, Stream content, CancellationToken cancellationToken = default) => throw new NotImplementedException();
    public Task PushAsync(Descriptor descriptor, Stream content, string tag, CancellationToken cancellationToken = default) => throw new NotImplementedException();
    public Task TagAsync(Descriptor descriptor, string tag, CancellationToken cancellationToken = default) => throw new NotImplementedException();
    public Task DeleteAsync(Descriptor descriptor, CancellationToken cancellationToken = default) => throw new NotImplementedException();
    public Task<bool> MountAsync(Descriptor descriptor, string fromRepository, CancellationToken cancellationToken = default) => throw new NotImplementedException();
}
