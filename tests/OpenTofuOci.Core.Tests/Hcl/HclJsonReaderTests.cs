using OpenTofuOci.Core.Hcl;

namespace OpenTofuOci.Core.Tests.Hcl;

public sealed class HclJsonReaderTests
{
    private static readonly HclJsonSchema CliSchema = new(new Dictionary<string, HclJsonBlockSchema>
    {
        ["provider_installation"] = new(0, new HclJsonSchema(new Dictionary<string, HclJsonBlockSchema>
        {
            ["oci_mirror"] = new(0, HclJsonSchema.Empty),
            ["direct"] = new(0, HclJsonSchema.Empty),
        })),
        ["oci_credentials"] = new(1, HclJsonSchema.Empty),
        ["oci_default_credentials"] = new(0, HclJsonSchema.Empty),
    });

    [Fact]
    public void Blocks_arrays_of_blocks_and_labelled_blocks_map_to_the_hcl_model()
    {
        const string json = """
            {
              "plugin_cache_dir": "/cache",
              "provider_installation": {
                "oci_mirror": [
                  {"repository_template": "example.com/${namespace}/${type}", "include": ["a/*/*"]},
                  {"repository_template": "example.net/x/y", "exclude": []}
                ],
                "direct": {}
              },
              "oci_credentials": {
                "example.com": {"username": "u", "password": "p"},
                "example.net/foo": [{"access_token": "a"}]
              }
            }
            """;
        var body = HclJsonReader.Parse(json.Replace("\r\n", "\n", StringComparison.Ordinal), "c.tfrc.json", CliSchema);

        Assert.Equal(["plugin_cache_dir", "provider_installation", "oci_credentials", "oci_credentials"], body.Items.Select(i => i.Name));
        var cache = Assert.IsType<HclString>(body.Attributes[0].Value);
        Assert.Equal(("/cache", false), (cache.Value, cache.IsTemplate));
        var pi = body.Blocks[0];
        Assert.Equal(new HclPosition("c.tfrc.json", 3, 3), pi.Position);
        Assert.Equal(["oci_mirror", "oci_mirror", "direct"], pi.Body.Blocks.Select(b => b.Type));
        Assert.Equal(new HclPosition("c.tfrc.json", 5, 7), pi.Body.Blocks[0].Position);
        Assert.Equal(new HclPosition("c.tfrc.json", 6, 7), pi.Body.Blocks[1].Position);
        var template = Assert.IsType<HclString>(pi.Body.Blocks[0].Body.Attribute("repository_template")!.Value);
        Assert.Equal(("example.com/${namespace}/${type}", true), (template.Value, template.IsTemplate));
        var include = Assert.IsType<HclTuple>(pi.Body.Blocks[0].Body.Attribute("include")!.Value);
        Assert.Equal("a/*/*", Assert.IsType<HclString>(Assert.Single(include.Items)).Value);
        Assert.Empty(Assert.IsType<HclTuple>(pi.Body.Blocks[1].Body.Attribute("exclude")!.Value).Items);
        Assert.Equal(["example.com"], body.Blocks[1].Labels);
        Assert.Equal(new HclPosition("c.tfrc.json", 11, 5), body.Blocks[1].Position);
        Assert.Equal(["username", "password"], body.Blocks[1].Body.Attributes.Select(a => a.Name));
        Assert.Equal(["example.net/foo"], body.Blocks[2].Labels);
        Assert.Equal(["access_token"], body.Blocks[2].Body.Attributes.Select(a => a.Name));
    }

    [Fact]
    public void A_block_type_whose_value_is_not_an_object_becomes_an_attribute()
    {
        var body = HclJsonReader.Parse("""{"oci_default_credentials": "x", "oci_credentials": {"example.com": true}, "n": 1.5, "z": null, "b": false}""", "j.json", CliSchema);
        Assert.Empty(body.Blocks);
        Assert.Equal(["oci_default_credentials", "oci_credentials", "n", "z", "b"], body.Attributes.Select(a => a.Name));
        Assert.IsType<HclString>(body.Attributes[0].Value);
        Assert.IsType<HclBool>(body.Attributes[1].Value);
        Assert.Equal(1.5, Assert.IsType<HclNumber>(body.Attributes[2].Value).Value);
        Assert.IsType<HclNull>(body.Attributes[3].Value);
        Assert.False(Assert.IsType<HclBool>(body.Attributes[4].Value).Value);
    }

    [Fact]
    public void Json_escapes_are_decoded() =>
        Assert.Equal("a\"\\/\b\f\n\r\té",
            Assert.IsType<HclString>(HclJsonReader.Parse("""{"s": "a\"\\\/\b\f\n\r\t\u00e9"}""", "j.json", HclJsonSchema.Empty).Attributes[0].Value).Value);

    [Theory]
    [InlineData("", "j.json:1:1: expected a JSON object at the top level, found the end of the file — wrap the settings in { … }")]
    [InlineData("[1]", "j.json:1:1: expected a JSON object at the top level, found \"[\" — wrap the settings in { … }")]
    [InlineData("{} x", "j.json:1:4: unexpected \"x\" after the top-level object — remove it; a JSON file holds one object")]
    [InlineData("{\n  a: 1}", "j.json:2:3: expected a quoted property name, found \"a\" — quote property names with double quotes")]
    [InlineData("{\"a\" 1}", "j.json:1:6: expected \":\" after the property name, found \"1\" — write \"name\": value")]
    [InlineData("{\"a\": 1 \"b\": 2}", "j.json:1:9: expected \",\" or \"}\" after the property, found \"\"\" — separate properties with commas")]
    [InlineData("{\"a\": [1 2]}", "j.json:1:10: expected \",\" or \"]\" in the array, found \"2\" — separate array items with commas")]
    [InlineData("{\"a\": [1,", "j.json:1:7: this array is not closed — add the missing \"]\"")]
    [InlineData("{\"a\": 1", "j.json:1:1: this object is not closed — add the missing \"}\"")]
    [InlineData("{\"a\": \"x", "j.json:1:7: this string is not closed — add the closing \"")]
    [InlineData("{\"a\": \"x\\q\"}", "j.json:1:9: invalid escape sequence \"\\q\" — use \\\", \\\\, \\/, \\b, \\f, \\n, \\r, \\t or \\uNNNN")]
    [InlineData("{\"a\": \"\\u00\"}", "j.json:1:8: \\u needs 4 hexadecimal digits — write it like \\u00e9")]
    [InlineData("{\"a\": \"x\ny\"}", "j.json:1:9: a line break is not allowed inside a JSON string — escape it, e.g. \\n or \\t")]
    [InlineData("{\"a\": tru}", "j.json:1:7: expected a JSON value, found \"t\" — use a quoted string, a number, true, false, null, an array or an object")]
    [InlineData("{\"a\": 1.2.3}", "j.json:1:7: \"1.2.3\" is not a valid number — write numbers like 42, 1.5 or 2e10")]
    [InlineData("{\"a\": -x}", "j.json:1:7: a minus sign must be followed by digits — write a number like -1")]
    public void Json_errors_name_line_and_column(string json, string message) =>
        Assert.Equal(message, Assert.Throws<HclParseException>(() => HclJsonReader.Parse(json, "j.json", HclJsonSchema.Empty)).Message);
}
