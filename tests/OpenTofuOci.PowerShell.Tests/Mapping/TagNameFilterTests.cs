using OpenTofuOci.Core.Errors;
using OpenTofuOci.PowerShell.Mapping;
using Xunit;

namespace OpenTofuOci.PowerShell.Tests.Mapping;

public sealed class TagNameFilterTests
{
    [Theory]
    [InlineData("*", "anything", true)]
    [InlineData("1.*", "1.2.3", true)]
    [InlineData("1.*", "11.2.3", false)]
    [InlineData("1.0", "1x0", false)]
    [InlineData("1.?.0", "1.5.0", true)]
    [InlineData("1.?.0", "1.10.0", false)]
    [InlineData("[12].0.0", "2.0.0", true)]
    [InlineData("[12].0.0", "3.0.0", false)]
    [InlineData("[a-c]*", "beta", true)]
    [InlineData("[a-c]*", "delta", false)]
    [InlineData("LATEST", "latest", true)]
    [InlineData("`*", "*", true)]
    [InlineData("`*", "x", false)]
    [InlineData("1.0.0_*", "1.0.0_fips", true)]
    public void Patterns_follow_PowerShell_wildcards(string pattern, string tag, bool match) =>
        Assert.Equal(match, TagNameFilter.Create([pattern]).IsMatch(tag));

    [Fact]
    public void Any_pattern_may_match()
    {
        var filter = TagNameFilter.Create(["1.*", "latest"]);
        Assert.True(filter.IsMatch("latest"));
        Assert.True(filter.IsMatch("1.0.0"));
        Assert.False(filter.IsMatch("2.0.0"));
    }

    [Fact]
    public void Names_without_wildcards_are_literal_names()
    {
        var filter = TagNameFilter.Create(["1.0.0", "2.*", "a`*b", "[x]"]);
        Assert.Equal(["1.0.0", "a*b"], filter.LiteralNames);
    }

    [Fact]
    public void No_patterns_match_everything() => Assert.True(TagNameFilter.Create(null).IsMatch("x"));

    [Fact]
    public void An_unclosed_bracket_is_an_invalid_argument()
    {
        var e = Assert.Throws<TofuOciException>(() => TagNameFilter.Create(["1.[0"]));
        Assert.Equal((TagNameFilter.InvalidWildcardPatternErrorId, ErrorKind.InvalidArgument, "1.[0"), (e.ErrorId, e.Kind, e.Target));
    }
}
