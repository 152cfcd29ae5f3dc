using System.Text.Json;
using OpenTofuOci.Core.Packages;

namespace OpenTofuOci.Core.Providers.Sources;

/// <summary>
/// The two JSON documents of the provider network mirror protocol, which <c>tofu providers mirror</c> also
/// writes into directories (docs/opentofu-compatibility.md §9.2, §9.3): <c>index.json</c>
/// (<c>{"versions":{"1.0.0":{}}}</c>) and <c>VERSION.json</c>
/// (<c>{"archives":{"os_arch":{"url":"…","hashes":["h1:…"]}}}</c>).
/// </summary>
internal static class MirrorIndexReader
{
    /// <summary>One archive of a <c>VERSION.json</c>: its URL as written and its hashes.</summary>
    /// <param name="From">The URL of the document that lists it, which a relative <paramref name="Url"/> is resolved against.</param>
    public sealed record Archive(ProviderPlatform Platform, string Url, IReadOnlyList<PackageHash> Hashes, Uri From);

    public static List<ProviderVersion> Versions(FetchedBody body)
    {
        var (document, json) = SourceJson.Parse(body);
        var versions = json.Object(document, "versions", "versions");
        var result = new List<ProviderVersion>();
        foreach (var property in versions.EnumerateObject())
        {
            var version = json.Version(property.Name, "versions");
            if (result.Contains(version))
            {
                throw SourceErrors.Field(body.Uri, "versions", $"lists {version} a second time");
            }

            result.Add(version);
        }

        result.Sort();
        return result;
    }

    public static List<Archive> Archives(FetchedBody body)
    {
        var (document, json) = SourceJson.Parse(body);
        var archives = json.Object(document, "archives", "archives");
        var result = new List<Archive>();
        foreach (var property in archives.EnumerateObject())
        {
            var at = $"archives.{Errors.UntrustedText.Escape(property.Name)}";
            var parts = property.Name.Split('_');
            var platform = parts.Length == 2
                ? json.Platform(parts[0], parts[1], at)
                : throw SourceErrors.Field(body.Uri, at, "is not named os_arch");
            if (result.Any(a => a.Platform == platform))
            {
                throw SourceErrors.Field(body.Uri, at, $"lists {platform} a second time");
            }

            if (property.Value.ValueKind != JsonValueKind.Object)
            {
                throw SourceErrors.Field(body.Uri, at, "must be an object");
            }

            var url = json.String(property.Value, "url", at + ".url");
            var hashes = new List<PackageHash>();
            foreach (var item in SourceJson.Items(json.Array(property.Value, "hashes", at + ".hashes", required: false)))
            {
                if (item.ValueKind != JsonValueKind.String || !PackageHash.TryParse(item.GetString(), out var hash))
                {
                    throw SourceErrors.Field(body.Uri, at + ".hashes", $"holds {Errors.UntrustedText.Escape(item.GetRawText())}, which is not a hash written scheme:value (h1:… or zh:…)");
                }

                hashes.Add(hash);
            }

            result.Add(new Archive(platform, url, hashes, body.Uri));
        }

        return SourcePlatforms.Sort(result.Select(a => a.Platform)).Select(p => result.First(a => a.Platform == p)).ToList();
    }
}
