using OpenTofuOci.Core.Credentials;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.PowerShell.Mapping;
using Xunit;

namespace OpenTofuOci.PowerShell.Tests.Mapping;

public sealed class TagRequestMappingTests
{
    private static readonly string Base = Path.Combine(Path.GetTempPath(), "ps-location");

    private static string Resolve(string path) => Path.GetFullPath(path, Base);

    private static TagListRequest Create(string repository, string? user = null, string? password = null, bool plainHttp = false,
        string[]? names = null, bool versionOnly = false) =>
        TagRequestMapping.Create(repository, user, password, plainHttp, names, versionOnly, Resolve);

    [Fact]
    public void A_registry_repository_is_read_anonymously_over_https_by_default()
    {
        var request = Create("ghcr.io/org/providers/aws");
        Assert.False(request.Address.IsLayout);
        Assert.Equal("ghcr.io/org/providers/aws", request.RepositoryText);
        Assert.Empty(request.PlainHttpRegistries);
        Assert.Same(AnonymousCredentialProvider.Instance, request.Credentials);
        Assert.Empty(request.IgnoredParameters);
        Assert.Contains("registry ghcr.io", request.Describe(), StringComparison.Ordinal);
        Assert.Contains("repository org/providers/aws", request.Describe(), StringComparison.Ordinal);
        Assert.Contains("HTTPS", request.Describe(), StringComparison.Ordinal);
        Assert.Contains("anonymous", request.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Credential_is_used_for_that_registry_only_and_named_by_source()
    {
        var request = Create("registry.example.com:5000/team/aws", "alice", "s3cret");
        var options = request.CreateTargetOptions(log: null);
        var credential = await options.Credentials.GetCredentialAsync("registry.example.com:5000", "team/aws");
        Assert.NotNull(credential);
        Assert.Equal(("alice", "s3cret", "-Credential"), (credential.Username, credential.Password, credential.Source));
        Assert.Null(await options.Credentials.GetCredentialAsync("evil.example.com", "team/aws"));
        Assert.Null(await options.Credentials.GetCredentialAsync("registry.example.com", "team/aws"));
        Assert.Contains("user alice from -Credential", request.Describe(), StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", request.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void PlainHttp_allows_http_for_the_named_registry_only()
    {
        var request = Create("localhost:5000/providers/aws", plainHttp: true);
        var options = request.CreateTargetOptions(log: null);
        Assert.Equal(["localhost:5000"], options.PlainHttpRegistries);
        Assert.False(options.PlainHttp);
        Assert.Contains("plain HTTP", request.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_debug_log_reaches_the_target_options()
    {
        var lines = new List<string>();
        var options = Create("localhost:5000/r").CreateTargetOptions(lines.Add);
        options.Log!("GET /v2/ 200");
        Assert.Equal(["GET /v2/ 200"], lines);
    }

    [Theory]
    [InlineData("ghcr.io/org/aws:1.0.0")]
    [InlineData("ghcr.io/org/aws@sha256:0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("oci-layout:mirror:1.0.0")]
    public void A_tag_or_digest_in_the_repository_is_an_invalid_argument(string repository)
    {
        var e = Assert.Throws<TofuOciException>(() => Create(repository));
        Assert.Equal((ErrorIds.InvalidReference, ErrorKind.InvalidArgument, repository), (e.ErrorId, e.Kind, e.Target));
        Assert.Contains("-Name", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://ghcr.io/org/aws")]
    [InlineData("just-a-name")]
    [InlineData(" ")]
    public void A_malformed_address_is_an_invalid_argument(string repository)
    {
        var e = Assert.Throws<TofuOciException>(() => Create(repository));
        Assert.Equal((ErrorIds.InvalidReference, ErrorKind.InvalidArgument), (e.ErrorId, e.Kind));
    }

    [Fact]
    public void A_relative_layout_path_is_resolved_by_the_callers_resolver()
    {
        var request = Create("oci-layout:mirror/aws");
        Assert.True(request.Address.IsLayout);
        var expected = Path.Combine(Base, "mirror", "aws");
        Assert.Equal(expected, request.Address.LayoutDirectory);
        Assert.Equal("oci-layout:" + expected, request.RepositoryText);
        Assert.Contains(expected, request.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void Registry_options_on_a_layout_are_reported_as_ignored()
    {
        var request = Create("oci-layout:mirror", "alice", "pw", plainHttp: true);
        Assert.Equal(["-Credential", "-PlainHttp"], request.IgnoredParameters);
        Assert.Same(AnonymousCredentialProvider.Instance, request.Credentials);
        Assert.Empty(request.PlainHttpRegistries);
    }

    [Fact]
    public void Name_and_VersionOnly_are_carried_over()
    {
        var request = Create("localhost:5000/r", names: ["1.*"], versionOnly: true);
        Assert.True(request.VersionOnly);
        Assert.True(request.Filter.IsMatch("1.2.0"));
        Assert.False(request.Filter.IsMatch("2.0.0"));
        Assert.True(Create("localhost:5000/r").Filter.MatchesAll);
    }
}
