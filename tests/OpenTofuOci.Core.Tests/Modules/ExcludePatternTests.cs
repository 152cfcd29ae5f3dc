using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Modules;

namespace OpenTofuOci.Core.Tests.Modules;

public sealed class ExcludePatternTests
{
    [Theory]
    [InlineData("*.tfvars", "prod.tfvars", true)]
    [InlineData("*.tfvars", "env/prod.tfvars", true)]
    [InlineData("*.tfvars", "prod.tfvars.example", false)]
    [InlineData("examples/", "examples/", true)]
    [InlineData("examples/", "sub/examples/", true)]
    [InlineData("examples/", "examples", false)]
    [InlineData("docs/*.png", "docs/a.png", true)]
    [InlineData("docs/*.png", "sub/docs/a.png", false)]
    [InlineData("docs/*.png", "docs/x/a.png", false)]
    [InlineData("docs/**/*.png", "docs/x/y/a.png", true)]
    [InlineData("docs/**/*.png", "docs/a.png", true)]
    [InlineData("/main.tf", "main.tf", true)]
    [InlineData("/main.tf", "sub/main.tf", false)]
    [InlineData("sub/main.tf", "sub/main.tf", true)]
    [InlineData("tests/**", "tests/a/b.tf", true)]
    [InlineData("a?c", "abc", true)]
    [InlineData("a?c", "a/c", false)]
    [InlineData("crash.*.log", "crash.2026.log", true)]
    [InlineData("*.tfstate", "terraform.tfstate", true)]
    [InlineData("*.tfstate", "terraform.tfstate.backup", false)]
    [InlineData("sub\\x.tf", "sub/x.tf", true)]
    [InlineData("Main.tf", "main.tf", false)]
    public void Globs_match_like_a_gitignore_subset(string pattern, string path, bool expected) =>
        Assert.Equal(expected, ExcludePattern.Parse(pattern).Matches(path));

    [Theory]
    [InlineData("")]
    [InlineData("/")]
    [InlineData("a//b")]
    [InlineData("../x")]
    [InlineData("[ab].tf")]
    public void Bad_patterns_are_refused(string pattern)
    {
        var e = Assert.Throws<TofuOciException>(() => ExcludePattern.Parse(pattern));
        Assert.Equal(ErrorIds.InvalidExcludePattern, e.ErrorId);
        Assert.StartsWith($"Exclude pattern \"{pattern}\" is not valid: ", e.Message, StringComparison.Ordinal);
    }
}
