using System.Text.Json.Nodes;
using OpenTofuOci.Core.Credentials.Docker;
using OpenTofuOci.Core.Credentials.Login;
using OpenTofuOci.Core.Credentials.Policy;
using OpenTofuOci.Core.Oci.Remote;
using OpenTofuOci.Core.Tests.Cli;
using OpenTofuOci.Core.Tests.Fixtures;
using OpenTofuOci.Core.Tests.Remote;

namespace OpenTofuOci.Core.Tests.Credentials;

/// <summary>
/// <c>DOCKER_CONFIG</c> (docs/design.md "Credentials"): login and logout use <c>$DOCKER_CONFIG/config.json</c>
/// as docker does, discovery reads it in place of <c>~/.docker/config.json</c>, and both say that OpenTofu
/// itself does not read it. Against a real htpasswd docker-registry, with an injected environment.
/// </summary>
public sealed class DockerConfigVariableTests(BasicAuthRegistryFixture fixture) : IClassFixture<BasicAuthRegistryFixture>
{
    private RegistryServer Server => fixture.Server;

    private static string Unique(string name) => $"docker-config/{Guid.NewGuid().ToString("N")[..10]}/{name}";

    [Fact]
    public void The_search_list_has_DOCKER_CONFIG_in_place_of_the_home_docker_config()
    {
        using var root = new CredentialRoot();
        var home = root.Home;
        Assert.Equal([Path.Join(home, ".config", "containers", "auth.json"), Path.Join(home, ".docker", "config.json"), Path.Join(home, ".dockercfg")],
            DockerConfigLocations.SearchList(root.Environment));

        root.Variables["DOCKER_CONFIG"] = "/ci/docker";
        Assert.Equal([Path.Join(home, ".config", "containers", "auth.json"), Path.Join("/ci/docker", "config.json"), Path.Join(home, ".dockercfg")],
            DockerConfigLocations.SearchList(root.Environment));
        Assert.Equal(Path.Join("/ci/docker", "config.json"), DockerConfigLocations.DockerConfigPath(root.Environment));
        Assert.Equal(Path.Join(home, ".docker", "config.json"), DockerConfigLocations.OpenTofuDockerConfigPath(root.Environment));

        root.Variables["DOCKER_CONFIG"] = string.Empty;
        Assert.Equal(Path.Join(home, ".docker", "config.json"), DockerConfigLocations.DockerConfigPath(root.Environment));
    }

    [Fact]
    public async Task Discovery_reads_DOCKER_CONFIG_and_notes_that_OpenTofu_reads_the_home_file_instead()
    {
        using var root = new CredentialRoot();
        var ours = root.Write("ci/config.json", CredentialRoot.AuthsJson(("registry.example", "ci-user", "ci-pass")));
        var tofus = root.Write("home/.docker/config.json", CredentialRoot.AuthsJson(("registry.example", "home-user", "home-pass")));
        root.Variables["DOCKER_CONFIG"] = root.Path("ci");

        var policy = await root.PolicyAsync();
        var selection = policy.Select("registry.example", "team/aws");

        Assert.Equal(ours, selection.Chosen!.Location);
        Assert.DoesNotContain(tofus, policy.Locations);
        var notice = Assert.Single(policy.Notices);
        Assert.False(notice.IsWarning);
        Assert.True(notice.DiffersFromOpenTofu);
        Assert.Equal($"DOCKER_CONFIG is set, so {ours} is read in place of {tofus}, as docker and oras do. "
            + $"OpenTofu does not read DOCKER_CONFIG: tofu init reads {tofus} and may use other credentials than shown here. "
            + $"To make tofu read the same file, add oci_default_credentials {{ docker_style_config_files = [\"{ours}\"] }} to the CLI configuration "
            + "(it replaces tofu's default list of files); or unset DOCKER_CONFIG.", notice.Message);
    }

    [Fact]
    public async Task Files_named_in_the_CLI_configuration_win_and_DOCKER_CONFIG_is_not_mentioned()
    {
        using var root = new CredentialRoot();
        var named = root.Write("named/auth.json", CredentialRoot.AuthsJson(("registry.example", "named", "p")));
        root.Write("ci/config.json", CredentialRoot.AuthsJson(("registry.example", "ci-user", "ci-pass")));
        root.WriteTofurc($"oci_default_credentials {{\n  docker_style_config_files = [\"{named}\"]\n}}\n");
        root.Variables["DOCKER_CONFIG"] = root.Path("ci");

        var policy = await root.PolicyAsync();

        Assert.Equal([named], policy.Locations);
        Assert.Empty(policy.Notices);
    }

