using OpenTofuOci.Core.Oci.Remote;
using OpenTofuOci.Core.Oci.Transport;
using Xunit;

namespace OpenTofuOci.Core.Tests.Remote;

public class AuthChallengeTests
{
    [Fact]
    public void Bearer_with_quoted_scope_containing_commas_keeps_the_scope_whole()
    {
        var c = Assert.Single(AuthChallenge.Parse(
            "Bearer realm=\"https://auth.example/token\",service=\"registry.example\",scope=\"repository:a/b:pull,push\""));
        Assert.True(c.IsBearer);
        Assert.Equal("https://auth.example/token", c["realm"]);
        Assert.Equal("registry.example", c["service"]);
        Assert.Equal("repository:a/b:pull,push", c["scope"]);
        Assert.Equal(3, c.Parameters.Count);
    }

    [Fact]
    public void Escaped_quotes_and_backslashes_are_unescaped()
    {
        var c = Assert.Single(AuthChallenge.Parse("Basic realm=\"say \\\"hi\\\", then \\\\ go\""));
        Assert.True(c.IsBasic);
        Assert.Equal("say \"hi\", then \\ go", c["realm"]);
    }

    [Fact]
    public void Several_challenges_in_one_header_are_split_at_the_scheme()
    {
        var all = AuthChallenge.Parse("Basic realm=\"a, b\", Bearer realm=\"https://t/x\", error=insufficient_scope,scope=\"repository:r:pull,push registry:catalog:*\"");
        Assert.Equal(2, all.Count);
        Assert.Equal("Basic", all[0].Scheme);
        Assert.Equal("a, b", all[0]["realm"]);
        Assert.Equal("Bearer", all[1].Scheme);
        Assert.Equal("https://t/x", all[1]["realm"]);
        Assert.Equal("insufficient_scope", all[1]["error"]);
        Assert.Equal("repository:r:pull,push registry:catalog:*", all[1]["scope"]);
    }

    [Fact]
    public void Several_header_values_and_case_insensitive_names()
    {
        var all = AuthChallenge.Parse(["bearer REALM=\"https://t\" , Service = svc", "BASIC realm=x"]);
        Assert.Equal(2, all.Count);
        Assert.True(all[0].IsBearer);
        Assert.Equal("https://t", all[0]["realm"]);
        Assert.Equal("svc", all[0]["Service"]);
        Assert.True(all[1].IsBasic);
        Assert.Equal("x", all[1]["realm"]);
    }

    [Fact]
    public void Scheme_without_parameters_and_token68()
    {
        var all = AuthChallenge.Parse("Negotiate, NTLM abc+/def==, Basic realm=\"r\"");
        Assert.Equal(["Negotiate", "NTLM", "Basic"], all.Select(c => c.Scheme));
        Assert.Empty(all[0].Parameters);
        Assert.Equal("abc+/def==", all[1].Token68);
        Assert.Equal("r", all[2]["realm"]);
    }

    [Fact]
    public void Unterminated_quote_and_junk_do_not_throw()
    {
        var c = Assert.Single(AuthChallenge.Parse("Bearer realm=\"https://t/x, service=s"));
        Assert.Equal("https://t/x, service=s", c["realm"]);
        Assert.Empty(AuthChallenge.Parse("  ,, \"quoted\""));
        Assert.Empty(AuthChallenge.Parse(""));
    }

    [Fact]
    public void Malformed_value_does_not_hide_later_parameters()
    {
        var c = Assert.Single(AuthChallenge.Parse("Bearer realm=\"https://t\"junk, service=svc"));
        Assert.Equal("https://t", c["realm"]);
        Assert.Equal("svc", c["service"]);
    }
}

public class LinkHeaderTests
{
    [Theory]
    [InlineData("</v2/a/tags/list?n=2&last=b>; rel=\"next\"", "/v2/a/tags/list?n=2&last=b")]
    [InlineData("<https://r.example/v2/a/tags/list?last=x>;rel=next", "https://r.example/v2/a/tags/list?last=x")]
    [InlineData("</prev>; rel=\"prev\", </next?a=1,2>; rel=\"prefetch next\"", "/next?a=1,2")]
    [InlineData("</x>; title=\"a, rel=next\"; rel=\"prev\"", null)]
    [InlineData("garbage", null)]
    public void Finds_the_next_link(string header, string? expected) =>
        Assert.Equal(expected, LinkHeader.FindNext([header]));
}

public class AuthScopesTests
{
    [Fact]
    public void Merges_actions_per_resource_and_sorts()
    {
        var merged = AuthScopes.Merge(["repository:b/c:push", "repository:a:pull", "repository:b/c:pull repository:a:pull", "registry:catalog:*"]);
        Assert.Equal(["registry:catalog:*", "repository:a:pull", "repository:b/c:pull,push"], merged);
    }

    [Fact]
    public void Key_is_independent_of_order()
    {
        Assert.Equal(AuthScopes.Key(["repository:a:push", "repository:a:pull"]), AuthScopes.Key(["repository:a:pull,push"]));
        Assert.NotEqual(AuthScopes.Key(["repository:a:pull"]), AuthScopes.Key(["repository:a:pull,push"]));
    }
}

