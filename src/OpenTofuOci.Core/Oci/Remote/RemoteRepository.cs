using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci.Targets;
using OpenTofuOci.Core.Oci.Transport;

namespace OpenTofuOci.Core.Oci.Remote;

/// <summary>
/// A repository on an OCI Distribution v1.1 registry.
/// See <see href="https://github.com/opencontainers/distribution-spec/blob/v1.1.0/spec.md">distribution-spec</see>,
/// docs/oci-registries.md and docs/opentofu-compatibility.md §4.2.
/// </summary>
/// <remarks>
/// Every read is verified against its descriptor while it streams; every push is verified before the
/// registry commits it. Credentials are asked for only after a challenge and go only to the registry
/// and the token service it names. Disposing is optional: it releases the client's own
/// <see cref="HttpClient"/>, never a shared or caller-supplied handler.
/// </remarks>
public sealed partial class RemoteRepository : ITarget, IHashingPusher, IMissingBlobPusher, IContentTailFetcher, IDeleter, ITagDeleter, IBlobMounter, IRetryingFetcher, IDisposable
{
    private readonly RegistryHttpClient _client;

    /// <param name="registry">host[:port]</param>
    /// <param name="repository">repository path</param>
    /// <param name="options">transport and auth options</param>
    public RemoteRepository(string registry, string repository, RemoteRepositoryOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(registry);
        ArgumentException.ThrowIfNullOrEmpty(repository);
        if (!Reference.IsValidRepository(repository))
        {
            throw new TofuOciException(ErrorIds.InvalidReference, ErrorKind.InvalidArgument,
                $"Invalid repository name \"{repository}\": use lowercase letters, digits and separators (. _ __ - /).", $"{registry}/{repository}");
        }

        // The registry becomes the URL authority: anything that would add a path, user info or query is
        // refused. Uri drops a default port from Authority, so "host:443" is compared with the port written out.
        if (!Uri.TryCreate($"https://{registry}/", UriKind.Absolute, out var parsed) || parsed.PathAndQuery != "/"
            || !(string.Equals(parsed.Authority, registry, StringComparison.OrdinalIgnoreCase)
                 || string.Equals($"{parsed.Host}:{parsed.Port}", registry, StringComparison.OrdinalIgnoreCase)))
        {
            throw new TofuOciException(ErrorIds.InvalidReference, ErrorKind.InvalidArgument,
                $"Invalid registry \"{registry}\": give a host name or address with an optional port, e.g. registry.example.com:5000.", registry);
        }

        Registry = registry;
        Repository = repository;
        Options = options ?? new RemoteRepositoryOptions();
        if (Options.ChunkSize <= 0 || Options.ChunkedUploadThreshold < 0 || Options.MaxRetries < 0 || Options.MaxRedirects < 0
            || Options.IdleTimeout <= TimeSpan.Zero || Options.MaxTagPages <= 0 || Options.MaxTags <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "ChunkSize, IdleTimeout and the tag limits must be positive; thresholds, retries and redirects must not be negative.");
        }

        _client = new RegistryHttpClient(registry, repository, Options);
        RepositoryUri = new Uri(_client.Origin, $"v2/{repository}/");
    }

    public string Registry { get; }
    public string Repository { get; }
    public RemoteRepositoryOptions Options { get; }
    public string DisplayName => $"{Registry}/{Repository}";

    /// <summary><c>scheme://registry/v2/&lt;repository&gt;/</c>, the base of every endpoint.</summary>
    public Uri RepositoryUri { get; }

    RetrySettings IRetryingFetcher.Retries => Options.Retries;

    Action<string>? IRetryingFetcher.RetryLog => Options.RetryLog ?? Options.Log;

    public void Dispose() => _client.Dispose();

    private Uri ManifestUri(string reference) => new(RepositoryUri, "manifests/" + reference);

    private Uri BlobUri(string digest) => new(RepositoryUri, "blobs/" + digest);

    private Uri UploadsUri => new(RepositoryUri, "blobs/uploads/");

    private string[] PullScope => [AuthScopes.Repository(Repository, AuthScopes.Pull)];

    private string[] PushScope => [AuthScopes.Repository(Repository, AuthScopes.Pull, AuthScopes.Push)];

    /// <summary><c>host/repo:tag</c> or <c>host/repo@digest</c> for messages.</summary>
    private string Named(string reference) =>
        reference.Contains(':', StringComparison.Ordinal) ? $"{DisplayName}@{reference}" : $"{DisplayName}:{reference}";

    private static bool IsSuccess(HttpResponseMessage response) => (int)response.StatusCode is >= 200 and < 300;

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.NonValidated.TryGetValues(name, out var values) ? values.FirstOrDefault()?.Trim() : null;
}
