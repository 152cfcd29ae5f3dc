namespace OpenTofuOci.Core.Oci.Targets;

/// <summary>
/// A store that can send the last bytes of a blob on their own (an HTTP range request). An install
/// reads a zip's central directory from them and starts extracting while the rest of the zip is still
/// downloading (docs/design.md "Extraction during the download"). The bytes are not verified here:
/// the caller compares them with the verified download before it uses anything built from them.
/// </summary>
public interface IContentTailFetcher
{
    /// <summary>
    /// The blob's bytes from <paramref name="offset"/> to its end, or null when the store will not
    /// send just those (the caller then waits for the whole blob). Failures other than cancellation
    /// give null too: the full download that follows reports them properly.
    /// </summary>
    Task<byte[]?> TryFetchTailAsync(Descriptor descriptor, long offset, CancellationToken cancellationToken = default);
}
