using OpenTofuOci.Core.Oci.Transport;

namespace OpenTofuOci.Core.Oci.Targets;

/// <summary>
/// A fetcher whose content crosses a network, where a complete body can still arrive with a byte
/// changed: <see cref="ContentRetry"/> fetches such content again under <see cref="Retries"/>.
/// Local stores do not implement it; what is corrupt on disk stays corrupt.
/// </summary>
public interface IRetryingFetcher : IContentFetcher
{
    /// <summary>How often and how long content is fetched again.</summary>
    RetrySettings Retries { get; }

    /// <summary>Where each retry is told (the debug log), or null.</summary>
    Action<string>? RetryLog { get; }
}
