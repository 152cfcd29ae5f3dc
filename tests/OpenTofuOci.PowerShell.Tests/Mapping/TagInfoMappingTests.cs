using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Providers;
using OpenTofuOci.Core.Tags;
using OpenTofuOci.PowerShell.Infrastructure;
using OpenTofuOci.PowerShell.Mapping;
using OpenTofuOci.PowerShell.Output;
using Xunit;

namespace OpenTofuOci.PowerShell.Tests.Mapping;

public sealed class TagInfoMappingTests
{
    private const string Repo = "localhost:5000/providers/aws";

    private static TagEntry Entry(string tag, bool isVersion = false) =>
        new(Repo, tag, isVersion ? Version(tag) : null);

    private static ProviderVersion Version(string tag)
    {
        Assert.True(ProviderVersion.TryParseTag(tag, out var v), $"'{tag}' should parse as a provider version");
        return v!;
    }

    [Fact]
    public void Tags_keep_Cores_order_and_their_repository()
    {
        var selection = TagInfoMapping.Select([Entry("b"), Entry("a"), Entry("c")], TagNameFilter.All, versionOnly: false, Repo, TofuOciConnection.Layout);
        Assert.Equal(["b", "a", "c"], selection.Tags.Select(t => t.Tag));
        Assert.All(selection.Tags, t => Assert.Equal(Repo, t.Repository));
        Assert.All(selection.Tags, t => Assert.Null(t.Version));
        Assert.Empty(selection.MissingNames);
    }

    [Fact]
    public void Name_filters_tags()
    {
        var selection = TagInfoMapping.Select([Entry("1.0.0"), Entry("2.0.0"), Entry("latest")], TagNameFilter.Create(["1.*", "latest"]), false, Repo, TofuOciConnection.Layout);
        Assert.Equal(["1.0.0", "latest"], selection.Tags.Select(t => t.Tag));
    }

    [Fact]
    public void VersionOnly_drops_tags_that_are_not_versions()
    {
        var stub = new TagEntry(Repo, "latest", null);
        var selection = TagInfoMapping.Select([stub], TagNameFilter.All, versionOnly: true, Repo, TofuOciConnection.Layout);
        Assert.Empty(selection.Tags);
    }

    [Fact]
    public void A_literal_name_that_matched_nothing_is_a_not_found_error()
    {
        var selection = TagInfoMapping.Select([Entry("1.0.0")], TagNameFilter.Create(["9.9.9", "8.*", "1.0.0"]), false, Repo, TofuOciConnection.Layout);
        var missing = Assert.Single(selection.MissingNames);
        Assert.Equal((ErrorIds.NotFound, ErrorKind.NotFound, $"{Repo}:9.9.9"), (missing.ErrorId, missing.Kind, missing.Target));
        Assert.Equal(System.Management.Automation.ErrorCategory.ObjectNotFound, ErrorMapping.Describe(missing).Category);
        Assert.Contains($"Get-TofuOciTag -Repository {Repo}", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_info_prints_as_an_address() =>
        Assert.Equal($"{Repo}:1.0.0", TagInfoMapping.ToInfo(Entry("1.0.0"), TofuOciConnection.Layout).ToString());

    [Fact]
    public void Versions_are_written_canonically()
    {
        var info = TagInfoMapping.ToInfo(Entry("1.0.0_fips", isVersion: true), TofuOciConnection.Layout);
        Assert.Equal(("1.0.0_fips", "1.0.0+fips"), (info.Tag, info.Version));
        var selection = TagInfoMapping.Select([Entry("1.0.0", isVersion: true), new TagEntry(Repo, "latest", null)], TagNameFilter.All, versionOnly: true, Repo, TofuOciConnection.Layout);
        Assert.Equal(["1.0.0"], selection.Tags.Select(t => t.Tag));
    }
}
