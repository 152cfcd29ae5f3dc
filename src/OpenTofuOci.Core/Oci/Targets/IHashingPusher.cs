namespace OpenTofuOci.Core.Oci.Targets;

/// <summary>
/// Stores a blob whose digest is not known yet: the content is read once, hashed while it is stored,
/// and committed under the digest it turned out to have. A publisher that would otherwise read a large
/// file twice (once to hash it, once to send it) reads it once (docs/design.md "Publishing providers").
/// Targets without this capability are served by hashing first and pushing after.
/// </summary>
public interface IHashingPusher
{
    /// <summary>
    /// Stores exactly <paramref name="size"/> bytes of <paramref name="content"/> and returns their
    /// descriptor (sha256). A source that ends early or goes on past <paramref name="size"/> fails with
    /// <c>SizeMismatch</c> before anything is committed; so does any failure the source itself throws
    /// at its end (a file that changed while it was read).
    /// </summary>
    Task<Descriptor> PushHashingAsync(string mediaType, long size, Stream content, CancellationToken cancellationToken = default);
}
