using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Providers;

namespace OpenTofuOci.Core.Tests.Providers;

/// <summary>repository_template parsing, validation and mapping (docs/opentofu-compatibility.md §6, §8.29–8.31).</summary>
public sealed class RepositoryTemplateTests
{
    private const string HostnameRule = "template must refer to the \"hostname\" symbol unless the \"include\" argument selects exactly one registry hostname.";
    private const string NamespaceRule = "template must refer to the \"namespace\" symbol unless the \"include\" argument selects exactly one provider namespace.";
    private const string TypeRule = "template must refer to the \"type\" symbol unless the \"include\" argument selects exactly one provider.";
    private const string AddressRule = "template must generate a valid OCI repository address, including a registry hostname followed by a slash and then a repository name.";

    private static readonly ProviderAddress Foo = ProviderAddress.Parse("registry.opentofu.org/opentofu/foo");

    // OpenTofu's own expectations for provider registry.opentofu.org/opentofu/foo.
    [Theory]
    [InlineData("example.com/${hostname}/${namespace}/${type}", null, "example.com", "registry.opentofu.org/opentofu/foo")]
    [InlineData("example.net/opentofu-registry/${namespace}/${type}", "registry.opentofu.org/*/*", "example.net", "opentofu-registry/opentofu/foo")]
    [InlineData("example.net/opentofu-registry/opentofu-namespace/${type}", "registry.opentofu.org/opentofu/*", "example.net", "opentofu-registry/opentofu-namespace/foo")]
    [InlineData("example.net/opentofu-registry/opentofu-namespace/foo-type", "registry.opentofu.org/opentofu/foo", "example.net", "opentofu-registry/opentofu-namespace/foo-type")]
    [InlineData("example.com/${ hostname }/${\tnamespace\n}/${type}", null, "example.com", "registry.opentofu.org/opentofu/foo")]
    [InlineData("example.com/x/${~ hostname ~} /  ${~namespace}/${type}", null, "example.com", "x/registry.opentofu.org/opentofu/foo")]
    [InlineData("localhost:5000/${hostname}/${namespace}_${type}", null, "localhost:5000", "registry.opentofu.org/opentofu_foo")]
    public void Maps_providers_like_OpenTofu(string text, string? include, string registry, string repository)
    {
        var template = RepositoryTemplate.Parse(text, include is null ? null : [ProviderPattern.Parse(include)]);
        Assert.Equal((registry, repository), template.Map(Foo));
    }

    [Theory]
    [InlineData("example.com/${namespace}/${type}", HostnameRule)]
    [InlineData("example.com/${hostname}/${type}", NamespaceRule)]
    [InlineData("example.com/${hostname}/${namespace}", TypeRule)]
    [InlineData("example.com/fixed", HostnameRule + " " + NamespaceRule + " " + TypeRule)]
    public void Without_include_every_symbol_is_required(string text, string expected)
    {
        var ex = Assert.Throws<TofuOciException>(() => RepositoryTemplate.Parse(text));
        Assert.Equal(ErrorIds.InvalidRepositoryTemplate, ex.ErrorId);
        Assert.Equal($"Invalid oci_mirror repository template \"{text}\": {expected}", ex.Message);
    }

    [Theory]
    [InlineData("example.com/${namespace}/${type}", new[] { "*/*/*" }, HostnameRule)]
    [InlineData("example.com/${namespace}/${type}", new[] { "a.example/*/*", "b.example/*/*" }, HostnameRule)]
    [InlineData("example.com/${type}", new[] { "example.com/a/*", "example.com/b/*" }, NamespaceRule)]
    [InlineData("example.com/${namespace}", new[] { "example.com/a/x", "example.com/a/y" }, TypeRule)]
    public void Include_that_does_not_pin_one_value_still_needs_the_symbol(string text, string[] include, string expected)
    {
        var ex = Assert.Throws<TofuOciException>(() => RepositoryTemplate.Parse(text, ProviderPattern.ParseAll(include)));
        Assert.Equal($"Invalid oci_mirror repository template \"{text}\": {expected}", ex.Message);
    }

    [Fact]
    public void Wildcards_are_ignored_in_the_exactly_one_check_like_OpenTofu()
    {
        // §8.29: two include patterns, yet the template may omit namespace and type.
        var t = RepositoryTemplate.Parse("example.com/mirror/fixed", ProviderPattern.ParseAll(["example.com/*/*", "example.com/foo/bar"]));
        Assert.Equal(("example.com", "mirror/fixed"), t.Map(ProviderAddress.Parse("example.com/other/thing")));
        Assert.Empty(t.Symbols);
    }