public class RegistryErrorBodyTests
{
    [Fact]
    public void Parses_registry_errors_with_string_and_object_details()
    {
        var body = """{"errors":[{"code":"NAME_UNKNOWN","message":"repository name not known to registry","detail":{"name":"a/b"}},{"code":"DENIED","message":"no","detail":"plain"}]}"""u8;
        var errors = RegistryErrorBody.Parse(body);
        Assert.Equal(2, errors.Count);
        Assert.Equal("NAME_UNKNOWN", errors[0].Code);
        Assert.Equal("repository name not known to registry", errors[0].Message);
        Assert.Equal("""{"name":"a/b"}""", errors[0].Detail);
        Assert.Equal("plain", errors[1].Detail);
    }

    [Theory]
    [InlineData("<html><body>502 Bad Gateway</body></html>")]
    [InlineData("")]
    [InlineData("{\"errors\":")]
    [InlineData("{\"errors\":\"nope\"}")]
    [InlineData("[1,2]")]
    public void Anything_else_gives_no_details(string body) =>
        Assert.Empty(RegistryErrorBody.Parse(System.Text.Encoding.UTF8.GetBytes(body)));
}

public class RetryPolicyTests
{
    [Fact]
    public void Retry_after_seconds_and_dates_are_capped()
    {
        var now = DateTimeOffset.UtcNow;
        using var seconds = new HttpResponseMessage(System.Net.HttpStatusCode.TooManyRequests);
        seconds.Headers.TryAddWithoutValidation("Retry-After", "7");
        Assert.Equal(TimeSpan.FromSeconds(7), RetryPolicy.RetryAfter(seconds, TimeSpan.FromSeconds(30), now));
        Assert.Equal(TimeSpan.FromSeconds(5), RetryPolicy.RetryAfter(seconds, TimeSpan.FromSeconds(5), now));

        using var date = new HttpResponseMessage(System.Net.HttpStatusCode.TooManyRequests);
        date.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(now.AddSeconds(10));
        var wait = RetryPolicy.RetryAfter(date, TimeSpan.FromSeconds(30), now)!.Value;
        Assert.InRange(wait.TotalSeconds, 9, 10);

        using var none = new HttpResponseMessage(System.Net.HttpStatusCode.ServiceUnavailable);
        Assert.Null(RetryPolicy.RetryAfter(none, TimeSpan.FromSeconds(30), now));
    }

    [Fact]
    public void Backoff_grows_and_is_capped()
    {
        var settings = new RetrySettings { BaseDelay = TimeSpan.FromMilliseconds(100), MaxDelay = TimeSpan.FromSeconds(1) };
        var b0 = settings.Backoff(0);
        var b3 = settings.Backoff(3);
        Assert.InRange(b0.TotalMilliseconds, 50, 150);
        Assert.InRange(b3.TotalMilliseconds, 400, 1000);
        Assert.Equal(TimeSpan.FromSeconds(1), settings.Backoff(30));
    }
}

public class RemoteRepositoryArgumentTests
{
    [Theory]
    [InlineData("registry.example.com")]
    [InlineData("127.0.0.1:5000")]
    [InlineData("localhost:5000")]
    public void Accepts_host_and_port(string registry)
    {
        using var repo = new OpenTofuOci.Core.Oci.Remote.RemoteRepository(registry, "a/b");
        Assert.Equal(new Uri($"https://{registry}/v2/a/b/"), repo.RepositoryUri);
    }

    [Theory]
    [InlineData("user@host")]
    [InlineData("host/path")]
    [InlineData("host?x=1")]
    [InlineData("ho st")]
    public void Refuses_registries_that_are_not_a_plain_authority(string registry)
    {
        var ex = Assert.Throws<OpenTofuOci.Core.Errors.TofuOciException>(() => new OpenTofuOci.Core.Oci.Remote.RemoteRepository(registry, "a/b"));
        Assert.Equal(OpenTofuOci.Core.Errors.ErrorIds.InvalidReference, ex.ErrorId);
    }

    [Theory]
    [InlineData("../etc")]
    [InlineData("A/B")]
    public void Refuses_invalid_repository_names(string repository)
    {
        var ex = Assert.Throws<OpenTofuOci.Core.Errors.TofuOciException>(() => new OpenTofuOci.Core.Oci.Remote.RemoteRepository("r.example", repository));
        Assert.Equal(OpenTofuOci.Core.Errors.ErrorIds.InvalidReference, ex.ErrorId);
    }

    [Theory]
    [InlineData("../x")]
    [InlineData("sha256:short")]
    [InlineData(".hidden")]
    public async Task Refuses_invalid_references_before_any_request(string reference)
    {
        using var repo = new OpenTofuOci.Core.Oci.Remote.RemoteRepository("127.0.0.1:1", "a/b", new() { PlainHttp = true, MaxRetries = 0 });
        var ex = await Assert.ThrowsAsync<OpenTofuOci.Core.Errors.TofuOciException>(() => repo.ResolveAsync(reference));
        Assert.Contains(ex.ErrorId, new[] { OpenTofuOci.Core.Errors.ErrorIds.InvalidReference, OpenTofuOci.Core.Errors.ErrorIds.InvalidDigest });
    }
}