    [Fact]
    public async Task Login_and_logout_use_DOCKER_CONFIG_leave_home_alone_and_the_next_command_finds_the_login()
    {
        using var root = new CredentialRoot();
        var directory = root.Path("ci", "not-yet-created");
        var file = Path.Join(directory, "config.json");
        var home = root.Path("home", ".docker", "config.json");
        root.Variables["DOCKER_CONFIG"] = directory;

        var login = await RegistryLogin.LoginAsync(Server.Address, RegistryServer.UserName, RegistryServer.Password, root.Environment,
            new RemoteRepositoryOptions { PlainHttp = true });

        Assert.Equal([file], login.Store);
        Assert.False(File.Exists(home));
        Assert.Equal(CredentialRoot.Auth(RegistryServer.UserName, RegistryServer.Password),
            (string?)JsonNode.Parse(File.ReadAllText(file))!["auths"]![Server.Address]!["auth"]);
        var warning = Assert.Single(login.Notices);
        Assert.True(warning.IsWarning);
        Assert.Equal($"DOCKER_CONFIG is set, so the login was stored in {file}, where docker and oras look. "
            + $"OpenTofu does not read DOCKER_CONFIG: tofu init will not find this login through {file}. "
            + $"To make tofu read it, add oci_default_credentials {{ docker_style_config_files = [\"{file}\"] }} to the CLI configuration "
            + $"(it replaces tofu's default list of files), or add an oci_credentials block for {Server.Address}; or log in again with DOCKER_CONFIG unset.",
            warning.Message);

        using (var repo = new RemoteRepository(Server.Address, Unique("pushed"),
            new RemoteRepositoryOptions { PlainHttp = true, Credentials = new DiscoveredCredentialProvider(root.Environment) }))
        {
            await RealRegistryTests.PushArtifactAsync(repo, "1.0.0");
            Assert.Equal(["1.0.0"], await repo.ListTagsAsync().ToListAsync());
        }

        var logout = await RegistryLogin.LogoutAsync(Server.Address, root.Environment);
        Assert.True(logout.Changed);
        Assert.Equal([file], logout.Store);
        Assert.Empty(JsonNode.Parse(File.ReadAllText(file))!["auths"]!.AsObject());
        Assert.False(File.Exists(home));
        Assert.Equal($"DOCKER_CONFIG is set, so only {file} was looked at, as docker logout does. "
            + $"OpenTofu does not read DOCKER_CONFIG: a login in {home}, which tofu reads, was left as it is.", Assert.Single(logout.Notices).Message);
    }

    [Fact]
    public async Task Without_DOCKER_CONFIG_login_says_nothing_extra()
    {
        using var root = new CredentialRoot();
        var login = await RegistryLogin.LoginAsync(Server.Address, RegistryServer.UserName, RegistryServer.Password, root.Environment,
            new RemoteRepositoryOptions { PlainHttp = true });

        Assert.Equal([root.Path("home", ".docker", "config.json")], login.Store);
        Assert.Empty(login.Notices);
        Assert.Empty((await root.PolicyAsync()).Notices);
    }

    [Fact]
    public async Task The_CLI_warns_on_login_and_in_credentials_but_not_on_every_command()
    {
        using var root = new CredentialRoot();
        var directory = root.Path("ci");
        var file = Path.Join(directory, "config.json");
        root.Variables["DOCKER_CONFIG"] = directory;
        var env = root.Environment;
        var repo = $"{Server.Address}/{Unique("cli")}";

        var login = await CliRunner.RunWithEnvironmentAsync(env, RegistryServer.Password + "\n", "login", Server.Address, "-u", RegistryServer.UserName, "--password-stdin", "--plain-http");
        Assert.True(login.ExitCode == 0, login.Error);
        Assert.Equal($"Login succeeded for tofu at {Server.Address}; stored in {file}.{Environment.NewLine}", login.Out);
        Assert.StartsWith($"warning: DOCKER_CONFIG is set, so the login was stored in {file}, where docker and oras look. OpenTofu does not read DOCKER_CONFIG:", login.Error, StringComparison.Ordinal);

        var credentials = await CliRunner.RunWithEnvironmentAsync(env, string.Empty, "credentials", repo);
        Assert.True(credentials.ExitCode == 0, credentials.Error);
        Assert.StartsWith($"warning: DOCKER_CONFIG is set, so {file} is read in place of {root.Path("home", ".docker", "config.json")}", credentials.Error, StringComparison.Ordinal);
        Assert.Contains($"matched      auths[\"{Server.Address}\"] in {file} (domain)", credentials.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("DOCKER_CONFIG", credentials.Out, StringComparison.Ordinal);

        var module = root.Write("module/main.tf", "output \"x\" { value = 1 }\n");
        var publish = await CliRunner.RunWithEnvironmentAsync(env, string.Empty, "module", "publish", Path.GetDirectoryName(module)!, "--repository", repo, "--plain-http");
        Assert.True(publish.ExitCode == 0, publish.Error);
        Assert.Equal(string.Empty, publish.Error);

        var logout = await CliRunner.RunWithEnvironmentAsync(env, string.Empty, "logout", Server.Address);
        Assert.True(logout.ExitCode == 0, logout.Error);
        Assert.Equal($"Removed the credentials for {Server.Address} from {file}.{Environment.NewLine}", logout.Out);
        Assert.StartsWith($"warning: DOCKER_CONFIG is set, so only {file} was looked at", logout.Error, StringComparison.Ordinal);
    }
}
