using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Providers;

namespace OpenTofuOci.Core.Tests.Providers;

/// <summary>Provider source addresses and include/exclude patterns (docs/opentofu-compatibility.md §6).</summary>
public sealed class ProviderAddressTests
{
    [Theory]
    [InlineData("hashicorp/aws", "registry.opentofu.org/hashicorp/aws", "hashicorp/aws")]
    [InlineData("HashiCorp/AWS", "registry.opentofu.org/hashicorp/aws", "hashicorp/aws")]
    [InlineData("Registry.OpenTofu.org/hashicorp/aws", "registry.opentofu.org/hashicorp/aws", "hashicorp/aws")]
    [InlineData("example.com/foo/bar", "example.com/foo/bar", "example.com/foo/bar")]
    [InlineData("example.com:443/foo/bar", "example.com/foo/bar", "example.com/foo/bar")]
    [InlineData("example.com:8443/foo/bar", "example.com:8443/foo/bar", "example.com:8443/foo/bar")]
    [InlineData("example.com/ほげ/ふが", "example.com/ほげ/ふが", "example.com/ほげ/ふが")]
    [InlineData("Bücher.Example/ns/a-b1", "bücher.example/ns/a-b1", "bücher.example/ns/a-b1")]
    [InlineData("-/aws", "registry.opentofu.org/-/aws", "-/aws")]
    public void Addresses_normalise_like_OpenTofu(string text, string canonical, string display)
    {
        var a = ProviderAddress.Parse(text);
        Assert.Equal(canonical, a.ToString());
        Assert.Equal(display, a.ForDisplay);
    }

    [Theory]
    [InlineData("aws", "hashicorp/aws")]
    [InlineData("a/b/c/d", "[hostname/]namespace/type")]
    [InlineData("a//b", "[hostname/]namespace/type")]
    [InlineData("", "[hostname/]namespace/type")]
    [InlineData("hashicorp/a.b", "dots are not allowed")]
    [InlineData("hashicorp/a--b", "multiple consecutive dashes")]
    [InlineData("hashicorp/-ab", "leading or trailing dashes")]
    [InlineData("hashicorp/a_b", "only letters, digits, and dashes")]
    [InlineData("hashi_corp/ab", "invalid provider namespace \"hashi_corp\"")]
    [InlineData("xn--bcher-kva.example/a/b", "punycode")]
    [InlineData("ex ample.com/a/b", "invalid provider source hostname")]
    [InlineData("example.com:99999/a/b", "greater than 65535")]
    [InlineData("example.com:x/a/b", "non-digit")]
    [InlineData("example.com/-/aws", "legacy provider namespace")]
    [InlineData("hashicorp/terraform-provider-aws", "did you mean \"hashicorp/aws\"?")]
    [InlineData("hashicorp/terraform-aws", "redundant")]
    [InlineData("hashicorp/terraform-", "trailing dashes")]
    [InlineData("hashicorp/terraform-x", "redundant")]
    public void Invalid_addresses_say_why(string text, string expected)
    {
        var ex = Assert.Throws<TofuOciException>(() => ProviderAddress.Parse(text));
        Assert.Equal(ErrorIds.InvalidProviderAddress, ex.ErrorId);
        Assert.Equal(ErrorKind.InvalidArgument, ex.Kind);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.StartsWith($"Invalid provider address \"{text}\": ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Equal_addresses_compare_equal_after_normalisation()
    {
        Assert.Equal(ProviderAddress.Parse("hashicorp/aws"), ProviderAddress.Parse("REGISTRY.opentofu.org:443/HashiCorp/aws"));
        Assert.NotEqual(ProviderAddress.Parse("hashicorp/aws"), ProviderAddress.Parse("example.com/hashicorp/aws"));
    }

    [Theory]
    [InlineData("registry.opentofu.org/*/*", "hashicorp/aws", true)]
    [InlineData("*/*", "hashicorp/aws", true)]
    [InlineData("*/*", "example.com/hashicorp/aws", false)]
    [InlineData("*/*/*", "example.com/hashicorp/aws", true)]
    [InlineData("hashicorp/*", "hashicorp/aws", true)]
    [InlineData("hashicorp/*", "opentofu/aws", false)]
    [InlineData("HashiCorp/AWS", "hashicorp/aws", true)]
    [InlineData("hashicorp/aws", "hashicorp/awsx", false)]
    [InlineData("example.com:443/foo/*", "example.com/foo/bar", true)]
    [InlineData("example.com/*/*", "example.com:8443/foo/bar", false)]
    public void Patterns_match_whole_segments(string pattern, string address, bool expected)
    {
        Assert.Equal(expected, ProviderPattern.Parse(pattern).Matches(ProviderAddress.Parse(address)));
    }

    [Theory]
    [InlineData("aws")]
    [InlineData("a/b/c/d")]
    [InlineData("*/aws")]
    [InlineData("*/hashicorp/*")]
    [InlineData("hashi*/aws")]
    [InlineData("hashicorp/a.b")]
    [InlineData("example.com//*")]
    public void Invalid_patterns_are_refused(string pattern)
    {
        var ex = Assert.Throws<TofuOciException>(() => ProviderPattern.Parse(pattern));
        Assert.Equal(ErrorIds.InvalidProviderPattern, ex.ErrorId);
        Assert.StartsWith($"Invalid provider pattern \"{pattern}\": ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_segment_patterns_imply_the_default_host()
    {
        var p = ProviderPattern.Parse("hashicorp/*");
        Assert.Equal("registry.opentofu.org", p.Hostname);
        Assert.Equal("hashicorp", p.Namespace);
        Assert.Equal(ProviderPattern.Wildcard, p.Type);
        Assert.Equal("registry.opentofu.org/hashicorp/*", p.ToString());
    }
}
