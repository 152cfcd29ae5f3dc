using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using OpenTofuOci.Core.Configuration;

namespace OpenTofuOci.Core.Providers.Sources;

/// <summary>
/// An origin provider registry: service discovery, then the provider registry protocol's versions and
/// download endpoints (docs/opentofu-compatibility.md §9.1). Download metadata URLs are resolved against the
/// metadata document's URL; SHA256SUMS and its signature are read once per version.
/// </summary>
internal sealed class RegistrySource : IProviderReleaseSource
{
    private const string ServiceId = "providers.v1";

    private readonly Uri? _location;
    private readonly SourceHttpClient _http;
    private readonly ConcurrentDictionary<string, Uri> _services = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, IReadOnlyList<SourceVersion>> _versions = new(StringComparer.Ordinal);

    public RegistrySource(ProviderSourceOptions options)
    {
        _location = options.Location is null ? null : SourceUrls.Base(options.Location);
        _http = new SourceHttpClient(options, _location is null ? null : ServiceHost.Of(_location));
        if (_location is not null)
        {
            _http.CheckScheme(_location);
        }
    }

    public string DisplayName => _location is null ? "the providers' origin registries" : SourceErrors.Show(_location);

    public ProviderSourceKind Kind => ProviderSourceKind.Registry;

    public async Task<IReadOnlyList<SourceVersion>> ListVersionsAsync(ProviderAddress provider, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(provider);
        var key = provider.ToString();
        if (_versions.TryGetValue(key, out var cached))
        {
            return cached;
        }

        var service = await ServiceAsync(provider, cancellationToken).ConfigureAwait(false);
        var uri = new Uri(service, $"{Escape(provider.Namespace)}/{Escape(provider.Type)}/versions");
        var body = await _http.GetAsync(uri, SourceLimits.Json, notFoundIsNull: true, cancellationToken).ConfigureAwait(false)
            ?? throw SourceErrors.ProviderNotFound(provider, SourceErrors.Show(service));
        var versions = ParseVersions(body);
        _versions[key] = versions;

        return versions;
    }

    public async Task<SourceRelease> GetReleaseAsync(ProviderAddress provider, ProviderVersion version, IReadOnlyList<ProviderPlatform> platforms, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(platforms);
        var service = await ServiceAsync(provider, cancellationToken).ConfigureAwait(false);
        var versions = await ListVersionsAsync(provider, cancellationToken).ConfigureAwait(false);
        var offered = versions.FirstOrDefault(v => v.Version == version)
            ?? throw SourceErrors.NoVersion(provider, version, SourceErrors.Show(service), versions.Select(v => v.Version));
        foreach (var platform in platforms)
        {
            if (!offered.Platforms.Contains(platform))
            {
                throw SourceErrors.NoPlatform(provider, version, platform, SourceErrors.Show(service), offered.Platforms);
            }
        }

        var packages = new List<SourcePackage>();
        var keys = new List<string>();
        long keyBytes = 0;
        (Uri Sums, Uri Signature, Uri From)? checksums = null;
        foreach (var platform in SourcePlatforms.Sort(platforms.Distinct()))
        {
            var uri = new Uri(service, $"{Escape(provider.Namespace)}/{Escape(provider.Type)}/{Escape(version.ToString())}/download/{Escape(platform.OS)}/{Escape(platform.Arch)}");
            var body = await _http.GetAsync(uri, SourceLimits.Json, notFoundIsNull: true, cancellationToken).ConfigureAwait(false)
                ?? throw SourceErrors.NoPlatform(provider, version, platform, SourceErrors.Show(service), offered.Platforms.Where(p => p != platform));
            var meta = ParseDownload(body, platform);
            _http.CheckScheme(new Uri(meta.Package.Location));
            _http.CheckScheme(meta.Sums);
            _http.CheckScheme(meta.Signature);
            packages.Add(meta.Package);
            if (checksums is { } first && (first.Sums != meta.Sums || first.Signature != meta.Signature))
            {
                throw SourceErrors.Invalid(uri,
                    $"\"shasums_url\" and \"shasums_signature_url\" ({SourceErrors.Show(meta.Sums)}, {SourceErrors.Show(meta.Signature)}) differ from those of {SourceErrors.Show(first.From)}; one release has one signed SHA256SUMS");
            }

            checksums ??= (meta.Sums, meta.Signature, uri);
            foreach (var key in meta.Keys.Where(k => !keys.Contains(k, StringComparer.Ordinal)))
            {
                keyBytes += Encoding.UTF8.GetByteCount(key);
                if (keyBytes > SourceLimits.Keys)
                {
                    throw SourceErrors.Field(uri, "signing_keys.gpg_public_keys", $"holds more than {SourceLimits.Describe(SourceLimits.Keys)} of keys");
                }

                keys.Add(key);
            }
        }

        SourceChecksums? signed = null;
        if (checksums is { } c)
        {
            var sums = await _http.GetAsync(c.Sums, SourceLimits.Checksums, notFoundIsNull: false, cancellationToken).ConfigureAwait(false);
            var signature = await _http.GetAsync(c.Signature, SourceLimits.Signature, notFoundIsNull: false, cancellationToken).ConfigureAwait(false);
            signed = new SourceChecksums(SourceUrls.FileName(c.Sums), c.Sums.AbsoluteUri, sums!.Content, c.Signature.AbsoluteUri, signature!.Content, keys);
        }

        return new SourceRelease(provider, version, packages, signed);
    }

