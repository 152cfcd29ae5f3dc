using System.Text;
using OpenTofuOci.Core.Oci;
using OpenTofuOci.Core.Oci.Targets;

namespace OpenTofuOci.Core.Tests.Layout;

/// <summary>
/// A provider-shaped artifact built by hand: an index (artifactType provider) of two platform manifests
/// (artifactType provider-target), each with the empty config and one zip layer. The JSON carries a
/// field we do not model, so tests can see that copies keep exact bytes.
/// </summary>
internal sealed class ProviderLikeArtifact
{
    public ProviderLikeArtifact(int layerSize = 3000, int seed = 1)
    {
        var random = new Random(seed);
        LayerAmd64 = new byte[layerSize];
        LayerArm64 = new byte[layerSize + 17];
        random.NextBytes(LayerAmd64);
        random.NextBytes(LayerArm64);
        ManifestAmd64 = Manifest(LayerAmd64, "linux_amd64");
        ManifestArm64 = Manifest(LayerArm64, "linux_arm64");
        IndexBytes = Encoding.UTF8.GetBytes(
            "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"artifactType\":\"application/vnd.opentofu.provider\"," +
            "\"manifests\":[" + PlatformEntry(ManifestAmd64, "amd64") + "," + PlatformEntry(ManifestArm64, "arm64") + "]," +
            "\"x-unmodelled\":{\"kept\":[1,2,3]}}");
        Index = Descriptor.FromBytes(MediaTypes.ImageIndex, IndexBytes, MediaTypes.OpenTofuProvider);
    }

    public byte[] LayerAmd64 { get; }
    public byte[] LayerArm64 { get; }
    public byte[] ManifestAmd64 { get; }
    public byte[] ManifestArm64 { get; }
    public byte[] IndexBytes { get; }
    public Descriptor Index { get; }

    public Descriptor LayerAmd64Descriptor => Descriptor.FromBytes(MediaTypes.Zip, LayerAmd64);
    public Descriptor LayerArm64Descriptor => Descriptor.FromBytes(MediaTypes.Zip, LayerArm64);
    public Descriptor ManifestAmd64Descriptor => Descriptor.FromBytes(MediaTypes.ImageManifest, ManifestAmd64, MediaTypes.OpenTofuProviderTarget);
    public Descriptor ManifestArm64Descriptor => Descriptor.FromBytes(MediaTypes.ImageManifest, ManifestArm64, MediaTypes.OpenTofuProviderTarget);

    /// <summary>Every distinct item with its bytes, blobs first.</summary>
    public IReadOnlyList<(Descriptor Descriptor, byte[] Bytes)> Items =>
    [
        (EmptyConfig.Descriptor with { Data = null }, EmptyConfig.Content.ToArray()),
        (LayerAmd64Descriptor, LayerAmd64),
        (LayerArm64Descriptor, LayerArm64),
        (ManifestAmd64Descriptor, ManifestAmd64),
        (ManifestArm64Descriptor, ManifestArm64),
        (Index, IndexBytes),
    ];

    public long TotalBytes => Items.Sum(i => i.Bytes.LongLength);

    /// <summary>Writes everything into a target, the index tagged.</summary>
    public async Task PublishAsync(ITarget target, string tag)
    {
        foreach (var (descriptor, bytes) in Items.Take(Items.Count - 1))
        {
            await target.PushAsync(descriptor, new MemoryStream(bytes));
        }

        await target.PushAsync(Index, new MemoryStream(IndexBytes), tag);
    }

    private static byte[] Manifest(byte[] layer, string platform) => Encoding.UTF8.GetBytes(
        "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"artifactType\":\"application/vnd.opentofu.provider-target\"," +
        "\"config\":{\"mediaType\":\"application/vnd.oci.empty.v1+json\",\"digest\":\"" + EmptyConfig.Digest + "\",\"size\":2,\"data\":\"e30=\"}," +
        "\"layers\":[{\"mediaType\":\"archive/zip\",\"digest\":\"" + Digest.Compute(layer) + "\",\"size\":" + layer.Length +
        ",\"annotations\":{\"org.opencontainers.image.title\":\"terraform-provider-x_1.0.0_" + platform + ".zip\"}}]," +
        "\"annotations\":{\"x-note\":\"hand made\"},\"x-unmodelled\":true}");

    private static string PlatformEntry(byte[] manifest, string arch) =>
        "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"artifactType\":\"application/vnd.opentofu.provider-target\"," +
        "\"digest\":\"" + Digest.Compute(manifest) + "\",\"size\":" + manifest.Length + ",\"platform\":{\"architecture\":\"" + arch + "\",\"os\":\"linux\"}}";
}
