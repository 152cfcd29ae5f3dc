using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Hcl;

namespace OpenTofuOci.Core.Tests.Hcl;

public sealed class HclParserTests
{
    private static HclExpression Value(string source) => Assert.Single(HclParser.Parse("a = " + source + "\n", "t.hcl").Attributes).Value;

    /// <summary>A compact rendering of an expression so a table row states the exact value.</summary>
    private static string Show(HclExpression e) => e switch
    {
        HclString s => (s.IsTemplate ? "T" : "S") + "(" + s.Value + ")",
        HclNumber n => $"N({n.Text}={n.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)})",
        HclBool b => b.Value ? "true" : "false",
        HclNull => "null",
        HclTuple t => "[" + string.Join(",", t.Items.Select(Show)) + "]",
        HclObject o => "{" + string.Join(",", o.Items.Select(i => i.Key + "=" + Show(i.Value))) + "}",
        _ => throw new InvalidOperationException(),
    };

    [Theory]
    [InlineData("\"plain\"", "S(plain)")]
    [InlineData("\"\"", "S()")]
    [InlineData("\"a\\nb\\tc\\\"d\\\\e\\r\"", "S(a\nb\tc\"d\\e\r)")]
    [InlineData("\"\\u00e9\\U0001F600\"", "S(é😀)")]
    [InlineData("\"example.com/${namespace}/${type}\"", "T(example.com/${namespace}/${type})")]
    [InlineData("\"$${literal}\"", "T($${literal})")]
    [InlineData("\"%%{literal}\"", "T(%%{literal})")]
    [InlineData("\"%{ if x }y%{ endif }\"", "T(%{ if x }y%{ endif })")]
    [InlineData("\"${ {\"example.com\": \"okay\"}[hostname] }\"", "T(${ {\"example.com\": \"okay\"}[hostname] })")]
    [InlineData("\"a\\\\${x}\\n\"", "T(a\\${x}\n)")]
    [InlineData("\"100% {x}\"", "S(100% {x})")]
    [InlineData("\"$ {x}\"", "S($ {x})")]
    [InlineData("42", "N(42=42)")]
    [InlineData("-1.5", "N(-1.5=-1.5)")]
    [InlineData("2e3", "N(2e3=2000)")]
    [InlineData("1.25E-2", "N(1.25E-2=0.0125)")]
    [InlineData("true", "true")]
    [InlineData("false", "false")]
    [InlineData("null", "null")]
    [InlineData("[]", "[]")]
    [InlineData("[1, \"two\", true]", "[N(1=1),S(two),true]")]
    [InlineData("[\n  \"a\",\n  \"b\",\n]", "[S(a),S(b)]")]
    [InlineData("[[1], {k = 2}]", "[[N(1=1)],{k=N(2=2)}]")]
    [InlineData("{}", "{}")]
    [InlineData("{ k = \"v\", \"k2\": 2 }", "{k=S(v),k2=N(2=2)}")]
    [InlineData("{\n  a = 1\n  b = [2]\n}", "{a=N(1=1),b=[N(2=2)]}")]
    [InlineData("{ a = 1, }", "{a=N(1=1)}")]
    public void Literal_values_have_exact_values(string source, string expected) =>
        Assert.Equal(expected, Show(Value(source)));

    [Theory]
    [InlineData("<<EOT\nFoo\n  Bar\nEOT", "S(Foo\n  Bar\n)")]
    [InlineData("<<EOT\n    Foo\n    Bar\n    EOT", "S(    Foo\n    Bar\n)")]
    [InlineData("<<-EOT\n    Foo\n      Bar\n    Baz\n    EOT", "S(Foo\n  Bar\nBaz\n)")]
    [InlineData("<<-EOT\n    Foo\n\n    Bar\n  EOT", "S(Foo\n\nBar\n)")]
    [InlineData("<<-EOT\n  Foo\nBar\n  EOT", "S(  Foo\nBar\n)")]
    [InlineData("<<EOT\nx ${y}\nEOT", "T(x ${y}\n)")]
    [InlineData("<<EOT\nno \\n escapes\nEOT", "S(no \\n escapes\n)")]
    [InlineData("<<EOT\nEOT", "S()")]
    public void Heredocs_keep_or_strip_indentation(string source, string expected) =>
        Assert.Equal(expected, Show(Value(source)));

