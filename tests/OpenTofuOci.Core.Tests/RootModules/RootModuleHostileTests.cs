using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.RootModules;

namespace OpenTofuOci.Core.Tests.RootModules;

/// <summary>Hostile configurations end in InvalidConfiguration at a position, never in a stack overflow or a hang (docs/opentofu-compatibility.md §11).</summary>
public sealed class RootModuleHostileTests
{
    private static async Task<string> FailureOf(string mainTf)
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.Combine("main.tf"), mainTf);
        var ex = await Assert.ThrowsAsync<TofuOciException>(() => RootModuleReader.ReadAsync(temp.Path));
        Assert.Equal(ErrorCode.InvalidConfiguration, ex.Code);
        return ex.Message[(temp.Path.Length + 1)..];
    }

    [Fact]
    public async Task A_hundred_thousand_open_lists_are_refused_at_the_65th()
    {
        var message = await FailureOf("a = " + new string('[', 100_000) + "\n");

        Assert.StartsWith("main.tf:1:69: this list is nested more than 64 levels deep — ", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_hundred_thousand_open_parentheses_are_refused_at_the_innermost()
    {
        var message = await FailureOf("a = f" + string.Concat(Enumerable.Repeat("(", 100_000)) + "\n");

        Assert.StartsWith("main.tf:1:100005: this \"(\" is not closed — ", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ten_thousand_templates_nested_in_strings_are_refused_at_the_65th()
    {
        var message = await FailureOf("a = " + string.Concat(Enumerable.Repeat("\"${", 10_000)) + "\n");

        Assert.StartsWith("main.tf:1:198: this template sequence is nested more than 64 levels deep — ", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_hundred_thousand_nested_blocks_are_refused_at_the_65th()
    {
        var message = await FailureOf(string.Concat(Enumerable.Repeat("b {\n", 100_000)));

        Assert.StartsWith("main.tf:65:3: this block is nested more than 64 levels deep — ", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_of_twenty_thousand_expressions_is_read()
    {
        using var temp = new TempDirectory();
        var lines = Enumerable.Range(0, 20_000).Select(i => $"  v{i} = {{ for k, v in var.m{i} : k => \"${{v}}-}}\" if v != \"{{\" }}");
        File.WriteAllText(temp.Combine("main.tf"), "locals {\n" + string.Join("\n", lines) + "\n}\nmodule \"m\" {\n  source = \"oci://r.example/m\"\n}\n");

        var module = await RootModuleReader.ReadAsync(temp.Path);

        Assert.Equal(("oci://r.example/m", 20_004), (Assert.Single(module.ModuleCalls).Source, module.ModuleCalls[0].SourceLocation.Line));
    }
}
