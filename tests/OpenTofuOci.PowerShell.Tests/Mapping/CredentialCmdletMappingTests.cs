using System.Text;
using OpenTofuOci.Core.Credentials;
using OpenTofuOci.Core.Credentials.Login;
using OpenTofuOci.Core.Credentials.Policy;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.PowerShell.Mapping;

namespace OpenTofuOci.PowerShell.Tests.Mapping;

/// <summary>The credential cmdlets' mapping of Core's results.</summary>
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
        var info = CredentialCmdletMapping.ToInfo(policy.Select("registry.example.com", "team-a/aws"));
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
