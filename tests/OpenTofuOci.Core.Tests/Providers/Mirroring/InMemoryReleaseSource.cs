using System.Collections.Concurrent;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Packages;
using OpenTofuOci.Core.Providers;
using OpenTofuOci.Core.Providers.Sources;

namespace OpenTofuOci.Core.Tests.Providers.Mirroring;

/// <summary>
/// A release source held in memory, for the mirror's own logic (which version, which checks, what is
/// published): each test says exactly what the source answers, including answers a real server would not
/// give on demand (a zip that differs from its listed hash). The real sources are tested with nginx.
/// </summary>
internal sealed class InMemoryReleaseSource(ProviderSourceKind kind) : IProviderReleaseSource
{
    private readonly Dictionary<ProviderVersion, Release> _releases = [];

    public sealed class Release
    {
        public Dictionary<ProviderPlatform, (string FileName, byte[] Zip, string? Sha256, List<PackageHash> Hashes)> Packages { get; } = [];
        public SourceChecksums? Checksums { get; set; }
    }

    public string DisplayName => "memory://source";

    public ProviderSourceKind Kind => kind;

    /// <summary>Versions whose release was asked for, in order.</summary>
    public ConcurrentQueue<ProviderVersion> ReleasesRead { get; } = new();

    /// <summary>Packages downloaded, by file name, in order.</summary>
    public ConcurrentQueue<string> Downloads { get; } = new();

    public Release Add(string type, string version, IEnumerable<string> platforms, string salt = "")
    {
        Assert.True(ProviderVersion.TryParse(version, out var parsed));
        var v = parsed!;
        var release = new Release();
        foreach (var platform in platforms)
        {
            var zip = ReleaseFiles.Zip(type, version, platform, salt);
            release.Packages[ProviderPlatform.Parse(platform)] = (ReleaseFiles.FileName(type, version, platform), zip, null, []);
        }

        _releases[v] = release;
        return release;
    }

    public Task<IReadOnlyList<SourceVersion>> ListVersionsAsync(ProviderAddress provider, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<SourceVersion>>(_releases.Select(r => new SourceVersion(r.Key,
            r.Value.Packages.Keys.OrderBy(p => p.OS, StringComparer.Ordinal).ThenBy(p => p.Arch, StringComparer.Ordinal).ToList(), [])).ToList());

    public Task<SourceRelease> GetReleaseAsync(ProviderAddress provider, ProviderVersion version, IReadOnlyList<ProviderPlatform> platforms, CancellationToken cancellationToken = default)
    {
        ReleasesRead.Enqueue(version);
        var release = _releases[version];
        var packages = platforms.Select(p => release.Packages.TryGetValue(p, out var pkg)
                ? new SourcePackage(p, pkg.FileName, $"memory://source/{pkg.FileName}", pkg.Sha256, pkg.Hashes)
                : throw new TofuOciException(ErrorIds.PlatformNotSupported, ErrorKind.NotFound, $"{version} has no {p}.", p.ToString()))
            .ToList();
        return Task.FromResult(new SourceRelease(provider, version, packages, release.Checksums));
    }

    public async Task DownloadAsync(SourcePackage package, Stream destination, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        Downloads.Enqueue(package.FileName);
        var release = _releases.Values.Single(r => r.Packages.Values.Any(p => p.FileName == package.FileName));
        var bytes = release.Packages[package.Platform].Zip;
        await destination.WriteAsync(bytes, cancellationToken);
        progress?.Report(bytes.Length);
    }

    public void Dispose()
    {
    }
}
