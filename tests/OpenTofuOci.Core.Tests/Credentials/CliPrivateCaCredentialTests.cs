using System.Text.Json;
using OpenTofuOci.Core.Tests.Cli;
using OpenTofuOci.Core.Tests.Fixtures;
using OpenTofuOci.Core.Tests.Providers.Publishing;
using OpenTofuOci.Core.Tests.Transport;

namespace OpenTofuOci.Core.Tests.Credentials;

/// <summary>
/// Issue 4's "done when", end to end through <c>tofu-oci</c>: against a real registry that needs a login
/// and serves TLS with a certificate from a private CA, a user whose only set-up is what
/// <c>docker login</c> leaves behind (an <c>auths</c> entry, or a credential helper named by
/// <c>credsStore</c>) plus the CA (<c>SSL_CERT_FILE</c> or <c>--ca-file</c>) lists, publishes and installs
/// providers and publishes and saves modules — no --username, no --plain-http.
/// </summary>
public sealed class CliPrivateCaCredentialTests(TlsBasicRegistryFixture fixture) : IClassFixture<TlsBasicRegistryFixture>
{
    private RegistryServer Server => fixture.Server;

    [Fact]
    public async Task A_docker_login_auths_entry_and_SSL_CERT_FILE_are_all_it_takes()
    {
        using var root = new CredentialRoot();
        root.Write("home/.docker/config.json", CredentialRoot.AuthsJson((Server.Address, RegistryServer.UserName, RegistryServer.Password)));
        using var certs = new TempDirectory();
        root.Variables["SSL_CERT_FILE"] = TransportTestKit.WriteCaPem(certs, Server.CaCertificate!);

        await ListPublishInstallAsync(root, []);
    }

    [Fact]
    public async Task A_credential_helper_named_by_credsStore_and_a_ca_file_are_all_it_takes()
    {
        using var root = new CredentialRoot();
        root.Write("home/.docker/config.json", "{\"credsStore\":\"corpvault\"}");
        root.WriteHelper("corpvault",
            $"read server\n[ \"$1\" = get ] && [ \"$server\" = \"https://{Server.Address}\" ] || exit 1\n" +
            $"printf '{{\"ServerURL\":\"%s\",\"Username\":\"{RegistryServer.UserName}\",\"Secret\":\"{RegistryServer.Password}\"}}' \"$server\"\n");
        using var certs = new TempDirectory();

        await ListPublishInstallAsync(root, ["--ca-file", TransportTestKit.WriteCaPem(certs, Server.CaCertificate!)]);
    }

    [Fact]
    public async Task Without_the_CA_the_same_user_gets_UntrustedCertificate_naming_the_registry()
    {
        using var root = new CredentialRoot();
        root.Write("home/.docker/config.json", CredentialRoot.AuthsJson((Server.Address, RegistryServer.UserName, RegistryServer.Password)));

        var run = await CliRunner.RunWithEnvironmentAsync(root.Environment, string.Empty, "tags", $"{Server.Address}/private-ca/none");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains(Server.Address, run.Error, StringComparison.Ordinal);
        Assert.EndsWith("[UntrustedCertificate]" + Environment.NewLine, run.Error, StringComparison.Ordinal);
    }

    private async Task ListPublishInstallAsync(CredentialRoot root, string[] tls)
    {
        var env = root.Environment;
        var repo = $"{Server.Address}/private-ca/{Guid.NewGuid().ToString("N")[..8]}/example/hello";
        var zips = ReleaseFiles.Write(root.Path("release"), "hello", "2.0.0", ["linux_amd64", "windows_amd64"]);

        var publish = await CliRunner.RunWithEnvironmentAsync(env, string.Empty, ["provider", "publish", root.Path("release"), "--repository", repo, "--json", .. tls]);
        Assert.True(publish.ExitCode == 0, publish.Error);
        Assert.Equal(("published", 3), (JsonDocument.Parse(publish.Out).RootElement.GetProperty("status").GetString(),
            JsonDocument.Parse(publish.Out).RootElement.GetProperty("blobsUploaded").GetInt32()));

        var tags = await CliRunner.RunWithEnvironmentAsync(env, string.Empty, ["tags", repo, "--json", .. tls]);
        Assert.True(tags.ExitCode == 0, tags.Error);
        Assert.Equal(["2.0.0"], JsonDocument.Parse(tags.Out).RootElement.EnumerateArray().Select(t => t.GetProperty("tag").GetString()));

        var install = await CliRunner.RunWithEnvironmentAsync(env, string.Empty, ["provider", "install", "example/hello", "--platform", "windows_amd64",
            "--repository", repo, "--destination", root.Path("plugins"), "--lock-file", root.Path("lock.hcl"), "--json", .. tls]);
        Assert.True(install.ExitCode == 0, install.Error);
        var package = JsonDocument.Parse(install.Out).RootElement.GetProperty("packages")[0];
        Assert.Equal("zh:" + ReleaseFiles.Sha256Hex(zips.Single(z => z.EndsWith("_windows_amd64.zip", StringComparison.Ordinal))), package.GetProperty("zh").GetString());
        Assert.Contains(package.GetProperty("h1").GetString()!, await File.ReadAllTextAsync(root.Path("lock.hcl")), StringComparison.Ordinal);

        Directory.CreateDirectory(root.Path("module"));
        await File.WriteAllTextAsync(root.Path("module", "main.tf"), "output \"hello\" { value = \"world\" }\n");
        var module = $"{Server.Address}/private-ca/{Guid.NewGuid().ToString("N")[..8]}/modules/hello";
        var published = await CliRunner.RunWithEnvironmentAsync(env, string.Empty, ["module", "publish", root.Path("module"), "--repository", module, "--json", .. tls]);
        Assert.True(published.ExitCode == 0, published.Error);
        var pinned = JsonDocument.Parse(published.Out).RootElement.GetProperty("source").GetString()!;
        var saved = await CliRunner.RunWithEnvironmentAsync(env, string.Empty, ["module", "save", pinned, "--destination", root.Path("saved"), .. tls]);
        Assert.True(saved.ExitCode == 0, saved.Error);
        Assert.Equal(await File.ReadAllBytesAsync(root.Path("module", "main.tf")), await File.ReadAllBytesAsync(root.Path("saved", "main.tf")));

        foreach (var run in new[] { publish, tags, install, published, saved })
        {
            Assert.DoesNotContain(RegistryServer.Password, run.Out + run.Error, StringComparison.Ordinal);
        }
    }
}
