using OpenTofuOci.Core.Hcl;

namespace OpenTofuOci.Core.Tests.Hcl;

public sealed class HclTextTests
{
    [Theory]
    [InlineData("h1:abc+/=", "\"h1:abc+/=\"")]
    [InlineData("a\"b\\c\nd\re\tf", "\"a\\\"b\\\\c\\nd\\re\\tf\"")]
    [InlineData("${x} %{y} $x", "\"$${x} %%{y} $x\"")]
    [InlineData("\u0001é", "\"\\u0001é\"")]
    public void Quote_escapes_like_hclwrite(string value, string expected) => Assert.Equal(expected, HclText.Quote(value));

    [Theory]
    [InlineData("plain")]
    [InlineData("a\"b\\c\nd\te")]
    [InlineData("\u0001é😀")]
    public void Quoted_text_reads_back_to_the_same_value(string value)
    {
        var parsed = Assert.IsType<HclString>(HclParser.Parse("a = " + HclText.Quote(value) + "\n", "q.hcl").Attributes[0].Value);
        Assert.Equal((value, false), (parsed.Value, parsed.IsTemplate));
    }
}
