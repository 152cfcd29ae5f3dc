using OpenTofuOci.Core.Hcl;

namespace OpenTofuOci.Core.Tests.RootModules;

/// <summary>The tolerant configuration mode of the HCL reader (docs/opentofu-compatibility.md §11).</summary>
public sealed class ConfigurationSyntaxTests
{
    private static HclExpression Value(string source) =>
        Assert.Single(HclParser.ParseConfiguration("a = " + source + "\nb = \"after\"\n", "main.tf").Attributes, x => x.Name == "a").Value;

    private static string Show(HclExpression e) => e switch
    {
        HclRawExpression r => "R(" + r.Text + ")",
        HclString s => (s.IsTemplate ? "T" : "S") + "(" + s.Value + ")",
        HclNumber n => $"N({n.Text})",
        HclBool b => b.Value ? "true" : "false",
        HclNull => "null",
        HclTuple t => "[" + string.Join(",", t.Items.Select(Show)) + "]",
        HclObject o => "{" + string.Join(",", o.Items.Select(i => i.Key + "=" + Show(i.Value))) + "}",
        _ => throw new InvalidOperationException(),
    };

    [Theory]
    [InlineData("\"plain\"", "S(plain)")]
    [InlineData("\"a\\\"b\"", "S(a\"b)")]
    [InlineData("42", "N(42)")]
    [InlineData("-1.5", "N(-1.5)")]
    [InlineData("true", "true")]
    [InlineData("null", "null")]
    [InlineData("[1, \"x\"]", "[N(1),S(x)]")]
    [InlineData("{ source = \"hashicorp/aws\", version = \"~> 5.0\" }", "{source=S(hashicorp/aws),version=S(~> 5.0)}")]
    [InlineData("{ source = \"a/b\", configuration_aliases = [aws.west, aws.east] }", "{source=S(a/b),configuration_aliases=[R(aws.west),R(aws.east)]}")]
    [InlineData("{\n  x = var.a # note\n  y = \"lit\"\n}", "{x=R(var.a),y=S(lit)}")]
    [InlineData("var.x", "R(var.x)")]
    [InlineData("var.x # trailing comment", "R(var.x)")]
    [InlineData("var.x // trailing comment", "R(var.x)")]
    [InlineData("\"app-${var.env}\"", "R(\"app-${var.env}\")")]
    [InlineData("\"$${literal}\"", "R(\"$${literal}\")")]
    [InlineData("\"${ \"}\" }\"", "R(\"${ \"}\" }\")")]
    [InlineData("\"a ${ \"b ${ \"}\" } c\" } d\"", "R(\"a ${ \"b ${ \"}\" } c\" } d\")")]
    [InlineData("\"%{ for n in var.names }${n},%{ endfor }\"", "R(\"%{ for n in var.names }${n},%{ endfor }\")")]
    [InlineData("var.on ? \"a\" : \"b\"", "R(var.on ? \"a\" : \"b\")")]
    [InlineData("true ? 1 : 2", "R(true ? 1 : 2)")]
    [InlineData("\"a\" == var.b", "R(\"a\" == var.b)")]
    [InlineData("1 + 2 * 3", "R(1 + 2 * 3)")]
    [InlineData("!var.x", "R(!var.x)")]
    [InlineData("-var.x", "R(-var.x)")]
    [InlineData("[for x in var.xs : upper(x) if x != \"\"]", "R([for x in var.xs : upper(x) if x != \"\"])")]
    [InlineData("{ for k, v in var.m : k => v... }", "R({ for k, v in var.m : k => v... })")]
    [InlineData("{ (var.k) = 1 }", "R({ (var.k) = 1 })")]
    [InlineData("{ \"${var.k}\" = 1 }", "R({ \"${var.k}\" = 1 })")]
    [InlineData("{ a = 1 }[\"a\"]", "R({ a = 1 }[\"a\"])")]
    [InlineData("[1, 2][0]", "R([1, 2][0])")]
    [InlineData("aws_instance.web[*].id", "R(aws_instance.web[*].id)")]
    [InlineData("aws_instance.web.*.id", "R(aws_instance.web.*.id)")]
    [InlineData("lookup(var.m, \"k\", \")\")", "R(lookup(var.m, \"k\", \")\"))")]
    [InlineData("merge(\n  var.a, # a comment ) ]\n  { b = 2 },\n)", "R(merge(\n  var.a, # a comment ) ]\n  { b = 2 },\n))")]
    [InlineData("f(/* } */ 1)", "R(f(/* } */ 1))")]
    [InlineData("var.c ? {\n  a = 1\n} : null", "R(var.c ? {\n  a = 1\n} : null)")]
    [InlineData("<<EOT\nplain } ]\nEOT", "S(plain } ]\n)")]
    [InlineData("<<-EOT\n  x ${var.y} } ]\n  EOT", "R(<<-EOT\n  x ${var.y} } ]\n  EOT)")]
    [InlineData("trimspace(<<EOT\n)\nEOT\n)", "R(trimspace(<<EOT\n)\nEOT\n))")]
    public void Each_expression_kind_is_a_literal_or_its_exact_raw_text(string source, string expected) =>
        Assert.Equal(expected, Show(Value(source)));

