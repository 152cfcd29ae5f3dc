namespace OpenTofuOci.Core.Providers.Sources;

/// <summary>
/// A read-only place provider releases come from: an origin registry (provider registry protocol),
/// a network mirror, or a directory written by <c>tofu providers mirror</c>.
/// See docs/opentofu-compatibility.md §9.1–§9.3. Instances are made by <see cref="ProviderSources.Open"/>.
/// </summary>
public interface IProviderReleaseSource : IDisposable
{
    /// <summary>Where releases are read from, for messages and results (a URL or a full path).</summary>
    string DisplayName { get; }

    /// <summary>Which kind of source this is.</summary>
    ProviderSourceKind Kind { get; }

    /// <summary>
    /// Every version of <paramref name="provider"/> the source offers, with its platforms. A provider the
    /// source does not know is <see cref="Errors.ErrorIds.ProviderNotFound"/>.
    /// </summary>
    Task<IReadOnlyList<SourceVersion>> ListVersionsAsync(ProviderAddress provider, CancellationToken cancellationToken = default);

    /// <summary>
    /// Where one version's packages are, for <paramref name="platforms"/>, and what the source says they hash
    /// to; for an origin registry also the release's SHA256SUMS, its signature and the registry's signing
    /// keys (downloaded here, they are small). A platform the version lacks is
    /// <see cref="Errors.ErrorIds.PlatformNotSupported"/>. Nothing here is verified yet.
    /// </summary>
    Task<SourceRelease> GetReleaseAsync(ProviderAddress provider, ProviderVersion version, IReadOnlyList<ProviderPlatform> platforms, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes one package's zip to <paramref name="destination"/> (a directory package of the unpacked
    /// layout is zipped deterministically), reporting bytes written to <paramref name="progress"/>.
    /// </summary>
    Task DownloadAsync(SourcePackage package, Stream destination, IProgress<long>? progress = null, CancellationToken cancellationToken = default);
}
