using OpenTofuOci.Core.Configuration;

namespace OpenTofuOci.Core.Providers.Sources;

/// <summary>
/// A provider network mirror (docs/opentofu-compatibility.md §9.2): <c>{base}/HOST/NS/TYPE/index.json</c> and
/// <c>…/VERSION.json</c>. Releases are unsigned; each package carries the hashes the mirror lists.
/// </summary>
internal sealed class NetworkMirrorSource : IProviderReleaseSource
{
    private readonly Uri _base;
    private readonly SourceHttpClient _http;

    public NetworkMirrorSource(ProviderSourceOptions options)
    {
        _base = SourceUrls.Base(options.Location
            ?? throw new ArgumentException("A network mirror source needs the mirror's base URL as its location.", nameof(options)));
        _http = new SourceHttpClient(options, ServiceHost.Of(_base));
        _http.CheckScheme(_base);
    }

    public string DisplayName => SourceErrors.Show(_base);

    public ProviderSourceKind Kind => ProviderSourceKind.NetworkMirror;

    public async Task<IReadOnlyList<SourceVersion>> ListVersionsAsync(ProviderAddress provider, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(provider);
        var versions = await VersionsAsync(provider, cancellationToken).ConfigureAwait(false);
        var result = new List<SourceVersion>();
        foreach (var version in versions)
        {
            var archives = await ArchivesAsync(provider, version, cancellationToken).ConfigureAwait(false);
            result.Add(new SourceVersion(version, [.. archives.Select(a => a.Platform)], []));
        }

        return result;
    }

    public async Task<SourceRelease> GetReleaseAsync(ProviderAddress provider, ProviderVersion version, IReadOnlyList<ProviderPlatform> platforms, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(platforms);
        var versions = await VersionsAsync(provider, cancellationToken).ConfigureAwait(false);
        if (!versions.Contains(version))
        {
            throw SourceErrors.NoVersion(provider, version, DisplayName, versions);
        }

        var archives = await ArchivesAsync(provider, version, cancellationToken).ConfigureAwait(false);
        var packages = new List<SourcePackage>();
        foreach (var platform in SourcePlatforms.Sort(platforms.Distinct()))
        {
            var archive = archives.FirstOrDefault(a => a.Platform == platform)
                ?? throw SourceErrors.NoPlatform(provider, version, platform, DisplayName, archives.Select(a => a.Platform));
            var url = new SourceJson(archive.From).Url(archive.Url, $"archives.{platform}.url");
            _http.CheckScheme(url);
            packages.Add(new SourcePackage(platform, SourceUrls.PackageFileName(provider, version, platform), url.AbsoluteUri, null, archive.Hashes));
        }

        return new SourceRelease(provider, version, packages, null);
    }

    public Task DownloadAsync(SourcePackage package, Stream destination, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(package);
        ArgumentNullException.ThrowIfNull(destination);
        return _http.DownloadAsync(new Uri(package.Location, UriKind.Absolute), destination, progress, cancellationToken);
    }

    public void Dispose() => _http.Dispose();

    private Uri ProviderUri(ProviderAddress provider) =>
        new(_base, $"{Uri.EscapeDataString(provider.Hostname)}/{Uri.EscapeDataString(provider.Namespace)}/{Uri.EscapeDataString(provider.Type)}/");

    private Uri VersionUri(ProviderAddress provider, ProviderVersion version) =>
        new(ProviderUri(provider), Uri.EscapeDataString(version.ToString()) + ".json");

    private async Task<List<ProviderVersion>> VersionsAsync(ProviderAddress provider, CancellationToken cancellationToken)
    {
        var body = await _http.GetAsync(new Uri(ProviderUri(provider), "index.json"), SourceLimits.Json, notFoundIsNull: true, cancellationToken).ConfigureAwait(false)
            ?? throw SourceErrors.ProviderNotFound(provider, DisplayName);
        return MirrorIndexReader.Versions(body);
    }

    private async Task<List<MirrorIndexReader.Archive>> ArchivesAsync(ProviderAddress provider, ProviderVersion version, CancellationToken cancellationToken)
    {
        var uri = VersionUri(provider, version);
        var body = await _http.GetAsync(uri, SourceLimits.Json, notFoundIsNull: false, cancellationToken).ConfigureAwait(false);
        return MirrorIndexReader.Archives(body!);
    }
}