    [Fact]
    public void The_argument_after_any_expression_is_read_in_its_place()
    {
        var body = HclParser.ParseConfiguration(
            "locals {\n  a = \"${ \"}\" }\"\n  b = [for x in y : { k = x }]\n  c = <<EOT\n}\nEOT\n  d = \"literal\"\n}\nmodule \"m\" { source = \"./m\" }\n", "main.tf");

        var locals = body.Blocks[0].Body;
        Assert.Equal(["a", "b", "c", "d"], locals.Attributes.Select(a => a.Name));
        Assert.Equal("S(literal)", Show(locals.Attribute("d")!.Value));
        var module = body.Blocks[1];
        Assert.Equal(("module", "m"), (module.Type, module.Labels[0]));
        Assert.Equal("S(./m)", Show(module.Body.Attribute("source")!.Value));
    }

    [Fact]
    public void A_string_literal_knows_its_exact_span_with_a_byte_order_mark_and_CRLF()
    {
        const string text = "\uFEFF# c\r\nmodule \"m\" {\r\n  source = \"oci://r.example/m?tag=a\\\"b\" # after\r\n}\r\n";
        var source = HclParser.ParseConfiguration(text, "main.tf").Blocks[0].Body.Attribute("source")!.Value;

        var span = Assert.NotNull(source.Span);
        Assert.Equal("\"oci://r.example/m?tag=a\\\"b\"", text.Substring(span.Offset, span.Length));
        Assert.Equal(new HclPosition("main.tf", 3, 12), source.Position);
    }

    [Fact]
    public void A_JSON_string_knows_its_exact_span()
    {
        const string text = "\uFEFF{\"module\": {\"m\": {\"source\": \"oci://r.example/m\\u002fx\"}}}";
        var schema = new HclJsonSchema(new Dictionary<string, HclJsonBlockSchema> { ["module"] = new(1, HclJsonSchema.Empty) });
        var source = HclJsonReader.Parse(text, "main.tf.json", schema).Blocks[0].Body.Attribute("source")!.Value;

        var span = Assert.NotNull(source.Span);
        Assert.Equal("\"oci://r.example/m\\u002fx\"", text.Substring(span.Offset, span.Length));
        Assert.Equal("oci://r.example/m/x", ((HclString)source).Value);
    }

    [Theory]
    [InlineData("module \"m\" {\n  source = \"./m\"\n", "main.tf:1:12", "this block is not closed")]
    [InlineData("locals {\n  a = f(1,\n    2\n}\n", "main.tf:4:1", "unexpected \"}\": the \"(\" at 2:8 is still open")]
    [InlineData("locals {\n  a = f(1, [2, 3)\n}\n", "main.tf:2:17", "unexpected \")\": the \"[\" at 2:12 is still open")]
    [InlineData("a = f(1, 2\n", "main.tf:1:6", "this \"(\" is not closed")]
    [InlineData("a = \"x ${ \"y\" \n", "main.tf:1:8", "this template sequence is not closed")]
    [InlineData("a = \"x ${ y\"\n", "main.tf:1:12", "this string is not closed")]
    [InlineData("a = <<EOT\nno end\n", "main.tf:1:5", "this heredoc is not closed")]
    [InlineData("a = var.x ]\n", "main.tf:1:11", "unexpected \"]\" after the argument")]
    [InlineData("a = /* open\n", "main.tf:1:5", "this comment is not closed")]
    [InlineData("a =\n", "main.tf:1:4", "expected a value, found a line break")]
    public void Broken_structure_is_an_error_at_the_exact_place(string text, string at, string problem)
    {
        var ex = Assert.Throws<HclParseException>(() => HclParser.ParseConfiguration(text, "main.tf"));

        Assert.Equal((at, problem), (ex.Position.ToString(), ex.Problem));
    }

    [Fact]
    public void The_literal_reader_still_refuses_expressions()
    {
        var ex = Assert.Throws<HclParseException>(() => HclParser.Parse("a = var.x\n", "cli.tfrc"));

        Assert.Equal("unsupported expression \"var.x\": only literal values are allowed here", ex.Problem);
    }
}
