using System.Text;
using OpenTofuOci.Core.Credentials;
using OpenTofuOci.Core.Credentials.Login;
using OpenTofuOci.Core.Credentials.Policy;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.PowerShell.Mapping;

namespace OpenTofuOci.PowerShell.Tests.Mapping;

/// <summary>The credential cmdlets' mapping, and how the other cmdlets combine -Credential with discovered credentials.</summary>
public sealed class CredentialCmdletMappingTests : IDisposable
{
    private readonly string _home = Path.Combine(Path.GetTempPath(), "tofuoci-ps-creds-" + Guid.NewGuid().ToString("N")[..10]);

    public CredentialCmdletMappingTests()
    {
        Directory.CreateDirectory(Path.Combine(_home, ".docker"));
    }

    private CredentialEnvironment Environment => new(CredentialPlatform.Linux, n => n == "HOME" ? _home : null, _home, null);

    private string WriteDockerConfig(string key, string user, string password)
    {
        var path = Path.Combine(_home, ".docker", "config.json");
        File.WriteAllText(path, $"{{\"auths\":{{\"{key}\":{{\"auth\":\"{Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"))}\"}}}}}}");
        return path;
    }

    [Fact]
    public async Task The_source_info_names_file_key_and_specificity_and_no_secret()
    {
        var path = WriteDockerConfig("registry.example.com/team-a", "alice", "Alice-Secret");
        var policy = await CredentialPolicy.LoadAsync(Environment);
        var (registry, repository) = CredentialCmdletMapping.ParseRepository("registry.example.com/team-a/aws:1.0.0");
        var info = CredentialCmdletMapping.ToInfo(policy.Select(registry, repository));
        Assert.Equal("registry.example.com/team-a/aws", info.Repository);
        Assert.Equal($"{path} entry for registry.example.com/team-a (user alice)", info.Source);
        Assert.Equal("UsernamePassword", info.Kind);
        Assert.Equal(path, info.Location);
        Assert.Equal("auths[\"registry.example.com/team-a\"]", info.Key);
        Assert.Equal("repository (1 path segment)", info.Specificity);
        Assert.Equal([$"* auths[\"registry.example.com/team-a\"] in {path} (repository (1 path segment))"], info.Candidates);
        Assert.Equal([path], info.Searched);
        Assert.DoesNotContain(typeof(OpenTofuOci.PowerShell.Output.TofuOciCredentialSourceInfo).GetProperties().Select(p => p.GetValue(info)?.ToString() ?? string.Empty),
            v => v.Contains("Alice-Secret", StringComparison.Ordinal));
    }

    [Fact]
    public void A_layout_directory_needs_no_credentials()
    {
        var ex = Assert.Throws<TofuOciException>(() => CredentialCmdletMapping.ParseRepository("oci-layout:./mirror"));
        Assert.Equal(ErrorIds.InvalidArgument, ex.ErrorId);
    }

    [Fact]
    public void Login_results_map_to_info_and_a_verbose_line()
    {
        var login = new RegistryLoginResult("registry.example.com", "alice", ["/h/.docker/config.json"], true, true);
        var info = CredentialCmdletMapping.ToInfo(login);
        Assert.Equal(("registry.example.com", "alice", true, true), (info.Registry, info.UserName, info.Verified, info.Changed));
        Assert.Equal(["/h/.docker/config.json"], info.Store);
        Assert.Equal("Logged in to registry.example.com as alice; stored in /h/.docker/config.json.", CredentialCmdletMapping.Describe(login));
        Assert.Equal("Nothing was stored for registry.example.com.",
            CredentialCmdletMapping.Describe(new RegistryLoginResult("registry.example.com", null, [], false, false)));
    }

    [Fact]
    public async Task Cmdlets_use_discovered_credentials_unless_Credential_is_given_for_that_registry()
    {
        var path = WriteDockerConfig("registry.example.com", "from-file", "File-Secret");
        var discovered = new DiscoveredCredentialProvider(Environment);
        var request = TagRequestMapping.Create("registry.example.com/team/aws", null, null, false, null, false, p => p, discovered);
        Assert.EndsWith($"; credentials: {path} entry for registry.example.com (user from-file), matched auths[\"registry.example.com\"] (domain), as tofu would choose.",
            request.Describe(), StringComparison.Ordinal);
        var found = await request.CreateTargetOptions(null).Credentials.GetCredentialAsync("registry.example.com", "team/aws");
        Assert.Equal("from-file", found!.Username);

        var withExplicit = PublishTargetMapping.Create("registry.example.com/team/aws", ("other.example/x", "1.0.0", "1.0.0", null), "alice", "Explicit-Secret", null, false, p => p, discovered);
        var options = withExplicit.CreateTargetOptions(null);
        Assert.Equal("alice", (await options.Credentials.GetCredentialAsync("registry.example.com", "team/aws"))!.Username);
        Assert.Null(await options.Credentials.GetCredentialAsync("other.example", "x"));
        Assert.Null(await withExplicit.CreateSourceOptions(null).Credentials.GetCredentialAsync("other.example", "x"));
        Assert.Equal("Copying other.example/x:1.0.0, read from repository x at registry other.example (HTTPS; credentials: as tofu finds them), " +
            "to registry.example.com/team/aws over HTTPS; credentials: user alice from -Credential for registry.example.com.", withExplicit.Describe());
        Assert.DoesNotContain("Secret", withExplicit.Describe(), StringComparison.Ordinal);
        Assert.IsType<ExplicitCredentialProvider>(options.Credentials);
        Assert.IsNotType<AnonymousCredentialProvider>(options.Credentials);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_home, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