    public Task DownloadAsync(SourcePackage package, Stream destination, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(package);
        ArgumentNullException.ThrowIfNull(destination);
        return _http.DownloadAsync(new Uri(package.Location, UriKind.Absolute), destination, progress, cancellationToken);
    }

    public void Dispose()
    {
        _http.Dispose();
    }

    private static string Escape(string segment) => Uri.EscapeDataString(segment);

    /// <summary>The <c>providers.v1</c> base URL of the provider's registry (service discovery, cached per host).</summary>
    private async Task<Uri> ServiceAsync(ProviderAddress provider, CancellationToken cancellationToken)
    {
        var root = _location ?? SourceUrls.Base("https://" + provider.Hostname);
        var key = root.AbsoluteUri;
        if (_services.TryGetValue(key, out var known))
        {
            return known;
        }

        if (_location is null)
        {
            _http.AddOwnHost(ServiceHost.Of(root));
        }

        var discovery = new Uri(root, "/.well-known/terraform.json");
        var body = (await _http.GetAsync(discovery, SourceLimits.Json, notFoundIsNull: false, cancellationToken).ConfigureAwait(false))!;
        var (document, json) = SourceJson.Parse(body);
        var text = json.OptionalString(document, ServiceId, ServiceId)
            ?? throw SourceErrors.Field(body.Uri, ServiceId, "is missing: the host does not offer a provider registry");
        var service = json.Url(text, ServiceId);
        if (service.UserInfo.Length > 0)
        {
            throw SourceErrors.Field(body.Uri, ServiceId, "holds a user name or password, which service discovery does not allow");
        }

        service = SourceUrls.Base(service.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path | UriComponents.Query, UriFormat.UriEscaped));
        _http.CheckScheme(service);
        _services[key] = service;

