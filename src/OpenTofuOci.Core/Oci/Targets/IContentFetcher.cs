namespace OpenTofuOci.Core.Oci.Targets;

/// <summary>Fetches content (manifest or blob) described by a descriptor.</summary>
public interface IContentFetcher
{
    /// <summary>
    /// Opens the content as a stream that verifies size and digest while it is read: reading past
    /// the end, a short body, or wrong bytes throw <c>SizeMismatch</c>/<c>DigestMismatch</c> before
    /// the final read returns. Callers must read to the end before trusting what they read.
    /// </summary>
    Task<Stream> FetchAsync(Descriptor descriptor, CancellationToken cancellationToken = default);
}
