using OpenTofuOci.Core.Access;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Modules;
using OpenTofuOci.PowerShell.Mapping;
using OpenTofuOci.PowerShell.Output;
using OpenTofuOci.PowerShell.Tests.Surface;
using OpenTofuOci.TestFixtures;
using Xunit;

namespace OpenTofuOci.PowerShell.Tests.Mapping;

/// <summary>How <c>Publish-TofuModule</c> and <c>Save-TofuModule</c> map their parameters and results.</summary>
public sealed class ModuleMappingTests
{
    private const string Sha = "sha256:1d57d25084effd3fdfd902eca00020b34b1fb020253b84d7dd471301606015ac";
    private static readonly string Base = Path.Combine(Path.GetTempPath(), "ps-location");

    private static string Resolve(string path) => Path.GetFullPath(path, Base);

    private static ModuleMapping.PublishPlan Publish(string repository, string[]? tags = null, string[]? exclude = null, bool noDefaults = false) =>
        ModuleMapping.CreatePublish(TestPlans.For(repository, Base), "/src/vpc", tags, exclude, noDefaults, "https://git.example.com/vpc", "1.2.0",
            new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    private static ModuleMapping.SavePlan Save(string source, string destination, bool force)
    {
        var address = ModuleAddress.Parse(source);
        var access = AccessPlan.Create(new AccessRequest
        {
            Addresses = [AddressInput.ForModule(address)],
            ResolveLayoutPath = Resolve,
            Environment = HermeticAccess.Environment(),
        });
        return ModuleMapping.CreateSave(access, address, destination, force);
    }

    [Fact]
    public void Publish_maps_every_parameter_into_the_core_request()
    {
        var plan = Publish("registry.example.com/modules/vpc", ["1.2.0", "latest", "1.2.0"], ["*.tfvars"], noDefaults: true);
        var request = plan.ToRequest(new Core.Oci.Layout.OciLayoutStore(Path.Combine(Base, "unused")));
        Assert.Equal("/src/vpc", request.Directory);
        Assert.Equal("registry.example.com/modules/vpc", request.RepositoryText);
        Assert.Equal(["1.2.0", "latest"], request.Tags);
        Assert.Equal(["*.tfvars"], request.Exclude);
        Assert.False(request.UseDefaultExcludes);
        Assert.Equal(("https://git.example.com/vpc", "1.2.0"), (request.SourceAnnotation, request.VersionAnnotation));
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), request.Created);
        Assert.Equal("registry.example.com/modules/vpc:1.2.0, registry.example.com/modules/vpc:latest", plan.ShouldProcessTarget);
    }

    [Fact]
    public void Publish_without_tags_writes_latest_to_the_absolute_layout()
    {
        var plan = Publish("oci-layout:out/vpc");
        Assert.Equal(["latest"], plan.Tags);
        Assert.Equal("oci-layout:" + Path.Combine(Base, "out", "vpc"), plan.ToRequest(new Core.Oci.Layout.OciLayoutStore(Base)).RepositoryText);
    }

    [Theory]
    [InlineData("registry.example.com/modules/vpc", "bad tag", null, ErrorIds.InvalidReference)]
    [InlineData("registry.example.com/modules/vpc", null, "../x", ErrorIds.InvalidExcludePattern)]
    public void Publish_refuses_bad_tags_and_patterns_before_any_work(string repository, string? tag, string? exclude, string id)
    {
        var e = Assert.Throws<TofuOciException>(() => Publish(repository, tag is null ? null : [tag], exclude is null ? null : [exclude]));
        Assert.Equal(id, e.ErrorId);
    }

    [Fact]
    public void Save_parses_the_source_with_OpenTofus_rules_and_names_a_layout_absolutely()
    {
        var plan = Save($"oci://registry.example.com/modules/vpc//sub?digest={Sha}", "/work/vendor/vpc", force: true);
        Assert.Equal("registry.example.com/modules/vpc", plan.Access.Repository.RepositoryText);
        Assert.Equal(("sub", Sha, "/work/vendor/vpc", true), (plan.Address.Subdir, plan.Address.Digest?.ToString(), plan.Destination, plan.Force));

        var layout = Save("oci-layout:out//sub?tag=v1", "/d", false);
        Assert.Equal("oci-layout:" + Path.Combine(Base, "out"), layout.Access.Repository.RepositoryText);
        Assert.Equal($"oci-layout:{Path.Combine(Base, "out")}//sub?tag=v1", layout.Address.Text);
        Assert.Equal("v1", layout.Access.Repository.Tag);

        var e = Assert.Throws<TofuOciException>(() => Save("oci://registry.example.com/vpc?archive=zip", "/d", false));
        Assert.Equal(ErrorIds.InvalidModuleAddress, e.ErrorId);
    }

    [Fact]
    public void Output_objects_carry_the_results_and_publish_output_binds_to_Save_Source()
    {
        var publish = ModuleOutputMapping.ToPublishInfo(new ModulePublishResult("registry.example.com/m", ["1.0", "latest"], Sha, "sha256:ab", 120, "m.zip",
            ["a.tf", "b.tf"], $"oci://registry.example.com/m?digest={Sha}", 500, 2, 0));
        Assert.Equal(("registry.example.com/m", Sha, $"oci://registry.example.com/m?digest={Sha}", "sha256:ab", 120L, 2, 500L),
            (publish.Repository, publish.Digest, publish.Source, publish.LayerDigest, publish.Size, publish.FileCount, publish.BytesUploaded));
        Assert.Equal(["1.0", "latest"], publish.Tags);
        Assert.Equal(publish.Source, publish.ToString());

        var save = ModuleOutputMapping.ToSaveInfo(new ModuleSaveResult("oci://r/m", $"oci://r/m?digest={Sha}", Sha, "sha256:ab", 120, "sub", "/d", 3, 99));
        Assert.Equal(("oci://r/m", $"oci://r/m?digest={Sha}", Sha, "sha256:ab", "sub", "/d", 3, 99L),
            (save.Source, save.PinnedSource, save.Digest, save.LayerDigest, save.Subdir, save.Path, save.FileCount, save.TotalBytes));

        // Publish-TofuModule ... | Save-TofuModule -Destination x: Source binds by property name (read from the compiled module's metadata).
        Assert.Equal(typeof(string), typeof(TofuModulePublishInfo).GetProperty(nameof(TofuModulePublishInfo.Source))!.PropertyType);
        var save2 = ModuleSurface.Instance.Cmdlets.Single(c => c.Name == "Save-TofuModule");
        var source = save2.Parameters.Single(p => p.Name == "Source");
        Assert.Equal("String", source.TypeDisplayName);
        Assert.Contains(source.Sets, e => e.ValueFromPipelineByPropertyName && e.Mandatory);
        Assert.DoesNotContain(save2.Parameters.Single(p => p.Name == "Destination").Sets, e => e.ValueFromPipelineByPropertyName || e.ValueFromPipeline);
        Assert.Null(typeof(TofuModulePublishInfo).GetProperty("Destination"));
        Assert.True(save2.SupportsShouldProcess);
        Assert.True(ModuleSurface.Instance.Cmdlets.Single(c => c.Name == "Publish-TofuModule").SupportsShouldProcess);
    }
}