        return service;
    }

    private static List<SourceVersion> ParseVersions(FetchedBody body)
    {
        var (document, json) = SourceJson.Parse(body);
        var result = new List<SourceVersion>();
        var seen = new HashSet<ProviderVersion>();
        var index = 0;
        foreach (var item in SourceJson.Items(json.Array(document, "versions", "versions")))
        {
            var at = $"versions[{index++}]";
            if (item.ValueKind != JsonValueKind.Object)
            {
                throw SourceErrors.Field(body.Uri, at, "must be an object");
            }

            var version = json.Version(json.String(item, "version", at + ".version"), at + ".version");
            if (!seen.Add(version))
            {
                throw SourceErrors.Field(body.Uri, at + ".version", $"lists {version} a second time");
            }

            var protocols = new List<string>();
            foreach (var p in SourceJson.Items(json.Array(item, "protocols", at + ".protocols", required: false)))
            {
                protocols.Add(p.ValueKind == JsonValueKind.String ? p.GetString()! : throw SourceErrors.Field(body.Uri, at + ".protocols", "must hold strings"));
            }

            var platforms = new List<ProviderPlatform>();
            var p2 = 0;
            foreach (var p in SourceJson.Items(json.Array(item, "platforms", at + ".platforms", required: false)))
            {
                var pat = $"{at}.platforms[{p2++}]";
                if (p.ValueKind != JsonValueKind.Object)
                {
                    throw SourceErrors.Field(body.Uri, pat, "must be an object");
                }

                var platform = json.Platform(json.String(p, "os", pat + ".os"), json.String(p, "arch", pat + ".arch"), pat);
                if (platforms.Contains(platform))
                {
                    throw SourceErrors.Field(body.Uri, pat, $"lists {platform} a second time for {version}");
                }

                platforms.Add(platform);
            }

            result.Add(new SourceVersion(version, SourcePlatforms.Sort(platforms), protocols));
        }

        result.Sort((a, b) => a.Version.CompareTo(b.Version));
        return result;
    }

    private sealed record DownloadMeta(SourcePackage Package, Uri Sums, Uri Signature, IReadOnlyList<string> Keys);

    private static DownloadMeta ParseDownload(FetchedBody body, ProviderPlatform platform)
    {
        var (document, json) = SourceJson.Parse(body);
        var os = json.OptionalString(document, "os", "os");
        var arch = json.OptionalString(document, "arch", "arch");
        if ((os is not null && os != platform.OS) || (arch is not null && arch != platform.Arch))
        {
            throw SourceErrors.Field(body.Uri, "os", $"and \"arch\" name {Errors.UntrustedText.Escape(os)}_{Errors.UntrustedText.Escape(arch)}, not the {platform} that was asked for");
        }

        var fileName = SourceUrls.CheckFileName(body.Uri, json.String(document, "filename", "filename"), "filename");
        var download = json.Url(json.String(document, "download_url", "download_url"), "download_url");
        var sums = json.Url(json.String(document, "shasums_url", "shasums_url"), "shasums_url");
        var signature = json.Url(json.String(document, "shasums_signature_url", "shasums_signature_url"), "shasums_signature_url");
        var shasum = json.String(document, "shasum", "shasum").ToLowerInvariant();
        if (shasum.Length != 64 || !shasum.All(char.IsAsciiHexDigitLower))
        {
            throw SourceErrors.Field(body.Uri, "shasum", $"is \"{Errors.UntrustedText.Escape(shasum)}\", not a SHA-256 in hex (64 digits)");
        }

        var keys = new List<string>();
        if (SourceJson.Member(document, "signing_keys") is { } signing)
        {
            if (signing.ValueKind != JsonValueKind.Object)
            {
                throw SourceErrors.Field(body.Uri, "signing_keys", "must be an object");
            }

            var i = 0;
            foreach (var key in SourceJson.Items(json.Array(signing, "gpg_public_keys", "signing_keys.gpg_public_keys", required: false)))
            {
                var at = $"signing_keys.gpg_public_keys[{i++}]";
                if (key.ValueKind != JsonValueKind.Object)
                {
                    throw SourceErrors.Field(body.Uri, at, "must be an object");
                }

                keys.Add(json.String(key, "ascii_armor", at + ".ascii_armor"));
            }
        }

        var package = new SourcePackage(platform, fileName, download.AbsoluteUri, shasum, []);
        return new DownloadMeta(package, sums, signature, keys);
    }
}
