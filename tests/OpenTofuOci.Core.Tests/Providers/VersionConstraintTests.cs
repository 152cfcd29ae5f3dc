using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Providers;

namespace OpenTofuOci.Core.Tests.Providers;

/// <summary>OpenTofu's version constraint syntax with go-versions semantics.</summary>
public sealed class VersionConstraintTests
{
    private static readonly string[] Candidates =
    [
        "0.9.0", "1.0.0-beta", "1.0.0", "1.0.1", "1.1.0", "1.2.0-rc.1", "1.2.0", "1.2.3", "1.2.9", "1.3.0-beta", "1.3.0", "1.9.9",
        "2.0.0-alpha", "2.0.0", "2.1.0",
    ];

    // constraint -> exactly the candidates it allows
    [Theory]
    [InlineData("1.2.3", "1.2.3")]
    [InlineData("= 1.2.3", "1.2.3")]
    [InlineData("=1.2.3", "1.2.3")]
    [InlineData("= 1.2", "1.2.0 1.2.3 1.2.9")]
    [InlineData("= 1", "1.0.0 1.0.1 1.1.0 1.2.0 1.2.3 1.2.9 1.3.0 1.9.9")]
    [InlineData("!= 1.2.3", "0.9.0 1.0.0 1.0.1 1.1.0 1.2.0 1.2.9 1.3.0 1.9.9 2.0.0 2.1.0")]
    [InlineData("!= 1.2", "0.9.0 1.0.0 1.0.1 1.1.0 1.3.0 1.9.9 2.0.0 2.1.0")]
    [InlineData("> 1.2.3", "1.2.9 1.3.0 1.9.9 2.0.0 2.1.0")]
    [InlineData("> 1.2", "1.3.0 1.9.9 2.0.0 2.1.0")]
    [InlineData("> 1", "2.0.0 2.1.0")]
    [InlineData(">= 1.2.3", "1.2.3 1.2.9 1.3.0 1.9.9 2.0.0 2.1.0")]
    [InlineData(">=1.2", "1.2.0 1.2.3 1.2.9 1.3.0 1.9.9 2.0.0 2.1.0")]
    [InlineData("< 1.2.3", "0.9.0 1.0.0 1.0.1 1.1.0 1.2.0")]
    [InlineData("< 1", "0.9.0")]
    [InlineData("<= 1.2.3", "0.9.0 1.0.0 1.0.1 1.1.0 1.2.0 1.2.3")]
    [InlineData("<= 1.2", "0.9.0 1.0.0 1.0.1 1.1.0 1.2.0 1.2.3 1.2.9")]
    [InlineData("<= 1", "0.9.0 1.0.0 1.0.1 1.1.0 1.2.0 1.2.3 1.2.9 1.3.0 1.9.9")]
    [InlineData("~> 1.2.3", "1.2.3 1.2.9")]
    [InlineData("~> 1.2", "1.2.0 1.2.3 1.2.9 1.3.0 1.9.9")]
    [InlineData("~> 1", "1.0.0 1.0.1 1.1.0 1.2.0 1.2.3 1.2.9 1.3.0 1.9.9")]
    [InlineData("~> 1.0", "1.0.0 1.0.1 1.1.0 1.2.0 1.2.3 1.2.9 1.3.0 1.9.9")]
    [InlineData(">= 1.0, < 1.2", "1.0.0 1.0.1 1.1.0")]
    [InlineData(" >= 1.0 ,< 2.0 , != 1.2.3 ", "1.0.0 1.0.1 1.1.0 1.2.0 1.2.9 1.3.0 1.9.9")]
    [InlineData("1.0.0-beta", "1.0.0-beta")]
    [InlineData("= 1.0.0-beta", "1.0.0-beta")]
    [InlineData(">= 1.0.0-beta", "1.0.0 1.0.1 1.1.0 1.2.0 1.2.3 1.2.9 1.3.0 1.9.9 2.0.0 2.1.0")]
    [InlineData("~> 1.2.0-rc.1", "1.2.0 1.2.3 1.2.9")]
    [InlineData("1.2.0-rc.1, >= 1.0", "1.2.0-rc.1")]
    [InlineData("1.2.0-rc.1, >= 1.3", "")]
    [InlineData("> 2.1.0", "")]
    [InlineData("1.0.0+abc", "1.0.0")]
    public void Constraints_allow_exactly(string constraint, string allowed)
    {
        var c = VersionConstraint.Parse(constraint);
        var got = Candidates.Where(v => c.Allows(V(v)));
        Assert.Equal(allowed, string.Join(' ', got));
    }

