using System.Net;
using OpenTofuOci.Core.Oci.Targets;

namespace OpenTofuOci.Core.Oci.Remote;

public sealed partial class RemoteRepository : IContentSizer
{
    /// <summary>
    /// <c>HEAD blobs/&lt;digest&gt;</c> (or <c>manifests/</c> for manifest types): the <c>Content-Length</c>
    /// the registry reports for what it stores, null on 404.
    /// </summary>
    public async Task<long?> SizeAsync(Descriptor descriptor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        var digest = descriptor.ParsedDigest().ToString();
        var manifest = MediaTypes.IsManifest(descriptor.MediaType);
        var request = new RegistryRequest
        {
            Method = HttpMethod.Head,
            Uri = manifest ? ManifestUri(digest) : BlobUri(digest),
            Scopes = PullScope,
            // distribution 2.8 answers 404 for a manifest whose type is not accepted, even by digest.
            Accept = manifest ? MediaTypes.AllManifests : null,
            Idempotent = true,
        };

        using var response = await _client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        if (!IsSuccess(response))
        {
            throw await _client.ErrorAsync(response, request, null, "pull", cancellationToken).ConfigureAwait(false);
        }

        // A registry that leaves the length out is taken at its word that the content is there.
        return response.Content.Headers.ContentLength ?? descriptor.Size;
    }
}