    [Fact]
    public void Blocks_labels_attributes_and_comments_are_read_in_order()
    {
        const string text = """
            # hash comment
            // slash comment
            /* block
               comment */ top = 1
            provider_installation {
              oci_mirror {
                repository_template = "example.com/${namespace}/${type}" # trailing
                include             = ["registry.opentofu.org/*/*"]
              }
              direct {}
            }
            oci_credentials "example.com" label2 { username = "u" }
            empty {
            }
            """;
        var body = HclParser.Parse(text.Replace("\r\n", "\n", StringComparison.Ordinal), "cfg.tfrc");

        Assert.Equal(["top", "provider_installation", "oci_credentials", "empty"], body.Items.Select(i => i.Name));
        Assert.Equal(new HclPosition("cfg.tfrc", 4, 15), body.Items[0].Position);
        var pi = body.Blocks[0];
        Assert.Equal(new HclPosition("cfg.tfrc", 5, 1), pi.Position);
        Assert.Empty(pi.Labels);
        Assert.Equal(["oci_mirror", "direct"], pi.Body.Blocks.Select(b => b.Type));
        var mirror = pi.Body.Blocks[0];
        Assert.Equal(new HclPosition("cfg.tfrc", 6, 3), mirror.Position);
        var template = mirror.Body.Attribute("repository_template")!;
        Assert.Equal(new HclPosition("cfg.tfrc", 7, 5), template.Position);
        Assert.Equal(new HclPosition("cfg.tfrc", 7, 27), template.Value.Position);
        Assert.Equal("T(example.com/${namespace}/${type})", Show(template.Value));
        Assert.Equal("[S(registry.opentofu.org/*/*)]", Show(mirror.Body.Attribute("include")!.Value));
        Assert.Null(mirror.Body.Attribute("exclude"));
        Assert.Empty(pi.Body.Blocks[1].Body.Items);
        var creds = body.Blocks[1];
        Assert.Equal(["example.com", "label2"], creds.Labels);
        Assert.Equal("S(u)", Show(creds.Body.Attribute("username")!.Value));
        Assert.Empty(body.Blocks[2].Body.Items);
    }

    [Fact]
    public void Crlf_line_endings_and_a_byte_order_mark_are_accepted()
    {
        var body = HclParser.Parse("\uFEFFa = \"x\"\r\nb {\r\n  c = [\r\n    1,\r\n  ]\r\n}\r\n", "w.hcl");
        Assert.Equal("S(x)", Show(body.Attributes[0].Value));
        Assert.Equal("[N(1=1)]", Show(body.Blocks[0].Body.Attributes[0].Value));
        Assert.Equal(new HclPosition("w.hcl", 3, 3), body.Blocks[0].Body.Attributes[0].Position);
    }

    [Fact]
    public void Quoted_argument_names_are_accepted_as_hcl1_does()
    {
        var attribute = Assert.Single(HclParser.Parse("\"example.com/a/b\" = \"/x\"\n", "q.hcl").Attributes);
        Assert.Equal(("example.com/a/b", "S(/x)", new HclPosition("q.hcl", 1, 1)), (attribute.Name, Show(attribute.Value), attribute.Position));
    }

    [Fact]
    public void An_empty_file_is_an_empty_body() =>
        Assert.Empty(HclParser.Parse("  # nothing\n\n", "e.hcl").Items);

