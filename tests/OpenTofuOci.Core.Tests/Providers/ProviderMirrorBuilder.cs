using System.Text;
using OpenTofuOci.Core.Oci;
using OpenTofuOci.Core.Oci.Layout;

namespace OpenTofuOci.Core.Tests.Providers;

/// <summary>Writes hand-made provider indexes, platform manifests and layers into a layout, as raw JSON.</summary>
internal sealed class ProviderMirrorBuilder(OciLayoutStore store)
{
    public const string Provider = MediaTypes.OpenTofuProvider;
    public const string Target = MediaTypes.OpenTofuProviderTarget;

    public OciLayoutStore Store { get; } = store;

    public async Task<Descriptor> BlobAsync(string content, string mediaType = MediaTypes.Zip)
    {
        var bytes = Encoding.UTF8.GetBytes(content);
        var d = Descriptor.FromBytes(mediaType, bytes);
        await Store.PushAsync(d, new MemoryStream(bytes));
        return d;
    }

    /// <summary>Stores JSON under the given media type; returns its descriptor (with the artifactType the JSON declares).</summary>
    public async Task<Descriptor> ManifestAsync(string json, string mediaType, string? artifactType)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var d = Descriptor.FromBytes(mediaType, bytes, artifactType);
        await Store.PushAsync(d, new MemoryStream(bytes));
        return d;
    }

    /// <summary>A platform manifest with the given layers (raw descriptor JSON) and config.</summary>
    public Task<Descriptor> PlatformManifestAsync(IEnumerable<Descriptor> layers, string? config = null, string? artifactType = Target, string? mediaType = MediaTypes.ImageManifest) =>
        ManifestAsync(
            "{\"schemaVersion\":2" + Field("mediaType", mediaType) + Field("artifactType", artifactType) +
            ",\"config\":" + (config ?? EmptyConfigJson) + ",\"layers\":[" + string.Join(",", layers.Select(Layer)) + "]}",
            MediaTypes.ImageManifest, artifactType);

    /// <summary>A platform manifest with one zip layer whose content names the platform.</summary>
    public async Task<(Descriptor Manifest, Descriptor Layer)> ZipManifestAsync(string name)
    {
        var layer = await BlobAsync("zip bytes of " + name);
        return (await PlatformManifestAsync([layer]), layer);
    }

    /// <summary>An index entry for a manifest.</summary>
    public static string Entry(Descriptor manifest, string os, string arch, string? artifactType = Target, string mediaType = MediaTypes.ImageManifest,
        string? osVersion = null, string? variant = null, bool platform = true) =>
        "{\"mediaType\":\"" + mediaType + "\"" + Field("artifactType", artifactType) + ",\"digest\":\"" + manifest.Digest + "\",\"size\":" + manifest.Size +
        (platform ? ",\"platform\":{\"architecture\":\"" + arch + "\",\"os\":\"" + os + "\"" + Field("os.version", osVersion) + Field("variant", variant) + "}" : string.Empty) + "}";

    /// <summary>Stores an index with the given entries and tags it.</summary>
    public async Task<Descriptor> IndexAsync(string tag, IEnumerable<string> entries, string? artifactType = Provider, string? mediaType = MediaTypes.ImageIndex)
    {
        var d = await ManifestAsync(
            "{\"schemaVersion\":2" + Field("mediaType", mediaType) + Field("artifactType", artifactType) + ",\"manifests\":[" + string.Join(",", entries) + "]}",
            MediaTypes.ImageIndex, artifactType);
        await Store.TagAsync(d, tag);
        return d;
    }

    /// <summary>A well-formed provider version for the given platforms.</summary>
    public async Task<Descriptor> ReleaseAsync(string tag, params string[] platforms)
    {
        var entries = new List<string>();
        foreach (var p in platforms)
        {
            var (m, _) = await ZipManifestAsync(tag + " " + p);
            var parts = p.Split('_');
            entries.Add(Entry(m, parts[0], parts[1]));
        }

        return await IndexAsync(tag, entries);
    }

    public const string EmptyConfigJson = "{\"mediaType\":\"application/vnd.oci.empty.v1+json\",\"digest\":\"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a\",\"size\":2}";

    private static string Layer(Descriptor d) =>
        "{\"mediaType\":\"" + d.MediaType + "\",\"digest\":\"" + d.Digest + "\",\"size\":" + d.Size + "}";

    private static string Field(string name, string? value) =>
        value is null ? string.Empty : ",\"" + name + "\":\"" + value + "\"";
}
