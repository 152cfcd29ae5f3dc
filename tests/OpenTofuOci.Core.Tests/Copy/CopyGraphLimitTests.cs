using System.Text;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci;
using OpenTofuOci.Core.Oci.Copy;
using Xunit;

namespace OpenTofuOci.Core.Tests.Copy;

/// <summary>A hostile source whose index fans out to more manifests, or nests indexes deeper, than a copy walks.</summary>
public sealed class CopyGraphLimitTests
{
    private static async Task<Descriptor> PushAsync(MemoryTarget target, string mediaType, string json, string? tag = null)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var descriptor = Descriptor.FromBytes(mediaType, bytes);
        if (tag is null)
        {
            await target.PushAsync(descriptor, new MemoryStream(bytes));
        }
        else
        {
            await target.PushAsync(descriptor, new MemoryStream(bytes), tag);
        }

        return descriptor;
    }

    private static string Entry(Descriptor d) => $"{{\"mediaType\":\"{d.MediaType}\",\"digest\":\"{d.Digest}\",\"size\":{d.Size}}}";

    private static Task<Descriptor> IndexAsync(MemoryTarget target, IEnumerable<Descriptor> children, string? tag = null) =>
        PushAsync(target, MediaTypes.ImageIndex, $"{{\"schemaVersion\":2,\"mediaType\":\"{MediaTypes.ImageIndex}\",\"manifests\":[{string.Join(',', children.Select(Entry))}]}}", tag);

    private static async Task<Descriptor> LeafAsync(MemoryTarget target, int n)
    {
        await target.PushAsync(EmptyConfig.Descriptor, new MemoryStream(EmptyConfig.Content.ToArray()));
        return await PushAsync(target, MediaTypes.ImageManifest,
            $"{{\"schemaVersion\":2,\"mediaType\":\"{MediaTypes.ImageManifest}\",\"config\":{Entry(EmptyConfig.Descriptor)},\"layers\":[],\"annotations\":{{\"n\":\"{n}\"}}}}");
    }

    [Fact]
    public async Task An_index_fanning_out_to_more_than_ten_thousand_manifests_is_refused_before_any_manifest_or_tag_is_written()
    {
        var source = new MemoryTarget();
        var leaves = new List<Descriptor>();
        for (var i = 0; i < CopyLimits.MaxManifests; i++)
        {
            leaves.Add(await LeafAsync(source, i));
        }

        // Two levels of indexes, as a hostile registry would nest them: 100 indexes of 100 manifests each.
        var middles = new List<Descriptor>();
        foreach (var chunk in leaves.Chunk(100))
        {
            middles.Add(await IndexAsync(source, chunk));
        }

        var root = await IndexAsync(source, middles, "wide");
        var destination = new MemoryTarget();

        var ex = await Assert.ThrowsAsync<TofuOciException>(() => ArtifactCopier.CopyAsync(source, "wide", destination, null));

        Assert.Equal(ErrorIds.ArtifactGraphTooLarge, ex.ErrorId);
        Assert.Equal(
            $"memory.test/repo:wide ({root.Digest}) references more than 10000 manifests; the copy stopped before writing any manifest or tag. " +
            "No provider or module package needs that many: check that the source is the artifact you meant.", ex.Message);
        Assert.Equal("memory.test/repo:wide", ex.Target);
        // Blobs of manifests read before the limit may have been copied; no manifest and no tag.
        Assert.All(destination.Log, l => Assert.StartsWith("blob ", l));
    }

    [Fact]
    public async Task Manifests_nested_deeper_than_sixteen_levels_are_refused_before_any_manifest_or_tag_is_written()
    {
        var source = new MemoryTarget();
        var current = await LeafAsync(source, 0);
        for (var i = 0; i < CopyLimits.MaxDepth; i++)
        {
            current = await IndexAsync(source, [current], i == CopyLimits.MaxDepth - 1 ? "deep" : null);
        }

        var destination = new MemoryTarget();

        var ex = await Assert.ThrowsAsync<TofuOciException>(() => ArtifactCopier.CopyAsync(source, "deep", destination, null));

        Assert.Equal(ErrorIds.ArtifactGraphTooLarge, ex.ErrorId);
        Assert.Equal(
            $"memory.test/repo:deep ({current.Digest}) nests manifests more than 16 levels deep; the copy stopped before writing any manifest or tag. " +
            "No provider or module package needs that many: check that the source is the artifact you meant.", ex.Message);
        // Blobs of manifests read before the limit may have been copied; no manifest and no tag.
        Assert.All(destination.Log, l => Assert.StartsWith("blob ", l));
    }

    [Fact]
    public async Task Manifests_nested_exactly_to_the_depth_limit_are_copied()
    {
        var source = new MemoryTarget();
        var current = await LeafAsync(source, 0);
        for (var i = 0; i < CopyLimits.MaxDepth - 1; i++)
        {
            current = await IndexAsync(source, [current], i == CopyLimits.MaxDepth - 2 ? "limit" : null);
        }

        var destination = new MemoryTarget();

        var result = await ArtifactCopier.CopyAsync(source, "limit", destination, null);

        Assert.Equal(current, result.Root with { ArtifactType = null });
        Assert.Equal(CopyLimits.MaxDepth + 1, destination.Log.Count);
    }
}
