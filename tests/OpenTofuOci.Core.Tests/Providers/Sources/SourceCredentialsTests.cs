using OpenTofuOci.Core.Configuration;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Providers;
using OpenTofuOci.Core.Providers.Sources;
using static OpenTofuOci.Core.Tests.Providers.Sources.RegistrySourceTests;

namespace OpenTofuOci.Core.Tests.Providers.Sources;

/// <summary>
/// Tokens from <c>credentials</c> blocks and <c>TF_TOKEN_…</c> variables, sent only to their host
/// (docs/opentofu-compatibility.md §9.4); nginx answers 401 without the token and logs what it received.
/// </summary>
public sealed class SourceCredentialsTests(OriginRegistryFixture origin) : IClassFixture<OriginRegistryFixture>
{
    private static readonly ProviderAddress Vault = ProviderAddress.Parse("secret/vault");

    [Fact]
    public async Task Without_a_token_the_protected_provider_is_Unauthorized_naming_where_to_put_one()
    {
        using var home = new TempDirectory();
        using var source = ProviderSources.Open(origin.Options(Environment(home, null, new Dictionary<string, string>())));

        var ex = await Assert.ThrowsAsync<TofuOciException>(() => source.ListVersionsAsync(Vault));

        Assert.Equal(ErrorIds.Unauthorized, ex.ErrorId);
        Assert.Equal($"GET {origin.Server.BaseUrl}/v1/providers/secret/vault/versions answered 401 Unauthorized: the source needs credentials. Give a token for {origin.Server.Authority} in a credentials block of the CLI configuration or in the TF_TOKEN_… environment variable (docs/opentofu-compatibility.md §9.4).", ex.Message);
    }

    [Fact]
    public async Task A_credentials_block_token_is_sent_to_its_host_and_not_to_the_host_a_download_redirects_to()
    {
        using var home = new TempDirectory();
        var config = $"credentials \"{origin.Server.Authority}\" {{\n  token = \"{OriginRegistryFixture.Token}\"\n}}\n";
        using var source = ProviderSources.Open(origin.Options(Environment(home, config, new Dictionary<string, string>())));

        await AssertDownloadsWithTokenOnlyToOwnHostAsync(source);
    }

    [Fact]
    public async Task A_TF_TOKEN_variable_is_used_and_wins_over_a_credentials_block()
    {
        using var home = new TempDirectory();
        var config = $"credentials \"{origin.Server.Authority}\" {{\n  token = \"wrong\"\n}}\n";
        var variables = new Dictionary<string, string> { ["TF_TOKEN_127_0_0_1:" + origin.Server.Port] = OriginRegistryFixture.Token };
        using var source = ProviderSources.Open(origin.Options(Environment(home, config, variables)));

        await AssertDownloadsWithTokenOnlyToOwnHostAsync(source);
    }

    [Theory]
    [InlineData("registry.example.com", "TF_TOKEN_registry_example_com")]
    [InlineData("my-registry.example.com", "TF_TOKEN_my__registry_example_com")]
    [InlineData("x-y-z.b", "TF_TOKEN_x__y__z_b")]
    public void The_token_variable_spells_dots_as_underscores_and_hyphens_as_double_underscores(string host, string variable) =>
        Assert.Equal(variable, ServiceHost.TokenVariable(host));

    [Theory]
    [InlineData("Registry.Example.COM", "registry.example.com")]
    [InlineData("registry.example.com:443", "registry.example.com")]
    [InlineData("registry.example.com:8443", "registry.example.com:8443")]
    [InlineData("127.0.0.1:5000", "127.0.0.1:5000")]
    public void Hosts_are_compared_in_lower_case_without_the_default_port(string host, string normalized)
    {
        Assert.True(ServiceHost.TryNormalize(host, out var result));
        Assert.Equal(normalized, result);
    }

    [Fact]
    public async Task Credentials_blocks_are_read_with_later_files_winning_and_tokens_never_shown()
    {
        using var home = new TempDirectory();
        var file = home.Combine("a.tfrc");
        File.WriteAllText(file, "credentials \"Registry.Example.com\" {\n  token = \"first\"\n}\ncredentials \"other.example\" {\n  token = \"other\"\n}\n");
        Directory.CreateDirectory(home.Combine(".terraform.d"));
        File.WriteAllText(home.Combine(".terraform.d", "credentials.tfrc.json"), "{\"credentials\":{\"registry.example.com\":{\"token\":\"second\"}}}");
        var environment = Environment(home, null, new Dictionary<string, string>());
        File.Copy(file, home.Combine(".tofurc"));

        var config = await CliConfigLoader.LoadAsync(environment);

        Assert.Equal(["other.example", "registry.example.com"], config.HostCredentials.Select(c => c.Host));
        Assert.Equal("second", config.HostCredentials[1].Token);
        Assert.DoesNotContain("second", config.HostCredentials[1].ToString(), StringComparison.Ordinal);
        Assert.Contains("Token = ***", config.HostCredentials[1].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_credentials_block_with_an_invalid_host_label_is_a_configuration_problem()
    {
        using var home = new TempDirectory();
        File.WriteAllText(home.Combine(".tofurc"), "credentials \"not a host\" {\n  token = \"x\"\n}\n");

        var ex = await Assert.ThrowsAsync<CliConfigException>(() => CliConfigLoader.LoadAsync(Environment(home, null, new Dictionary<string, string>())));

        Assert.Contains("The credentials \"not a host\" block at", ex.Message, StringComparison.Ordinal);
        Assert.Contains("has an invalid hostname.", ex.Message, StringComparison.Ordinal);
    }

    private async Task AssertDownloadsWithTokenOnlyToOwnHostAsync(IProviderReleaseSource source)
    {
        var release = await source.GetReleaseAsync(Vault, V("1.0.0"), [ProviderPlatform.Parse("linux_amd64")]);
        using var zip = new MemoryStream();
        await source.DownloadAsync(release.Packages[0], zip);

        Assert.Equal(origin.Secret.Zip("linux_amd64"), zip.ToArray());
        var requests = origin.Server.Requests();
        Assert.Contains(requests, r => r.Path == "/v1/providers/secret/vault/versions" && r.Status == 200 && r.Authorization == "Bearer " + OriginRegistryFixture.Token);
        var atLocalhost = requests.Where(r => r.Host == "localhost" && r.Path.Contains("terraform-provider-vault_1.0.0_linux_amd64.zip", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(atLocalhost);
        Assert.All(atLocalhost, r => Assert.Null(r.Authorization));
    }

    private static CliConfigEnvironment Environment(TempDirectory home, string? config, Dictionary<string, string> variables)
    {
        var all = new Dictionary<string, string>(variables) { ["HOME"] = home.Path };
        if (config is not null)
        {
            var file = home.Combine("tofu.rc");
            File.WriteAllText(file, config);
            all[CliConfigLocator.ConfigFileVariable] = file;
        }

        return new CliConfigEnvironment(CliConfigPlatform.Unix, name => all.GetValueOrDefault(name), home.Path, null);
    }
}
