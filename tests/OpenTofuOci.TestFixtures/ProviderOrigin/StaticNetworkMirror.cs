using System.IO.Compression;
using System.Text.Json.Nodes;
using OpenTofuOci.Core.Packages;

namespace OpenTofuOci.TestFixtures.ProviderOrigin;

/// <summary>
/// Writes a provider network mirror (<c>HOST/NS/TYPE/index.json</c>, <c>VERSION.json</c> and the zips beside
/// them) into a directory for <see cref="NginxServer"/> to serve, and the same packed layout
/// <c>tofu providers mirror</c> writes, or its unpacked layout (<c>HOST/NS/TYPE/VERSION/OS_ARCH/</c>).
/// h1: hashes come from Core's DirHash (checked against Go's dirhash by the package tests).
/// </summary>
public static class StaticNetworkMirror
{
    /// <summary>
    /// Writes a network mirror for <paramref name="releases"/> under <paramref name="root"/>: each archive's
    /// <c>url</c> is the zip's file name (relative to the version JSON), or <paramref name="absoluteBaseUrl"/> joined
    /// with the zip's path when given; hashes are <c>h1:</c> then <c>zh:</c>.
    /// </summary>
    public static Task WriteAsync(string root, IEnumerable<StaticRelease> releases, string? absoluteBaseUrl = null) =>
        WritePackedAsync(root, releases, zipHash: true, absoluteBaseUrl);

    /// <summary>h1: of the zip of <paramref name="release"/> for <paramref name="platform"/>.</summary>
    public static async Task<string> H1Async(StaticRelease release, string platform)
    {
        using var zip = new MemoryStream(release.Zip(platform));
        return (await DirHash.HashZipAsync(zip).ConfigureAwait(false)).ToString();
    }

    /// <summary>zh: of the zip of <paramref name="release"/> for <paramref name="platform"/>.</summary>
    public static string Zh(StaticRelease release, string platform) => "zh:" + ReleaseFiles.Sha256Hex(release.Zip(platform));

    internal static async Task WritePackedAsync(string root, IEnumerable<StaticRelease> releases, bool zipHash, string? absoluteBaseUrl)
    {
        foreach (var provider in releases.GroupBy(r => r.Address))
        {
            var first = provider.First();
            var dir = Path.Combine(root, first.Hostname, first.Namespace, first.Type);
            Directory.CreateDirectory(dir);
            var versions = new JsonObject();
            foreach (var release in provider)
            {
                versions[release.Version] = new JsonObject();
                var archives = new JsonObject();
                foreach (var platform in release.Platforms)
                {
                    var name = release.FileName(platform);
                    await File.WriteAllBytesAsync(Path.Combine(dir, name), release.Zip(platform)).ConfigureAwait(false);
                    var hashes = new JsonArray(await H1Async(release, platform));
                    if (zipHash)
                    {
                        hashes.Add(Zh(release, platform));
                    }

                    archives[platform] = new JsonObject
                    {
                        ["url"] = absoluteBaseUrl is null ? name : $"{absoluteBaseUrl.TrimEnd('/')}/{first.Hostname}/{first.Namespace}/{first.Type}/{name}",
                        ["hashes"] = hashes,
                    };
                }

                StaticProviderRegistry.WriteJson(Path.Combine(dir, release.Version + ".json"), new JsonObject { ["archives"] = archives });
            }

            StaticProviderRegistry.WriteJson(Path.Combine(dir, "index.json"), new JsonObject { ["versions"] = versions });
        }
    }
}

/// <summary>
/// Writes the layouts of <c>tofu providers mirror</c> (packed: index.json, VERSION.json with <c>h1:</c> hashes and
/// the zips beside them) and of an unpacked filesystem mirror (<c>HOST/NS/TYPE/VERSION/OS_ARCH/</c> holding the
/// extracted package).
/// </summary>
public static class ProviderMirrorDirectory
{
    /// <summary>The packed layout exactly as <c>tofu providers mirror DIR</c> writes it.</summary>
    public static Task WritePackedAsync(string root, IEnumerable<StaticRelease> releases) =>
        StaticNetworkMirror.WritePackedAsync(root, releases, zipHash: false, absoluteBaseUrl: null);

    /// <summary>The packed zips only, without index.json and VERSION.json (names alone identify them).</summary>
    public static void WriteZipsOnly(string root, IEnumerable<StaticRelease> releases)
    {
        foreach (var release in releases)
        {
            var dir = Path.Combine(root, release.Hostname, release.Namespace, release.Type);
            Directory.CreateDirectory(dir);
            foreach (var platform in release.Platforms)
            {
                File.WriteAllBytes(Path.Combine(dir, release.FileName(platform)), release.Zip(platform));
            }
        }
    }

    /// <summary>The unpacked layout: each zip extracted to <c>HOST/NS/TYPE/VERSION/OS_ARCH/</c>; returns those directories.</summary>
    public static IReadOnlyList<string> WriteUnpacked(string root, IEnumerable<StaticRelease> releases)
    {
        var written = new List<string>();
        foreach (var release in releases)
        {
            foreach (var platform in release.Platforms)
            {
                var dir = Path.Combine(root, release.Hostname, release.Namespace, release.Type, release.Version, platform);
                Directory.CreateDirectory(dir);
                using var zip = new ZipArchive(new MemoryStream(release.Zip(platform)), ZipArchiveMode.Read);
                zip.ExtractToDirectory(dir);
                written.Add(dir);
            }
        }

        return written;
    }
}