    [Theory]
    [InlineData("a = \"abc\n", "f.hcl:1:5: this string is not closed — add the closing \" on the same line (use \\n for a line break)")]
    [InlineData("a = \"x\\q\"\n", "f.hcl:1:7: invalid escape sequence \"\\q\" — use \\n, \\r, \\t, \\\", \\\\, \\uNNNN or \\UNNNNNNNN (write \\\\ for a backslash)")]
    [InlineData("a = \"\\u12\"\n", "f.hcl:1:6: the escape sequence needs 4 hexadecimal digits — write it like \\u00e9")]
    [InlineData("a = \"\\UFFFFFFFF\"\n", "f.hcl:1:6: the escape sequence is not a valid Unicode code point — use a code point up to 10FFFF that is not a surrogate")]
    [InlineData("a = \"${x\"\n", "f.hcl:1:6: a string inside this template sequence is not closed — add the missing quote")]
    [InlineData("a = \"${x", "f.hcl:1:6: this template sequence is not closed — add the missing \"}\"")]
    [InlineData("a = var.region\n", "f.hcl:1:5: unsupported expression \"var.region\": only literal values are allowed here — use a quoted string, a number, true, false, null, a list or an object (quote the value if it is text)")]
    [InlineData("a = [upper(\"x\"), 2]\n", "f.hcl:1:6: unsupported expression \"upper(\"x\")\": only literal values are allowed here — use a quoted string, a number, true, false, null, a list or an object (quote the value if it is text)")]
    [InlineData("a = 1 + 2\n", "f.hcl:1:7: unexpected \"+\" after the argument — only literal values are supported here, not operators or expressions")]
    [InlineData("a = 1 b = 2\n", "f.hcl:1:7: unexpected \"b\" after the argument — put each argument on its own line")]
    [InlineData("a =\n1\n", "f.hcl:1:4: expected a value, found a line break — write the value on the same line as the \"=\"")]
    [InlineData("a = \n", "f.hcl:1:5: expected a value, found a line break — write the value on the same line as the \"=\"")]
    [InlineData("a = )\n", "f.hcl:1:5: expected a value, found \")\" — use a quoted string, a number, true, false, null, a list or an object")]
    [InlineData("a = [1 2]\n", "f.hcl:1:8: expected \",\" or \"]\" in the list, found \"2\" — separate list items with commas")]
    [InlineData("a = [1,\n", "f.hcl:1:5: this list is not closed — add the missing \"]\"")]
    [InlineData("a = { k 1 }\n", "f.hcl:1:9: expected \"=\" or \":\" after the object key, found \"1\" — write each object item as key = value")]
    [InlineData("a = { k = 1 j = 2 }\n", "f.hcl:1:13: expected \",\", a line break or \"}\" after the object item, found \"j\" — separate object items with commas or line breaks")]
    [InlineData("a = { [1] = 2 }\n", "f.hcl:1:7: expected an object key, found \"[\" — write keys as names or quoted strings")]
    [InlineData("a = {\n", "f.hcl:1:5: this object is not closed — add the missing \"}\"")]
    [InlineData("a = { \"${k}\" = 1 }\n", "f.hcl:1:7: an object key cannot contain a template sequence (\"${\" or \"%{\") — write the key as plain text")]
    [InlineData("b {\n  c = 1\n", "f.hcl:1:3: this block is not closed — add the missing \"}\"")]
    [InlineData("}\n", "f.hcl:1:1: unexpected \"}\" — remove it, or add the block it should close")]
    [InlineData("b \"x\" 5 {}\n", "f.hcl:1:7: expected \"=\" or \"{\" after \"b\", found \"5\" — write \"b = value\" for an argument or \"b { … }\" for a block")]
    [InlineData("b \"${x}\" {}\n", "f.hcl:1:3: a block label cannot contain a template sequence (\"${\" or \"%{\") — write the label as plain text")]
    [InlineData("b {} c {}\n", "f.hcl:1:6: unexpected \"c\" after the block — put each block on its own line")]
    [InlineData("\n  = 1\n", "f.hcl:2:3: expected an argument name or block type, found \"=\" — start each line with a name followed by \"=\" and a value, or a block type followed by \"{\"")]
    [InlineData("a = 1\nb = 2\na = 3\n", "f.hcl:3:1: the argument \"a\" was already set at 1:1 — remove one of the two definitions")]
    [InlineData("\"q\" {}\n", "f.hcl:1:5: expected \"=\" after the quoted argument name, found \"{\" — write \"name\" = value, or give a block type as a plain name")]
    [InlineData("\"a\" = 1\na = 2\n", "f.hcl:2:1: the argument \"a\" was already set at 1:1 — remove one of the two definitions")]
    [InlineData("/* open\n", "f.hcl:1:1: this comment is not closed — add the missing \"*/\"")]
    [InlineData("a = <<EOT\nx\n", "f.hcl:1:5: this heredoc is not closed — add a line containing only EOT")]
    [InlineData("a = <<EOT x\nEOT\n", "f.hcl:1:10: expected a line break after the heredoc delimiter \"EOT\", found \" \" — start the heredoc's text on the next line")]
    [InlineData("a = << EOT\n", "f.hcl:1:5: a heredoc needs a delimiter name right after \"<<\" or \"<<-\" — write it like <<EOT")]
    [InlineData("a = 1e\n", "f.hcl:1:6: the exponent of this number has no digits — write it like 1e5 or 2.5E-3")]
    public void Errors_name_file_line_column_problem_and_remedy(string text, string message)
    {
        var ex = Assert.Throws<HclParseException>(() => HclParser.Parse(text, "f.hcl"));
        Assert.Equal(message, ex.Message);
        Assert.Equal(ErrorIds.HclSyntaxError, ex.ErrorId);
        Assert.Equal(ErrorKind.InvalidData, ex.Kind);
        Assert.Equal("f.hcl", ex.Target);
    }

    [Fact]
    public void Error_positions_count_lines_inside_blocks()
    {
        var ex = Assert.Throws<HclParseException>(() => HclParser.Parse("outer {\n  inner {\n    x = foo\n  }\n}\n", "p.hcl"));
        Assert.Equal(new HclPosition("p.hcl", 3, 9), ex.Position);
        Assert.Equal("unsupported expression \"foo\": only literal values are allowed here", ex.Problem);
    }
}
