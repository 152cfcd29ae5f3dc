using OpenTofuOci.Core.Providers;

namespace OpenTofuOci.Core.Tests.Providers;

/// <summary>Tag-to-version reading per docs/opentofu-compatibility.md §1.2 and §8.1–8.4.</summary>
public sealed class ProviderVersionTests
{
    [Theory]
    [InlineData("1.0.0", "1.0.0", "1.0.0")]
    [InlineData("1", "1.0.0", "1.0.0")]
    [InlineData("1.0", "1.0.0", "1.0.0")]
    [InlineData("01.02.03", "1.2.3", "1.2.3")]
    [InlineData("1.0.2_foo.1", "1.0.2+foo.1", "1.0.2_foo.1")]
    [InlineData("1.0.0-beta_1", "1.0.0-beta+1", "1.0.0-beta_1")]
    [InlineData("1.0.0-", "1.0.0", "1.0.0")]
    [InlineData("1.0.0_", "1.0.0", "1.0.0")]
    [InlineData("2.0.0-rc.1", "2.0.0-rc.1", "2.0.0-rc.1")]
    [InlineData("18446744073709551615.0.0", "18446744073709551615.0.0", "18446744073709551615.0.0")]
    public void Version_shaped_tags_parse_leniently(string tag, string canonical, string lookupTag)
    {
        Assert.True(ProviderVersion.TryParseTag(tag, out var v));
        Assert.Equal(canonical, v!.ToString());
        Assert.Equal(lookupTag, v.ToTag());
    }

    [Theory]
    [InlineData("latest")]
    [InlineData("v1.0.0")]
    [InlineData("1.0.0.0")]
    [InlineData("1.0.0_a_b")]
    [InlineData("*")]
    [InlineData("1.x")]
    [InlineData("1.X.0")]
    [InlineData("")]
    [InlineData("1..0")]
    [InlineData("18446744073709551616.0.0")]
    [InlineData("sha256-abc")]
    public void Other_tags_are_ignored_and_never_crash(string tag)
    {
        Assert.False(ProviderVersion.TryParseTag(tag, out var v));
        Assert.Null(v);
    }

    [Fact]
    public void Ordering_is_semver_precedence_and_ignores_metadata()
    {
        string[] ordered = ["1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.0.1", "1.2.0", "10.0.0"];
        var parsed = ordered.Reverse().Select(V).ToList();
        parsed.Sort();
        Assert.Equal(ordered, parsed.Select(v => v.ToString()));

        var a = V("1.0.0+a");
        var b = V("1.0.0+b");
        Assert.Equal(0, a!.CompareTo(b));
        Assert.NotEqual(a, b);
    }

    private static ProviderVersion V(string text) =>
        ProviderVersion.TryParse(text, out var v) ? v! : throw new ArgumentException("not a version: " + text);
}
