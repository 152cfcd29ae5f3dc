using System.Text;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci;

namespace OpenTofuOci.Core.Tests.Oci;

public sealed class OciJsonTests
{
    private static readonly Descriptor Layer = new()
    {
        MediaType = MediaTypes.Zip,
        Digest = "sha256:" + new string('a', 64),
        Size = 42,
        Annotations = new Dictionary<string, string> { ["z"] = "last", [AnnotationKeys.Title] = "p.zip" },
    };

    [Fact]
    public void Manifests_are_written_compact_in_a_fixed_order_with_sorted_annotations()
    {
        var manifest = new ImageManifest
        {
            ArtifactType = MediaTypes.OpenTofuProviderTarget,
            Config = EmptyConfig.Descriptor,
            Layers = [Layer],
        };

        var json = Encoding.UTF8.GetString(OciJson.Write(manifest));
        Assert.Equal(
            "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"artifactType\":\"application/vnd.opentofu.provider-target\"," +
            "\"config\":{\"mediaType\":\"application/vnd.oci.empty.v1+json\",\"digest\":\"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a\",\"size\":2,\"data\":\"e30=\"}," +
            "\"layers\":[{\"mediaType\":\"archive/zip\",\"digest\":\"sha256:" + new string('a', 64) + "\",\"size\":42,\"annotations\":{\"org.opencontainers.image.title\":\"p.zip\",\"z\":\"last\"}}]}",
            json);
    }

    [Fact]
    public void Index_with_platforms_round_trips_to_identical_bytes()
    {
        var index = new ImageIndex
        {
            ArtifactType = MediaTypes.OpenTofuProvider,
            Manifests =
            [
                new Descriptor
                {
                    MediaType = MediaTypes.ImageManifest, Digest = Layer.Digest, Size = 7, ArtifactType = MediaTypes.OpenTofuProviderTarget,
                    Platform = new Platform { OS = "linux", Architecture = "arm64", Variant = "v8", OSVersion = "1", OSFeatures = ["f"] },
                },
            ],
        };

        var bytes = OciJson.Write(index);
        var read = OciJson.ReadIndex(bytes);
        Assert.Equal(bytes, OciJson.Write(read));
        Assert.Contains("\"platform\":{\"architecture\":\"arm64\",\"os\":\"linux\",\"os.version\":\"1\",\"os.features\":[\"f\"],\"variant\":\"v8\"}", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
        Assert.Equal("linux_arm64", read.Manifests[0].Platform!.ToString());
    }

    [Fact]
    public void Reading_is_case_insensitive_and_ignores_unknown_fields_like_go()
    {
        var json = """{"SCHEMAVERSION":2,"MediaType":"application/vnd.oci.image.manifest.v1+json","ArtifactType":"x","unknown":{"a":[1]},"layers":[{"MEDIATYPE":"archive/zip","Digest":"sha256:abc","SIZE":3,"Platform":{"OS":"linux","ARCHITECTURE":"amd64","OS.Version":"10"}}]}""";
        var m = OciJson.ReadManifest(Encoding.UTF8.GetBytes(json));
        Assert.Equal(MediaTypes.ImageManifest, m.MediaType);
        Assert.Equal("x", m.ArtifactType);
        Assert.Equal("sha256:abc", m.Layers[0].Digest);
        Assert.Equal(3, m.Layers[0].Size);
        Assert.Equal("linux", m.Layers[0].Platform!.OS);
        Assert.Equal("10", m.Layers[0].Platform!.OSVersion);
    }

    [Theory]
    [InlineData("""{"layers":[{"mediaType":"archive/zip","digest":"sha256:abc","size":1.5}]}""")]
    [InlineData("""{"layers":[{"mediaType":"archive/zip","digest":"sha256:abc","size":"1"}]}""")]
    [InlineData("not json")]
    [InlineData("null")]
    public void Malformed_manifests_give_InvalidManifest(string json)
    {
        var ex = Assert.Throws<TofuOciException>(() => OciJson.ReadManifest(Encoding.UTF8.GetBytes(json), "r/x:1"));
        Assert.Equal(ErrorIds.InvalidManifest, ex.ErrorId);
        Assert.Equal(ErrorKind.InvalidData, ex.Kind);
        Assert.Contains("r/x:1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadTypes_finds_media_and_artifact_type_case_insensitively()
    {
        Assert.Equal((MediaTypes.ImageIndex, "a"), OciJson.ReadTypes("""{"MEDIATYPE":"application/vnd.oci.image.index.v1+json","artifacttype":"a"}"""u8));
        Assert.Equal((null, null), OciJson.ReadTypes("[1]"u8));
        Assert.Equal((null, null), OciJson.ReadTypes("{"u8));
    }
}
