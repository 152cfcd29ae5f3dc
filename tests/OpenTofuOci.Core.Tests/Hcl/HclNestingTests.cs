using System.Text;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Hcl;

namespace OpenTofuOci.Core.Tests.Hcl;

/// <summary>
/// Hostile nesting: each recursive construct of both readers, 100,000 levels deep, must fail with a
/// positioned syntax error at level 65 instead of overflowing the stack (which kills the process).
/// </summary>
public sealed class HclNestingTests
{
    private const int Hostile = 100_000;

    private const string Remedy = "flatten the file: lock files and CLI configurations never nest this deep, so it is likely damaged or hostile";

    public static TheoryData<string, string, string> NativeCases => new()
    {
        { "blocks", Repeat("a {\n"), "f.hcl:65:3: this block is nested more than 64 levels deep" },
        { "lists", "x = " + Repeat("["), "f.hcl:1:69: this list is nested more than 64 levels deep" },
        { "objects", "x = " + Repeat("{a = "), "f.hcl:1:325: this object is nested more than 64 levels deep" },
        { "lists in objects", "x = " + Repeat("{a = ["), "f.hcl:1:197: this object is nested more than 64 levels deep" },
        { "objects in a block's lists", "b {\n x = " + Repeat("[{k = "), "f.hcl:2:193: this object is nested more than 64 levels deep" },
    };

    [Theory]
    [MemberData(nameof(NativeCases))]
    public void Native_syntax_nested_beyond_64_levels_is_a_positioned_syntax_error_not_a_stack_overflow(string construct, string text, string expected)
    {
        var ex = Assert.Throws<HclParseException>(() => HclParser.Parse(text, "f.hcl"));

        Assert.Equal(ErrorCode.HclSyntaxError, ex.Code);
        Assert.Equal($"{expected} — {Remedy}", ex.Message);
        Assert.NotEmpty(construct);
    }

    public static TheoryData<string, string, string> JsonCases => new()
    {
        { "arrays", "{\"x\": " + Repeat("["), "f.json:1:70: this array is nested more than 64 levels deep" },
        { "objects", Repeat("{\"a\": "), "f.json:1:385: this object is nested more than 64 levels deep" },
        { "arrays of objects", "{\"x\": " + Repeat("[{\"k\": "), "f.json:1:225: this object is nested more than 64 levels deep" },
    };

    [Theory]
    [MemberData(nameof(JsonCases))]
    public void Json_syntax_nested_beyond_64_levels_is_a_positioned_syntax_error_not_a_stack_overflow(string construct, string text, string expected)
    {
        var ex = Assert.Throws<HclParseException>(() => HclJsonReader.Parse(text, "f.json", HclJsonSchema.Empty));

        Assert.Equal(ErrorCode.HclSyntaxError, ex.Code);
        Assert.Equal($"{expected} — {Remedy}", ex.Message);
        Assert.NotEmpty(construct);
    }

    [Fact]
    public void Sixty_four_levels_of_lists_objects_and_blocks_are_still_read()
    {
        var lists = HclParser.Parse("x = " + new string('[', 64) + new string(']', 64) + "\n", "f.hcl");
        var blocks = HclParser.Parse(Repeat("a {\n", 64) + Repeat("}\n", 64), "f.hcl");
        var json = HclJsonReader.Parse(Repeat("{\"a\": ", 63) + "{}" + new string('}', 63), "f.json", HclJsonSchema.Empty);

        var depth = 0;
        for (HclExpression e = lists.Attributes[0].Value; e is HclTuple t; e = t.Items.Count > 0 ? t.Items[0] : new HclNull(t.Position))
        {
            depth++;
        }

        Assert.Equal(64, depth);
        var blockDepth = 0;
        for (var b = blocks; b.Blocks.Count > 0; b = b.Blocks[0].Body)
        {
            blockDepth++;
        }

        Assert.Equal(64, blockDepth);
        Assert.Equal("a", Assert.Single(json.Attributes).Name);
    }

    [Theory]
    [InlineData("x = " + "((((((((((", "f.hcl:1:5: expected a value, found \"(\" — use a quoted string, a number, true, false, null, a list or an object")]
    [InlineData("x = \"${${${${${${${${${${", "f.hcl:1:6: this template sequence is not closed — add the missing \"}\"")]
    public void Parentheses_and_templates_are_not_recursed_into_so_deep_ones_fail_plainly(string prefix, string expected)
    {
        var text = prefix + Repeat(prefix[4..].TrimStart('"'));

        var ex = Assert.Throws<HclParseException>(() => HclParser.Parse(text, "f.hcl"));

        Assert.Equal(expected, ex.Message);
    }

    private static string Repeat(string s, int count = Hostile) => new StringBuilder(s.Length * count).Insert(0, s, count).ToString();
}