    [Fact]
    public void Two_segment_include_pins_the_default_host()
    {
        var t = RepositoryTemplate.Parse("example.com/${namespace}/${type}", [ProviderPattern.Parse("hashicorp/*")]);
        Assert.Equal(("example.com", "hashicorp/aws"), t.Map(ProviderAddress.Parse("hashicorp/aws")));
    }

    [Theory]
    [InlineData("example.com/${foo}/${hostname}/${namespace}/${type}", "the symbol \"foo\" is not available for an OCI mirror repository address template. Only \"hostname\", \"namespace\", and \"type\" are available.")]
    [InlineData("example.com/${a}/${b}", "the symbol \"a\" is not available for an OCI mirror repository address template. Only \"hostname\", \"namespace\", and \"type\" are available. the symbol \"b\" is not available for an OCI mirror repository address template. Only \"hostname\", \"namespace\", and \"type\" are available.")]
    [InlineData("example.com/${Type}/${hostname}/${namespace}/${type}", "the symbol \"Type\" is not available")]
    public void Unknown_symbols_are_all_reported(string text, string expected)
    {
        var ex = Assert.Throws<TofuOciException>(() => RepositoryTemplate.Parse(text));
        Assert.Equal(ErrorIds.InvalidRepositoryTemplate, ex.ErrorId);
        Assert.StartsWith($"Invalid oci_mirror repository template \"{text}\": {expected}", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("example.com/${hostname[1]}/${namespace}/${type}", "\"${hostname[1]}\" is")]
    [InlineData("example.com/${upper(type)}/${hostname}/${namespace}", "\"${upper(type)}\" is")]
    [InlineData("example.com/${hostname + 1}/${namespace}/${type}", "\"${hostname + 1}\" is")]
    [InlineData("example.com/%{ if true }x%{ endif }/${hostname}/${namespace}/${type}", "\"%{ if true }\", \"%{ endif }\" are")]
    [InlineData("example.com/${ {\"example.com\": \"okay\"}[hostname] }/${namespace}/${type}", "\"${ {\"example.com\": \"okay\"}[hostname] }\" is")]
    [InlineData("example.com/${\"}\"}/${hostname}/${namespace}/${type}", "\"${\"}\"}\" is")]
    public void Other_expressions_are_unsupported_and_named(string text, string expected)
    {
        var ex = Assert.Throws<TofuOciException>(() => RepositoryTemplate.Parse(text));
        Assert.Equal(ErrorIds.UnsupportedTemplateExpression, ex.ErrorId);
        Assert.Equal(ErrorKind.InvalidArgument, ex.Kind);
        Assert.Contains(expected + " not supported in repository_template.", ex.Message, StringComparison.Ordinal);
        Assert.Contains("${hostname}, ${namespace} and ${type}", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("example.com/${hostname/${namespace}/${type}", "has no matching \"}\"")]
    [InlineData("example.com/${}/${hostname}/${namespace}/${type}", "\"${}\" is empty")]
    [InlineData("", "\"repository_template\" argument is required")]
    public void Syntax_errors_are_invalid_templates(string text, string expected)
    {
        var ex = Assert.Throws<TofuOciException>(() => RepositoryTemplate.Parse(text));
        Assert.Equal(ErrorIds.InvalidRepositoryTemplate, ex.ErrorId);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Escapes_give_literal_sequences()
    {
        // The escapes survive as literal text; "${" cannot be in a repository name, so the result is refused,
        // which shows the escape was not read as an interpolation (no unknown-symbol error).
        var ex = Assert.Throws<TofuOciException>(() => RepositoryTemplate.Parse("example.com/$${x}/${hostname}/${namespace}/${type}"));
        Assert.Contains("gives \"example.com/${x}/example.com/example-namespace/example-type\"", ex.Message, StringComparison.Ordinal);
        ex = Assert.Throws<TofuOciException>(() => RepositoryTemplate.Parse("example.com/%%{x}/${hostname}/${namespace}/${type}"));
        Assert.Contains("gives \"example.com/%{x}/example.com/example-namespace/example-type\"", ex.Message, StringComparison.Ordinal);
        var ok = RepositoryTemplate.Parse("example.com/a$b%c/${hostname}/${namespace}/${type}".Replace("$b%c", "-b", StringComparison.Ordinal));
        Assert.Equal(("example.com", "a-b/registry.opentofu.org/opentofu/foo"), ok.Map(Foo));
    }

    [Theory]
    [InlineData("${hostname}${namespace}${type}", "has no slash")]
    [InlineData("example.com", "has no slash")]
    [InlineData("example.com/${hostname}:${namespace}/${type}", "artifact tag or digest not allowed")]
    [InlineData("exa mple.com/${hostname}/${namespace}/${type}", "invalid registry \"exa mple.com\"")]
    [InlineData("example.com/${hostname}/${namespace}/${type}/UPPER", "invalid repository \"example.com/example-namespace/example-type/UPPER\"")]
    [InlineData("example.com/", "has no slash")]
    public void Results_must_be_a_registry_and_repository(string text, string expected)
    {
        var include = text.Contains("${", StringComparison.Ordinal) ? null : new[] { ProviderPattern.Parse("example.com/foo/bar") };
        var ex = Assert.Throws<TofuOciException>(() => RepositoryTemplate.Parse(text, include));
        Assert.Equal(ErrorIds.InvalidRepositoryTemplate, ex.ErrorId);
        Assert.Contains(AddressRule, ex.Message, StringComparison.Ordinal);
        if (text != "example.com/")
        {
            Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Providers_OCI_cannot_name_fail_at_mapping_with_advice()
    {
        var t = RepositoryTemplate.Parse("example.org/${hostname}/${namespace}/${type}");
        var ex = Assert.Throws<TofuOciException>(() => t.Map(ProviderAddress.Parse("example.com/ほげ/ふが")));
        Assert.Equal(ErrorIds.InvalidRepositoryAddress, ex.ErrorId);
        Assert.Equal("example.com/ほげ/ふが", ex.Target);
        Assert.Contains("Provider example.com/ほげ/ふが cannot be mapped", ex.Message, StringComparison.Ordinal);
        Assert.Contains("gives \"example.org/example.com/ほげ/ふが\"", ex.Message, StringComparison.Ordinal);
        Assert.Contains("invalid repository \"example.com/ほげ/ふが\"", ex.Message, StringComparison.Ordinal);
        Assert.Contains("fixed repository name, e.g. \"example.org/opentofu-providers/my-provider\"", ex.Message, StringComparison.Ordinal);

        var port = Assert.Throws<TofuOciException>(() => t.Map(ProviderAddress.Parse("example.com:8443/a/b")));
        Assert.Contains("artifact tag or digest not allowed", port.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("example.com/{hostname}/{namespace}/{type}", "example.com", "registry.opentofu.org/opentofu/foo")]
    [InlineData("example.com/mirror/{namespace}_{type}", "example.com", "mirror/opentofu_foo")]
    public void Uri_templates_expand_level_1(string text, string registry, string repository)
    {
        Assert.Equal((registry, repository), UriRepositoryTemplate.Parse(text).Map(Foo));
    }

    [Fact]
    public void Uri_templates_percent_encode_with_lowercase_hex()
    {
        var t = UriRepositoryTemplate.Parse("example.com/{hostname}/{namespace}/{type}");
        var ex = Assert.Throws<TofuOciException>(() => t.Map(ProviderAddress.Parse("example.com:8443/a/b")));
        Assert.Equal(ErrorIds.InvalidRepositoryAddress, ex.ErrorId);
        Assert.Contains("gives \"example.com/example.com%3a8443/a/b\"", ex.Message, StringComparison.Ordinal);
        ex = Assert.Throws<TofuOciException>(() => t.Map(ProviderAddress.Parse("example.com/ö/b")));
        Assert.Contains("gives \"example.com/example.com/%c3%b6/b\"", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("example.com/{+hostname}/{namespace}/{type}", "RFC 6570 operator")]
    [InlineData("example.com/{foo}/{namespace}/{type}", "\"{foo}\" is not available")]
    [InlineData("example.com/{hostname/{type}", "is not available")]
    [InlineData("example.com/{hostname}}", "has no matching \"{\"")]
    [InlineData("example.com/{hostname", "has no matching \"}\"")]
    [InlineData("{hostname}", "has no slash")]
    public void Invalid_uri_templates_are_refused(string text, string expected)
    {
        var ex = Assert.Throws<TofuOciException>(() => UriRepositoryTemplate.Parse(text));
        Assert.Equal(ErrorIds.InvalidRepositoryTemplate, ex.ErrorId);
        Assert.StartsWith($"Invalid OCI mirror URI template \"{text}\": ", ex.Message, StringComparison.Ordinal);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Long_invalid_repository_names_are_refused_quickly()
    {
        // Guards the repository pattern against exponential backtracking (it once took minutes here).
        var watch = System.Diagnostics.Stopwatch.StartNew();
        Assert.False(OpenTofuOci.Core.Oci.Reference.IsValidRepository("example-namespace/abcdefghijklmnopqrstuvwxyz0123456789abcdefghij/example-type/UPPER"));
        Assert.True(OpenTofuOci.Core.Oci.Reference.IsValidRepository("a--b/c__d/e.f/g_h/i-j/k---l"));
        Assert.False(OpenTofuOci.Core.Oci.Reference.IsValidRepository("a-/b"));
        Assert.InRange(watch.ElapsedMilliseconds, 0, 2000);
    }
}
