using OpenTofuOci.Core.Errors;
using OpenTofuOci.PowerShell.Mapping;

namespace OpenTofuOci.PowerShell.Tests.Mapping;

/// <summary>What Publish-TofuProvider checks about a piped tag before it copies it.</summary>
public sealed class ProviderCopyMappingTests
{
    private static readonly string Base = Path.Combine(Path.GetTempPath(), "ps-location");

    [Fact]
    public void A_piped_tag_that_is_not_a_version_is_refused_naming_it()
    {
        ProviderCopyMapping.CheckVersion("registry.example.com/aws", "1.0.0_fips", "1.0.0+fips");
        foreach (var (tag, version) in new[] { ("latest", (string?)null), ("v1.0.0", "1.0.0") })
        {
            var e = Assert.Throws<TofuOciException>(() => ProviderCopyMapping.CheckVersion("registry.example.com/aws", tag, version));
            Assert.Equal((ErrorIds.InvalidArgument, $"registry.example.com/aws:{tag}"), (e.ErrorId, e.Target));
            Assert.Contains("-VersionOnly", e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Copying_a_version_onto_itself_is_refused_also_when_a_layout_is_named_two_ways()
    {
        var source = TestPlans.For("oci-layout:" + Path.Combine(Base, "mirror"), Base).Repository;
        var same = TestPlans.For("oci-layout:mirror", Base).Repository;
        var e = Assert.Throws<TofuOciException>(() => ProviderCopyMapping.CheckNotOntoItself(source, same, "1.0.0"));
        Assert.Equal(ErrorIds.InvalidArgument, e.ErrorId);
        Assert.Equal($"oci-layout:{Path.Combine(Base, "mirror")}:1.0.0 would be copied onto itself; give another -Repository to copy into.", e.Message);
        ProviderCopyMapping.CheckNotOntoItself(source, TestPlans.For("oci-layout:other", Base).Repository, "1.0.0");
    }
}
