using System.Text;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci;
using OpenTofuOci.Core.Oci.Layout;
using OpenTofuOci.Core.Oci.Targets;

namespace OpenTofuOci.Core.Tests.Layout;

/// <summary>
/// Several repositories in one layout, told apart by a ref-name prefix (docs/opentofu-compatibility.md §13): each view
/// lists, resolves, tags and untags only its own roots, while blobs are shared.
/// </summary>
public sealed class LayoutViewTests : IDisposable
{
    private const string Hello = "providers/example.com/acme/hello:";
    private const string World = "providers/example.com/acme/world:";
    private readonly TempDirectory _dir = new("tofuoci-layout-views-");

    public void Dispose() => _dir.Dispose();

    private string Layout => _dir.Combine("layout");

    private static async Task<Descriptor> PushManifestAsync(OciLayoutStore target, string text, string? tag)
    {
        var layer = Encoding.UTF8.GetBytes(text);
        var layerDescriptor = Descriptor.FromBytes(MediaTypes.Zip, layer);
        await target.PushAsync(layerDescriptor, new MemoryStream(layer));
        await target.PushAsync(EmptyConfig.Descriptor, new MemoryStream(EmptyConfig.Content.ToArray()));
        var bytes = OciJson.Write(new ImageManifest { ArtifactType = "application/x-test", Config = EmptyConfig.Descriptor, Layers = [layerDescriptor] });
        var descriptor = Descriptor.FromBytes(MediaTypes.ImageManifest, bytes, "application/x-test");
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

    [Fact]
    public async Task Each_view_lists_only_its_own_tags_without_the_prefix_and_the_whole_layout_lists_ref_names()
    {
        var hello = new OciLayoutStore(Layout, Hello);
        var world = new OciLayoutStore(Layout, World);
        await PushManifestAsync(hello, "h1", "1.0.0");
        await PushManifestAsync(hello, "h2", "1.1.0");
        await PushManifestAsync(world, "w1", "1.0.0");

        Assert.Equal(["1.0.0", "1.1.0"], await hello.ListTagsAsync().ToListAsync());
        Assert.Equal(["1.0.0"], await world.ListTagsAsync().ToListAsync());
        Assert.Equal([Hello + "1.0.0", Hello + "1.1.0", World + "1.0.0"], await new OciLayoutStore(Layout).ListTagsAsync().ToListAsync());
        Assert.Equal($"oci-layout:{Path.GetFullPath(Layout)} (providers/example.com/acme/hello)", hello.DisplayName);
    }

    [Fact]
    public async Task The_same_tag_in_two_views_resolves_to_each_views_own_manifest()
    {
        var hello = new OciLayoutStore(Layout, Hello);
        var world = new OciLayoutStore(Layout, World);
        var h = await PushManifestAsync(hello, "h1", "1.0.0");
        var w = await PushManifestAsync(world, "w1", "1.0.0");

        Assert.Equal(h.Digest, (await hello.ResolveAsync("1.0.0")).Digest);
        Assert.Equal(w.Digest, (await world.ResolveAsync("1.0.0")).Digest);
        Assert.NotEqual(h.Digest, w.Digest);
        var missing = await Assert.ThrowsAsync<TofuOciException>(() => world.ResolveAsync("1.1.0"));
        Assert.Equal(ErrorKind.NotFound, missing.Kind);
        await PushManifestAsync(hello, "h2", "1.1.0");
        Assert.Equal(ErrorKind.NotFound, (await Assert.ThrowsAsync<TofuOciException>(() => world.ResolveAsync("1.1.0"))).Kind);
    }

    [Fact]
    public async Task A_view_is_not_fooled_by_a_longer_repository_that_shares_its_start()
    {
        var short_ = new OciLayoutStore(Layout, "modules/reg.example/a:");
        var longer = new OciLayoutStore(Layout, "modules/reg.example/a/b:");
        await PushManifestAsync(longer, "deep", "1.0.0");

        Assert.Empty(await short_.ListTagsAsync().ToListAsync());
        Assert.Equal(ErrorKind.NotFound, (await Assert.ThrowsAsync<TofuOciException>(() => short_.ResolveAsync("1.0.0"))).Kind);
    }

    [Fact]
    public async Task Deleting_a_tag_in_one_view_keeps_the_same_tag_in_another()
    {
        var hello = new OciLayoutStore(Layout, Hello);
        var world = new OciLayoutStore(Layout, World);
        await PushManifestAsync(hello, "h1", "1.0.0");
        var w = await PushManifestAsync(world, "w1", "1.0.0");

        await hello.DeleteTagAsync("1.0.0");

        Assert.Empty(await hello.ListTagsAsync().ToListAsync());
        Assert.Equal(w.Digest, (await world.ResolveAsync("1.0.0")).Digest);
        Assert.Equal(ErrorKind.NotFound, (await Assert.ThrowsAsync<TofuOciException>(() => hello.DeleteTagAsync("1.0.0"))).Kind);
    }

    [Fact]
    public async Task Referrers_are_kept_under_the_views_own_referrers_tag()
    {
        var hello = new OciLayoutStore(Layout, Hello);
        var world = new OciLayoutStore(Layout, World);
        var subject = await PushManifestAsync(hello, "h1", "1.0.0");
        var bytes = OciJson.Write(new ImageManifest { ArtifactType = "application/x-note", Config = EmptyConfig.Descriptor, Layers = [], Subject = subject });
        var referrer = Descriptor.FromBytes(MediaTypes.ImageManifest, bytes, "application/x-note");

        await hello.PushReferrerAsync(referrer, bytes);

        Assert.Equal([referrer.Digest], (await hello.ListReferrersAsync(subject)).Select(d => d.Digest));
        Assert.Empty(await world.ListReferrersAsync(subject));
        Assert.Contains(Hello + ReferrersTag.For(subject.ParsedDigest()), await new OciLayoutStore(Layout).ListTagsAsync().ToListAsync());
    }

    [Fact]
    public async Task Sorting_roots_orders_every_view_by_ref_name_with_untagged_roots_last()
    {
        var world = new OciLayoutStore(Layout, World);
        var hello = new OciLayoutStore(Layout, Hello);
        var whole = new OciLayoutStore(Layout);
        await PushManifestAsync(world, "w1", "1.0.0");
        await PushManifestAsync(hello, "h2", "1.1.0");
        await PushManifestAsync(whole, "b", "bundle");
        await PushManifestAsync(hello, "h1", "1.0.0");
        var index = Path.Combine(Layout, "index.json");
        // Another tool's untagged root, written first.
        var before = OciJson.ReadIndex(await File.ReadAllBytesAsync(index));
        var untagged = await PushManifestAsync(whole, "loose", null);
        await File.WriteAllBytesAsync(index, OciJson.Write(before with { Manifests = [untagged, .. before.Manifests] }));

        await whole.SortRootsAsync();

        var names = OciJson.ReadIndex(await File.ReadAllBytesAsync(index)).Manifests.Select(m => m.Annotation(AnnotationKeys.RefName)).ToList();
        Assert.Equal(["bundle", Hello + "1.0.0", Hello + "1.1.0", World + "1.0.0", null], names);
    }
}
