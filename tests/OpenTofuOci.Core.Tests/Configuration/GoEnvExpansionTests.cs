using OpenTofuOci.Core.Configuration;

namespace OpenTofuOci.Core.Tests.Configuration;

public sealed class GoEnvExpansionTests
{
    [Theory]
    [InlineData("/plain", "/plain")]
    [InlineData("$A/x", "va/x")]
    [InlineData("${A}x", "vax")]
    [InlineData("$A_B", "")]
    [InlineData("$1", "one")]
    [InlineData("a$", "a$")]
    [InlineData("$/x", "$/x")]
    [InlineData("${}x", "x")]
    [InlineData("${A", "A")]
    [InlineData("$UNSET!", "!")]
    public void Expands_like_go_os_ExpandEnv(string text, string expected)
    {
        var vars = new Dictionary<string, string> { ["A"] = "va", ["1"] = "one" };
        Assert.Equal(expected, GoEnvExpansion.Expand(text, n => vars.GetValueOrDefault(n)));
    }
}