    [Fact]
    public void Any_allows_every_release_and_no_prerelease()
    {
        Assert.Equal(
            "0.9.0 1.0.0 1.0.1 1.1.0 1.2.0 1.2.3 1.2.9 1.3.0 1.9.9 2.0.0 2.1.0",
            string.Join(' ', Candidates.Where(v => VersionConstraint.Any.Allows(V(v)))));
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("  ", "empty")]
    [InlineData(">= 1.0,", "empty")]
    [InlineData(">=", "not followed by a version")]
    [InlineData("v1.0.0", "\"v\" prefix")]
    [InlineData("^1.0", "does not start with an operator")]
    [InlineData("=> 1.0", "does not start with an operator")]
    [InlineData("1.*", "wildcards")]
    [InlineData("1.2.3.4", "1 to 3 numbers")]
    [InlineData("1.0 - 2.0", "not a version")]
    [InlineData("1.0-beta", "all three version numbers")]
    [InlineData("latest", "does not start with an operator")]
    public void Invalid_constraints_say_why(string constraint, string expected)
    {
        var ex = Assert.Throws<TofuOciException>(() => VersionConstraint.Parse(constraint));
        Assert.Equal(ErrorIds.InvalidVersionConstraint, ex.ErrorId);
        Assert.StartsWith($"Invalid version constraint \"{constraint}\": ", ex.Message, StringComparison.Ordinal);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("~> 1.2", "1.9.9")]
    [InlineData(">= 0", "2.1.0")]
    [InlineData("< 1.0.0", "0.9.0")]
    [InlineData("1.3.0-beta", "1.3.0-beta")]
    [InlineData("> 5", null)]
    public void Newest_matching_picks_the_highest_allowed(string constraint, string? expected)
    {
        var newest = VersionConstraint.NewestMatching(Candidates.Reverse().Select(V), VersionConstraint.Parse(constraint));
        Assert.Equal(expected, newest?.ToString());
    }

    [Fact]
    public void Newest_matching_keeps_the_first_of_equal_precedence()
    {
        var versions = new[] { "1.0.0+b", "1.0.0+a", "0.1.0" }.Select(V).ToList();
        Assert.Equal("1.0.0+b", VersionConstraint.NewestMatching(versions, VersionConstraint.Any)!.ToString());
    }

    [Fact]
    public void Canonical_text_lists_the_clauses()
    {
        Assert.Equal("~> 1.2, != 1.2.3, = 1.0.0-beta", VersionConstraint.Parse("~>1.2,!=1.2.3,1.0.0-beta").ToString());
    }

    [Fact]
    public void Bounds_at_the_top_of_the_number_range_do_not_overflow()
    {
        var c = VersionConstraint.Parse("~> 18446744073709551615.0");
        Assert.True(c.Allows(V("18446744073709551615.5.0")));
        Assert.False(c.Allows(V("1.0.0")));
    }

    [Fact]
    public void Sorting_is_stable_and_keeps_duplicates()
    {
        var sorted = ProviderVersion.Sort(new[] { "1.0.0", "0.5.0", "1.0", "1.0.0+x", "1.0.0-rc1" }.Select(V));
        Assert.Equal(new[] { "0.5.0", "1.0.0-rc1", "1.0.0", "1.0.0", "1.0.0+x" }, sorted.Select(v => v.ToString()));
    }

    private static ProviderVersion V(string text) =>
        ProviderVersion.TryParse(text, out var v) ? v! : throw new ArgumentException("not a version: " + text);
}
