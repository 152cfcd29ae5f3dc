using System.Text.Json;
using OpenTofuOci.Core.Tests.Cli;
using OpenTofuOci.Core.Tests.Fixtures;
using OpenTofuOci.Core.Tests.Providers.Publishing;

namespace OpenTofuOci.Core.Tests.Credentials;

/// <summary>
/// <c>tofu-oci</c> end to end against a real Basic-auth registry with credentials only in a Docker config
/// under the injected HOME: login, tags, publish, install, credentials, logout. No output ever holds the password.
/// </summary>
public sealed class CliCredentialTests(BasicAuthRegistryFixture fixture) : IClassFixture<BasicAuthRegistryFixture>
{
    private RegistryServer Server => fixture.Server;

    private static void AssertNoSecret(CliRunner.Result run)
    {
        Assert.DoesNotContain(RegistryServer.Password, run.Out, StringComparison.Ordinal);
        Assert.DoesNotContain(RegistryServer.Password, run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(CredentialRoot.Auth(RegistryServer.UserName, RegistryServer.Password), run.Out + run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_then_tags_publish_install_credentials_and_logout_use_only_the_docker_config()
    {
        using var root = new CredentialRoot();
        var env = root.Environment;
        var config = root.Path("home", ".docker", "config.json");
        var prefix = $"cli-creds/{Guid.NewGuid().ToString("N")[..8]}";
        var repo = $"{Server.Address}/{prefix}/example/hello";

        var login = await CliRunner.RunWithEnvironmentAsync(env, RegistryServer.Password + "\n", "login", Server.Address, "-u", RegistryServer.UserName, "--password-stdin", "--plain-http");
        Assert.True(login.ExitCode == 0, login.Error);
        Assert.Equal($"Login succeeded for tofu at {Server.Address}; stored in {config}.{Environment.NewLine}", login.Out);
        AssertNoSecret(login);
        Assert.True(File.Exists(config));

        var release = ReleaseFiles.Write(root.Path("release"), "hello", "1.2.3", ["linux_amd64"]);
        var publish = await CliRunner.RunWithEnvironmentAsync(env, string.Empty, "provider", "publish", root.Path("release"), "--repository", repo, "--plain-http", "--json");
        Assert.True(publish.ExitCode == 0, publish.Error);
        Assert.Equal("published", JsonDocument.Parse(publish.Out).RootElement.GetProperty("status").GetString());
        AssertNoSecret(publish);

        var tags = await CliRunner.RunWithEnvironmentAsync(env, string.Empty, "tags", repo, "--plain-http", "--json");
        Assert.True(tags.ExitCode == 0, tags.Error);
        Assert.Equal(["1.2.3"], JsonDocument.Parse(tags.Out).RootElement.EnumerateArray().Select(t => t.GetProperty("tag").GetString()));

        var install = await CliRunner.RunWithEnvironmentAsync(env, string.Empty, "provider", "install", "example/hello", "--platform", "linux_amd64",
            "--repository", repo, "--plain-http", "--destination", root.Path("plugins"), "--lock-file", root.Path("lock.hcl"), "--json");
        Assert.True(install.ExitCode == 0, install.Error);
        Assert.Equal("installed", JsonDocument.Parse(install.Out).RootElement.GetProperty("packages")[0].GetProperty("status").GetString());
        Assert.True(Directory.Exists(root.Path("plugins", "registry.opentofu.org", "example", "hello", "1.2.3", "linux_amd64")));

        var explain = await CliRunner.RunWithEnvironmentAsync(env, string.Empty, "credentials", repo, "--json");
        Assert.True(explain.ExitCode == 0, explain.Error);
        var json = JsonDocument.Parse(explain.Out).RootElement;
        Assert.Equal($"{config} entry for {Server.Address} (user tofu)", json.GetProperty("source").GetString());
        Assert.Equal(config, json.GetProperty("location").GetString());
        Assert.Equal($"auths[\"{Server.Address}\"]", json.GetProperty("key").GetString());
        Assert.Equal("domain", json.GetProperty("specificity").GetString());
        Assert.Equal([config], json.GetProperty("locations").EnumerateArray().Select(l => l.GetString()));
        AssertNoSecret(explain);
        var text = await CliRunner.RunWithEnvironmentAsync(env, string.Empty, "credentials", repo);
        Assert.Contains($"  matched      auths[\"{Server.Address}\"] in {config} (domain)", text.Out, StringComparison.Ordinal);
        AssertNoSecret(text);

        var logout = await CliRunner.RunWithEnvironmentAsync(env, string.Empty, "logout", Server.Address);
        Assert.True(logout.ExitCode == 0, logout.Error);
        Assert.Equal($"Removed the credentials for {Server.Address} from {config}.{Environment.NewLine}", logout.Out);
        AssertNoSecret(logout);

        var refused = await CliRunner.RunWithEnvironmentAsync(env, string.Empty, "tags", repo, "--plain-http");
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("[Unauthorized]", refused.Error, StringComparison.Ordinal);
        Assert.Contains($"tofu-oci login {Server.Address}", refused.Error, StringComparison.Ordinal);
        Assert.Contains("tried: anonymous", refused.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Explicit_username_wins_over_the_docker_config_for_its_registry()
    {
        using var root = new CredentialRoot();
        root.Write("home/.docker/config.json", CredentialRoot.AuthsJson((Server.Address, RegistryServer.UserName, "Stale-Pa55")));
        var repo = $"{Server.Address}/cli-creds/{Guid.NewGuid().ToString("N")[..8]}/explicit";
        var stale = await CliRunner.RunWithEnvironmentAsync(root.Environment, string.Empty, "tags", repo, "--plain-http");
        Assert.Equal(1, stale.ExitCode);
        Assert.Contains($"entry for {Server.Address} (user tofu)", stale.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Stale-Pa55", stale.Error, StringComparison.Ordinal);

        var explicitRun = await CliRunner.RunWithEnvironmentAsync(root.Environment, RegistryServer.Password + "\n", "tags", repo, "--plain-http", "-u", RegistryServer.UserName, "--password-stdin");
        Assert.Equal(1, explicitRun.ExitCode);
        // The repository does not exist yet: authentication succeeded and the registry answered 404.
        Assert.Contains("[NotFound]", explicitRun.Error, StringComparison.Ordinal);
        AssertNoSecret(explicitRun);
    }

    [Fact]
    public async Task A_rejected_login_exits_1_and_writes_nothing()
    {
        using var root = new CredentialRoot();
        var run = await CliRunner.RunWithEnvironmentAsync(root.Environment, "Bad-Pa55word\n", "login", Server.Address, "-u", "tofu", "--password-stdin", "--plain-http");
        Assert.Equal(1, run.ExitCode);
        Assert.Equal($"error: Login to {Server.Address} failed: it rejected user tofu with the password or token given. Check both and try again; nothing was stored. [Unauthorized]",
            run.Error.Split(Environment.NewLine)[0]);
        Assert.DoesNotContain("Bad-Pa55word", run.Out + run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(root.Path("home", ".docker", "config.json")));
    }

    [Fact]
    public async Task A_broken_discovered_file_is_a_warning_on_stderr_and_every_ambient_file_is_dropped_as_tofu_does()
    {
        using var root = new CredentialRoot();
        root.Write("home/.docker/config.json", CredentialRoot.AuthsJson((Server.Address, RegistryServer.UserName, RegistryServer.Password)));
        var broken = root.Write("home/.dockercfg", "{\"auths\": [");
        var repo = $"{Server.Address}/cli-creds/{Guid.NewGuid().ToString("N")[..8]}/warned";
        var run = await CliRunner.RunWithEnvironmentAsync(root.Environment, string.Empty, "tags", repo, "--plain-http");
        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith($"warning: Problems during OCI registry ambient credentials discovery, so no Docker-style credentials file is used (as OpenTofu does): parsing {broken}: invalid JSON syntax:",
            run.Error, StringComparison.Ordinal);
        Assert.Contains("[Unauthorized]", run.Error, StringComparison.Ordinal);
        AssertNoSecret(run);
    }

    [Fact]
    public async Task Credentials_refuses_a_layout_and_login_needs_password_stdin()
    {
        var layout = await CliRunner.RunAsync("credentials", "oci-layout:./mirror");
        Assert.Equal(2, layout.ExitCode);
        Assert.Contains("[InvalidArgument]", layout.Error, StringComparison.Ordinal);
        var login = await CliRunner.RunAsync("login", Server.Address, "-u", "tofu");
        Assert.Equal(2, login.ExitCode);
        Assert.Contains("--password-stdin", login.Error, StringComparison.Ordinal);
    }
}
