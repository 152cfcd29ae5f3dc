using OpenTofuOci.Core.Credentials;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.PowerShell.Mapping;
using Xunit;

namespace OpenTofuOci.PowerShell.Tests.Mapping;

public sealed class ProviderSourceMappingTests
{
    private static readonly string Base = Path.Combine(Path.GetTempPath(), "ps-location");

    private static ProviderSourceRequest Create(string? repository = null, string? template = null, string? user = null, string? password = null,
        string? credentialRegistry = null, bool plainHttp = false) =>
        ProviderSourceMapping.Create(repository, template, user, password, credentialRegistry, plainHttp, p => Path.GetFullPath(p, Base));

    [Fact]
    public void Neither_repository_nor_template_means_the_cli_configuration()
    {
        var request = Create();
        Assert.Equal(ProviderSourceKind.Configuration, request.Kind);
        Assert.Same(AnonymousCredentialProvider.Instance, request.Credentials);
        Assert.False(request.CreateTargetOptions(null).PlainHttp);
        Assert.Contains("CLI configuration", request.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void Repository_and_template_together_are_refused()
    {
        var e = Assert.Throws<TofuOciException>(() => Create("ghcr.io/org/aws", "ghcr.io/${type}"));
        Assert.Equal((ErrorIds.InvalidArgument, ErrorKind.InvalidArgument), (e.ErrorId, e.Kind));
    }

    [Fact]
    public void A_relative_layout_is_made_absolute_against_the_powershell_location_and_ignores_credentials()
    {
        var request = Create("oci-layout:mirror/hello", user: "alice", password: "x", plainHttp: true);
        Assert.Equal(ProviderSourceKind.Repository, request.Kind);
        Assert.Equal("oci-layout:" + Path.Combine(Base, "mirror", "hello"), request.Repository!.RepositoryText);
        Assert.Equal(["-Credential", "-PlainHttp"], request.IgnoredParameters);
        Assert.Same(AnonymousCredentialProvider.Instance, request.Credentials);
    }

    [Fact]
    public async Task A_registry_repository_gets_the_credential_and_plain_http_for_its_registry_only()
    {
        var request = Create("localhost:5000/providers/aws", user: "alice", password: "s3cret", plainHttp: true);
        var options = request.CreateTargetOptions(null);
        Assert.Equal(["localhost:5000"], options.PlainHttpRegistries);
        Assert.False(options.PlainHttp);
        Assert.Equal("s3cret", (await options.Credentials.GetCredentialAsync("localhost:5000", "providers/aws"))!.Password);
        Assert.Null(await options.Credentials.GetCredentialAsync("ghcr.io", "providers/aws"));
        Assert.DoesNotContain("s3cret", request.Describe(), StringComparison.Ordinal);
        Assert.Contains("plain HTTP", request.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_credential_registry_other_than_the_repository_registry_is_refused()
    {
        var e = Assert.Throws<TofuOciException>(() => Create("ghcr.io/org/aws", user: "a", password: "b", credentialRegistry: "evil.example.com"));
        Assert.Equal(ErrorIds.InvalidArgument, e.ErrorId);
    }

    [Fact]
    public void A_repository_with_a_tag_is_an_invalid_reference()
    {
        var e = Assert.Throws<TofuOciException>(() => Create("ghcr.io/org/aws:1.0.0"));
        Assert.Equal((ErrorIds.InvalidReference, ErrorKind.InvalidArgument), (e.ErrorId, e.Kind));
    }

    [Fact]
    public async Task With_a_template_the_credential_goes_to_the_registry_the_template_names()
    {
        var request = Create(template: "registry.example.com/providers/${namespace}/${type}", user: "alice", password: "s3cret", plainHttp: true);
        Assert.Equal(ProviderSourceKind.Template, request.Kind);
        var options = request.CreateTargetOptions(null);
        Assert.True(options.PlainHttp);
        Assert.NotNull(await options.Credentials.GetCredentialAsync("registry.example.com", "providers/hashicorp/aws"));
        Assert.Null(await options.Credentials.GetCredentialAsync("other.example.com", "providers/hashicorp/aws"));
    }

    [Theory]
    [InlineData("${hostname}/providers/${namespace}/${type}")]
    [InlineData("{hostname}/providers/{namespace}/{type}")]
    [InlineData(null)]
    public void Without_a_literal_registry_a_credential_needs_CredentialRegistry(string? template)
    {
        var e = Assert.Throws<TofuOciException>(() => Create(template: template, user: "alice", password: "x"));
        Assert.Contains("-CredentialRegistry", e.Message, StringComparison.Ordinal);
        var request = Create(template: template, user: "alice", password: "x", credentialRegistry: "registry.example.com");
        Assert.IsType<OpenTofuOci.Core.Credentials.Policy.ExplicitCredentialProvider>(request.Credentials);
    }

    [Fact]
    public void CredentialRegistry_without_a_credential_is_ignored_with_a_warning()
    {
        Assert.Equal(["-CredentialRegistry"], Create(credentialRegistry: "registry.example.com").IgnoredParameters);
    }

    [Theory]
    [InlineData("registry.example.com/providers/${type}", "registry.example.com")]
    [InlineData("localhost:5000/{namespace}/{type}", "localhost:5000")]
    [InlineData("${hostname}/x", null)]
    [InlineData("noslash", null)]
    public void LiteralRegistry_is_the_text_before_the_first_slash_without_placeholders(string template, string? expected) =>
        Assert.Equal(expected, ProviderSourceMapping.LiteralRegistry(template));

    [Fact]
    public async Task Verbose_names_each_provider_repository_once_and_only_the_configuration_is_loaded()
    {
        var request = Create("oci-layout:mirror/hello");
        var lines = new List<string>();
        Assert.Null(await request.LoadConfigurationAsync(lines.Add, lines.Add, CancellationToken.None));
        var address = Core.Providers.ProviderAddress.Parse("example/hello");
        var resolver = request.CreateResolver([address], null, null, lines.Add);
        resolver.Resolve(address);
        resolver.Resolve(address);
        Assert.Equal([$"Provider registry.opentofu.org/example/hello is read from oci-layout:{Path.Combine(Base, "mirror", "hello")}."], lines);
    }
}
