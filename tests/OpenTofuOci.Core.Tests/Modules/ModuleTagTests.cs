using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Modules;
using OpenTofuOci.Core.Oci;
using OpenTofuOci.Core.Oci.Layout;
using OpenTofuOci.Core.Oci.Targets;
using OpenTofuOci.Core.Tests.Fixtures;

namespace OpenTofuOci.Core.Tests.Modules;

/// <summary>
/// Module tags are not moved silently (docs/design.md "Modules"): a tag on other content is refused unless
/// forced, every tag is checked before anything is written, and the same package again writes nothing.
/// Against a real docker-registry and a layout directory alike.
/// </summary>
public sealed class ModuleTagTests(PlainRegistryFixture fixture) : IClassFixture<PlainRegistryFixture>, IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private (ITarget Target, string RepositoryText) Open(string kind) => ModulePackages.OpenFresh(kind, fixture.Server, _dir, "tags");

    private string Module(string name, string value)
    {
        var root = _dir.Combine(name);
        Directory.CreateDirectory(root);
        File.WriteAllText(Path.Combine(root, "main.tf"), $"output \"v\" {{ value = {value} }}\n");
        return root;
    }

    private static Task<ModulePublishResult> Publish(ITarget target, string repositoryText, string directory, string[] tags, bool force = false) =>
        ModulePublisher.PublishAsync(new ModulePublishRequest { Directory = directory, Target = target, RepositoryText = repositoryText, Tags = tags, Force = force });

    private static async Task<string?> TagDigest(ITarget target, string tag)
    {
        try
        {
            return (await target.ResolveAsync(tag)).Digest;
        }
        catch (TofuOciException e) when (e.Kind == ErrorKind.NotFound)
        {
            return null;
        }
    }

    // The digests the changed module will have, learnt from a scratch layout so the real target stays untouched.
    private async Task<ModulePublishResult> Preview(string directory, string repositoryText) =>
        await Publish(new OciLayoutStore(_dir.Combine("preview-" + Guid.NewGuid().ToString("N")[..8])), repositoryText, directory, ["x"]);

    [Theory]
    [InlineData("registry")]
    [InlineData("layout")]
    public async Task A_tag_on_other_content_is_refused_naming_it_and_both_digests_and_no_tag_or_blob_is_written(string kind)
    {
        var (target, repo) = Open(kind);
        var first = await Publish(target, repo, Module("v1", "1"), ["1.0.0"]);
        var changed = Module("v2", "2");
        var preview = await Preview(changed, repo);

        var ex = await Assert.ThrowsAsync<TofuOciException>(() => Publish(target, repo, changed, ["2.0.0", "1.0.0"]));

        Assert.Equal(ErrorIds.ModuleTagExists, ex.ErrorId);
        Assert.Equal(ErrorKind.ResourceExists, ex.Kind);
        Assert.Equal($"{repo}:1.0.0", ex.Target);
        Assert.Equal($"{repo} already has tag 1.0.0 → {first.ManifestDigest}, other content than this module package ({preview.ManifestDigest}). "
            + "Configurations whose source says ?tag=1.0.0 would get other files at their next tofu init; "
            + "publish under a new tag, or move it deliberately with the force option.", ex.Message);
        Assert.Equal([UserOption.Force], ex.NamedOptions);
        Assert.Null(await TagDigest(target, "2.0.0"));
        Assert.Equal(first.ManifestDigest, await TagDigest(target, "1.0.0"));
        Assert.False(await target.ExistsAsync(new Descriptor { MediaType = MediaTypes.Zip, Digest = preview.LayerDigest, Size = preview.LayerSize }));
    }

    [Theory]
    [InlineData("registry")]
    [InlineData("layout")]
    public async Task Several_conflicting_tags_are_named_together(string kind)
    {
        var (target, repo) = Open(kind);
        var first = await Publish(target, repo, Module("v1", "1"), ["1.0.0", "latest"]);
        var changed = Module("v2", "2");
        var preview = await Preview(changed, repo);

        var ex = await Assert.ThrowsAsync<TofuOciException>(() => Publish(target, repo, changed, ["latest", "1.0.0"]));

        Assert.Equal($"{repo}:latest", ex.Target);
        Assert.Equal($"{repo} already has tag latest → {first.ManifestDigest} and tag 1.0.0 → {first.ManifestDigest}, other content than this module package ({preview.ManifestDigest}). "
            + "Configurations whose source names those tags would get other files at their next tofu init; "
            + "publish under new tags, or move them deliberately with the force option.", ex.Message);
    }

    [Theory]
    [InlineData("registry")]
    [InlineData("layout")]
    public async Task Force_moves_the_tag_and_reports_what_it_pointed_at(string kind)
    {
        var (target, repo) = Open(kind);
        var first = await Publish(target, repo, Module("v1", "1"), ["1.0.0"]);

        var moved = await Publish(target, repo, Module("v2", "2"), ["1.0.0", "2.0.0"], force: true);

        Assert.Equal(ModulePublishStatus.Replaced, moved.Status);
        Assert.Equal([new ModuleTagReplacement("1.0.0", first.ManifestDigest)], moved.ReplacedTags);
        Assert.Equal(["1.0.0", "2.0.0"], moved.Tags);
        Assert.NotEqual(first.ManifestDigest, moved.ManifestDigest);
        Assert.Equal(moved.ManifestDigest, await TagDigest(target, "1.0.0"));
        Assert.Equal(moved.ManifestDigest, await TagDigest(target, "2.0.0"));
        Assert.True(moved.BytesUploaded > 0);
    }

    [Theory]
    [InlineData("registry")]
    [InlineData("layout")]
    public async Task The_same_package_again_writes_nothing_and_a_new_tag_beside_it_is_only_added(string kind)
    {
        var (target, repo) = Open(kind);
        var module = Module("v1", "1");
        var first = await Publish(target, repo, module, ["1.0.0", "latest"]);
        var index = kind == "layout" ? File.ReadAllBytes(Path.Combine(repo["oci-layout:".Length..], "index.json")) : null;

        var again = await Publish(target, repo, module, ["latest", "1.0.0"]);

        Assert.Equal(ModulePublishStatus.Published, first.Status);
        Assert.Equal(ModulePublishStatus.Unchanged, again.Status);
        Assert.Equal((0L, 0, 2), (again.BytesUploaded, again.BlobsUploaded, again.BlobsSkipped));
        Assert.Empty(again.ReplacedTags);
        Assert.Equal(first.ManifestDigest, again.ManifestDigest);
        if (index is not null)
        {
            Assert.Equal(index, File.ReadAllBytes(Path.Combine(repo["oci-layout:".Length..], "index.json")));
        }

        var widened = await Publish(target, repo, module, ["1.0.0", "1.0"]);
        Assert.Equal(ModulePublishStatus.Published, widened.Status);
        Assert.Empty(widened.ReplacedTags);
        Assert.Equal(0, widened.BlobsUploaded);
        Assert.Equal(first.ManifestDigest, await TagDigest(target, "1.0"));
    }
}
