using System.Text.Json;
using OpenTofuOci.Core.Oci.Transport;
using OpenTofuOci.Core.Tests.Fixtures;
using OpenTofuOci.Core.Tests.Providers.Publishing;
using static OpenTofuOci.Core.Tests.Transport.TransportTestKit;

namespace OpenTofuOci.Core.Tests.Transport;

/// <summary><c>tofu-oci</c> end to end over TLS with a private CA and over mutual TLS, configured only through the TLS options.</summary>
public sealed class CliTlsTests(TlsRegistryFixture tls, MutualTlsRegistryFixture mtls) :
    IClassFixture<TlsRegistryFixture>, IClassFixture<MutualTlsRegistryFixture>, IDisposable
{
    private readonly TempDirectory _dir = new("tofuoci-cli-tls-");
    private readonly string _prefix = $"clitls-{Guid.NewGuid().ToString("N")[..8]}";

    public void Dispose() => _dir.Dispose();

    private string Repo(RegistryServer server, string type) => $"{server.Address}/{_prefix}/registry.opentofu.org/example/{type}";

    private string[] MtlsClientArgs(string name)
    {
        using var client = TestCertificates.CreateClient(mtls.Server.ClientCaCertificate!, name);
        TestCertificates.WriteCertificateAndKey(client, _dir.Combine(name + ".pem"), _dir.Combine(name + ".key"));
        return ["--client-cert", _dir.Combine(name + ".pem"), "--client-key", _dir.Combine(name + ".key")];
    }

    private async Task PublishTagsInstallAsync(RegistryServer server, string type, string[] tlsArgs, TransportEnvironment? environment = null)
    {
        var env = environment ?? EmptyEnvironment;
        ReleaseFiles.Write(_dir.Combine(type), type, "1.4.0", ["linux_amd64"]);
        var repo = Repo(server, type);

        var publish = await TlsCli.RunAsync(env, "", ["provider", "publish", _dir.Combine(type), "--repository", repo, "--json", .. tlsArgs]);
        Assert.True(publish.ExitCode == 0, publish.Error);
        Assert.Equal("published", JsonDocument.Parse(publish.Out).RootElement.GetProperty("status").GetString());

        var tags = await TlsCli.RunAsync(env, "", ["tags", repo, "--json", .. tlsArgs]);
        Assert.True(tags.ExitCode == 0, tags.Error);
        var listed = JsonDocument.Parse(tags.Out).RootElement.EnumerateArray().Single();
        Assert.Equal("1.4.0", listed.GetProperty("tag").GetString());

        var install = await TlsCli.RunAsync(env, "", ["provider", "install", $"example/{type}", "--platform", "linux_amd64", "--repository", repo,
            "--destination", _dir.Combine("mirror-" + type), "--lock-file", _dir.Combine(type + ".lock.hcl"), "--json", .. tlsArgs]);
        Assert.True(install.ExitCode == 0, install.Error);
        var package = JsonDocument.Parse(install.Out).RootElement.GetProperty("packages").EnumerateArray().Single();
        Assert.Equal("installed", package.GetProperty("status").GetString());
        Assert.True(File.Exists(_dir.Combine("mirror-" + type, "registry.opentofu.org", "example", type, "1.4.0", "linux_amd64", $"terraform-provider-{type}_v1.4.0")));
        Assert.Equal(string.Empty, publish.Error + tags.Error + install.Error);
    }

    [Fact]
    public async Task Publish_tags_and_install_over_tls_with_the_ca_file_option()
    {
        await PublishTagsInstallAsync(tls.Server, "cafile", ["--ca-file", WriteCaPem(_dir, tls.Server.CaCertificate!)]);
    }

    [Fact]
    public async Task Publish_tags_and_install_over_tls_with_the_ca_from_SSL_CERT_FILE()
    {
        var env = TransportEnvironment.FromVariables(new Dictionary<string, string> { ["SSL_CERT_FILE"] = WriteCaPem(_dir, tls.Server.CaCertificate!) });
        await PublishTagsInstallAsync(tls.Server, "sslcertfile", [], env);
    }

    [Fact]
    public async Task Publish_tags_and_install_over_tls_with_the_ca_in_an_SSL_CERT_DIR_directory_among_other_files()
    {
        var certs = Directory.CreateDirectory(_dir.Combine("certs")).FullName;
        File.Copy(WriteCaPem(_dir, tls.Server.CaCertificate!), Path.Combine(certs, "corp-ca.pem"));
        await File.WriteAllTextAsync(Path.Combine(certs, "README"), "not a certificate");
        Directory.CreateDirectory(Path.Combine(certs, "subdir"));
        var env = TransportEnvironment.FromVariables(new Dictionary<string, string> { ["SSL_CERT_DIR"] = _dir.Combine("missing") + ":" + certs });
        await PublishTagsInstallAsync(tls.Server, "sslcertdir", [], env);
    }

    [Fact]
    public async Task Publish_tags_and_install_over_mutual_tls_with_pem_certificate_and_key()
    {
        await PublishTagsInstallAsync(mtls.Server, "mtls", ["--ca-file", WriteCaPem(_dir, mtls.Server.CaCertificate!), .. MtlsClientArgs("cli-client")]);
    }

    [Fact]
    public async Task Tags_over_mutual_tls_with_a_pfx_whose_password_comes_from_the_named_variable()
    {
        using var client = TestCertificates.CreateClient(mtls.Server.ClientCaCertificate!, "cli-pfx");
        TestCertificates.WritePfx(client, _dir.Combine("c.pfx"), "pfx-secret-77");
        var env = TransportEnvironment.FromVariables(new Dictionary<string, string> { ["TOFU_OCI_PFX_PASSWORD"] = "pfx-secret-77" });

        var run = await TlsCli.RunAsync(env, "", "tags", Repo(mtls.Server, "pfx"), "--ca-file", WriteCaPem(_dir, mtls.Server.CaCertificate!),
            "--client-cert", _dir.Combine("c.pfx"), "--client-cert-password-env", "TOFU_OCI_PFX_PASSWORD");

        // The repository does not exist: reaching the registry's 404 proves the handshake passed.
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("[NotFound]", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("pfx-secret-77", run.Error + run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mutual_tls_without_a_client_certificate_fails_with_a_clear_error()
    {
        var run = await TlsCli.RunAsync("tags", Repo(mtls.Server, "nocert"), "--ca-file", WriteCaPem(_dir, mtls.Server.CaCertificate!));

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith($"error: registry {mtls.Server.Address} requires a TLS client certificate (mutual TLS) and none was given", run.Error, StringComparison.Ordinal);
        Assert.EndsWith("[ClientCertificateRequired]" + Environment.NewLine, run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Untrusted_registry_fails_naming_the_ca_option()
    {
        var run = await TlsCli.RunAsync("tags", Repo(tls.Server, "untrusted"));

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith($"error: The TLS certificate of registry {tls.Server.Address} is not trusted", run.Error, StringComparison.Ordinal);
        Assert.Contains("trust it with --ca-file <PEM file of the CA>", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("-CertificateAuthorityPath", run.Error, StringComparison.Ordinal);
        Assert.EndsWith("[UntrustedCertificate]" + Environment.NewLine, run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Skip_verify_for_the_registry_works_and_warns()
    {
        ReleaseFiles.Write(_dir.Combine("skip"), "skip", "0.1.0", ["linux_amd64"]);
        var repo = Repo(tls.Server, "skip");

        var publish = await TlsCli.RunAsync("provider", "publish", _dir.Combine("skip"), "--repository", repo, "--insecure-skip-tls-verify", tls.Server.Address);
        var tags = await TlsCli.RunAsync("tags", repo, "--insecure-skip-tls-verify", tls.Server.Address, "--json");

        Assert.True(publish.ExitCode == 0, publish.Error);
        Assert.True(tags.ExitCode == 0, tags.Error);
        Assert.Equal("0.1.0", JsonDocument.Parse(tags.Out).RootElement.EnumerateArray().Single().GetProperty("tag").GetString());
        string warning;
        using (Core.Errors.OptionSpelling.Use(OpenTofuOci.Cli.CliOptionSpelling.Instance))
        {
            warning = "warning: " + Core.Oci.Stores.TargetFactory.SkipVerifyWarning(tls.Server.Address) + Environment.NewLine;
        }

        Assert.Contains("(--insecure-skip-tls-verify)", warning, StringComparison.Ordinal);
        Assert.Equal(warning, tags.Error);
        Assert.StartsWith(warning, publish.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Copy_between_two_private_ca_registries_with_ca_files_scoped_per_registry()
    {
        ReleaseFiles.Write(_dir.Combine("copy"), "copy", "2.0.0", ["linux_amd64"]);
        var tlsCa = $"{tls.Server.Address}={WriteCaPem(_dir, tls.Server.CaCertificate!, "tls-ca.pem")}";
        var mtlsCa = $"{mtls.Server.Address}={WriteCaPem(_dir, mtls.Server.CaCertificate!, "mtls-ca.pem")}";
        var client = MtlsClientArgs("copier");
        var publish = await TlsCli.RunAsync("provider", "publish", _dir.Combine("copy"), "--repository", Repo(tls.Server, "copy"), "--ca-file", tlsCa);
        Assert.True(publish.ExitCode == 0, publish.Error);

        var copy = await TlsCli.RunAsync("copy", Repo(tls.Server, "copy") + ":2.0.0", Repo(mtls.Server, "copy") + ":2.0.0", "--ca-file", tlsCa, "--ca-file", mtlsCa,
            "--client-cert", $"{mtls.Server.Address}={client[1]}", "--client-key", $"{mtls.Server.Address}={client[3]}");
        Assert.True(copy.ExitCode == 0, copy.Error);

        // Each CA is trusted only for its own registry.
        var crossed = await TlsCli.RunAsync("tags", Repo(tls.Server, "copy"), "--ca-file", $"{tls.Server.Address}={_dir.Combine("mtls-ca.pem")}");
        Assert.Contains("[UntrustedCertificate]", crossed.Error, StringComparison.Ordinal);
        var tags = await TlsCli.RunAsync(EmptyEnvironment, "", ["tags", Repo(mtls.Server, "copy"), "--ca-file", mtlsCa, .. client, "--json"]);
        Assert.True(tags.ExitCode == 0, tags.Error);
        Assert.Equal("2.0.0", JsonDocument.Parse(tags.Out).RootElement.EnumerateArray().Single().GetProperty("tag").GetString());
    }

    [Theory]
    [InlineData("--insecure-skip-tls-verify", "other.example:443", "--insecure-skip-tls-verify names other.example:443, which is not one of the registries of this command (REG).")]
    [InlineData("--insecure-skip-tls-verify", "https://x/", "--insecure-skip-tls-verify takes one registry as host[:port], not \"https://x/\".")]
    [InlineData("--ca-file", "other.example=ca.pem", "--ca-file names other.example, which is not one of the registries of this command (REG).")]
    [InlineData("--client-cert-password-env", "TOFU_OCI_UNSET_VARIABLE", "--client-cert-password-env names the environment variable TOFU_OCI_UNSET_VARIABLE, which is not set. Set it to the password of the PFX file or key.")]
    public async Task Bad_tls_options_are_usage_errors(string option, string value, string message)
    {
        var run = await TlsCli.RunAsync("tags", Repo(tls.Server, "usage"), option, value);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"error: {message.Replace("REG", tls.Server.Address, StringComparison.Ordinal)} [InvalidArgument]" + Environment.NewLine, run.Error);
    }

    [Fact]
    public async Task Two_unscoped_ca_files_are_refused()
    {
        var run = await TlsCli.RunAsync("tags", Repo(tls.Server, "twice"), "--ca-file", "a.pem", "--ca-file", "b.pem");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("error: --ca-file was given twice for every registry; scope each to its registry as host[:port]=value. [InvalidArgument]" + Environment.NewLine, run.Error);
    }
}
