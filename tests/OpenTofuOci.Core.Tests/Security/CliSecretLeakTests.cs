using System.CommandLine;
using System.Text;
using OpenTofuOci.Cli;
using OpenTofuOci.Core.Tests.Fixtures;
using OpenTofuOci.Core.Tests.Providers.Publishing;
using OpenTofuOci.Core.Tests.Transport;

namespace OpenTofuOci.Core.Tests.Security;

/// <summary>
/// Runs every <c>tofu-oci</c> command (enumerated from the command tree, so a new command without a
/// scenario fails here) with a known secret given through --password-stdin, against real registries
/// in Basic and token mode, on success and failure paths, and checks that the secret, its Basic
/// header form and every bearer token the token service issued appear nowhere: not on stdout or
/// stderr (which carries the --debug HTTP log and warnings), not in the reported exceptions'
/// messages or ToString(), not in any file the command wrote. Against a mutual-TLS registry the
/// secret is the password of the client certificate's PFX file, read from a named variable.
/// </summary>
public sealed class CliSecretLeakTests(BasicAuthRegistryFixture basic, TokenRegistryFixture token, MutualTlsRegistryFixture mtls) :
    IClassFixture<BasicAuthRegistryFixture>, IClassFixture<TokenRegistryFixture>, IClassFixture<MutualTlsRegistryFixture>
{
    private const string PfxPassword = "pfx-Pa55-LEAKCHECK";
    private const string PfxVariable = "TOFU_OCI_LEAK_PFX";
    private const string ReaderUser = "reader";
    private const string ReaderPassword = "reader-Pa55-LEAKCHECK";
    private const string WrongPassword = "wrong-Pa55-LEAKCHECK";

    public enum Outcome
    {
        Valid,
        WrongPassword,
        Denied,
    }

    /// <summary>One command line per leaf command; {REG} is the registry, {DIR} the scenario's directory.</summary>
    private static readonly Dictionary<string, string[]> Scenarios = new(StringComparer.Ordinal)
    {
        ["sample"] = ["sample", "{REG}/leak/sample:0.2.0"],
        ["provider publish"] = ["provider", "publish", "{DIR}/release", "--repository", "{REG}/leak/registry.opentofu.org/example/leak"],
        ["copy"] = ["copy", "oci-layout:{DIR}/layout:0.1.0", "{REG}/leak/copied:0.1.0"],
        ["tags"] = ["tags", "{REG}/leak/registry.opentofu.org/example/leak"],
        ["provider versions"] = ["provider", "versions", "example/leak", "--repository", "{REG}/leak/registry.opentofu.org/example/leak"],
        ["provider install"] = ["provider", "install", "example/leak", "--platform", "linux_amd64", "--repository", "{REG}/leak/registry.opentofu.org/example/leak",
            "--destination", "{DIR}/mirror", "--lock-file", "{DIR}/install.lock.hcl"],
        ["provider lock"] = ["provider", "lock", "example/leak", "--platform", "linux_amd64", "--repository", "{REG}/leak/registry.opentofu.org/example/leak",
            "--lock-file", "{DIR}/lock.hcl"],
        // A tofu providers mirror directory (zips only): the source needs no credentials, the target gets them.
        ["provider mirror"] = ["provider", "mirror", "example.com/acme/leak", "--from-directory", "{DIR}/mirror-source", "--allow-unsigned",
            "--repository", "{REG}/leak/mirrored/acme/leak"],
        ["module publish"] = ["module", "publish", "{DIR}/module", "--repository", "{REG}/leak/module", "--tag", "1.0.0"],
        ["module save"] = ["module", "save", "oci://{REG}/leak/module?tag=1.0.0", "--destination", "{DIR}/saved-module"],
        // The provider published above, bundled from the mirror the template names (its host gets the credentials).
        ["bundle export"] = ["bundle", "export", "{DIR}/bundle-config", "--platform", "linux_amd64",
            "--template", "{REG}/leak/${hostname}/${namespace}/${type}", "--output", "{DIR}/bundle.tar"],
        // The provider published above, audited where it was published.
        ["provider audit"] = ["provider", "audit", "{REG}/leak/registry.opentofu.org/example/leak", "--provider", "example/leak"],
        // A bundle written offline before the run (TestBundle), verified offline and imported with the credentials.
        ["bundle verify"] = ["bundle", "verify", "{DIR}/offline-bundle.tar"],
        ["bundle import"] = ["bundle", "import", "{DIR}/offline-bundle.tar", "--template", "{REG}/leak/imported/${namespace}/${type}",
            "--module-prefix", "{REG}/leak/imported-modules"],
        ["credentials"] = ["credentials", "{REG}/leak/module"],
        // Last, so the commands above run with only the explicit credentials; login stores the secret
        // in the credential store ({DIR}/home/.docker/config.json), the one file allowed to hold it.
        ["login"] = ["login", "{REG}"],
        ["logout"] = ["logout", "{REG}"],
    };

    /// <summary>Commands that never contact a registry.</summary>
    private static readonly string[] OfflineCommands = ["credentials", "logout", "bundle verify"];

    /// <summary>Leaf commands of the tree, as their space-separated path.</summary>
    private static List<string> LeafCommands()
    {
        var root = CliApp.Build(new CliConsole(TextWriter.Null, TextWriter.Null, TextReader.Null, false));
        var leaves = new List<string>();
        void Walk(Command command, string path)
        {
            if (command.Subcommands.Count == 0)
            {
                leaves.Add(path);
                return;
            }

            foreach (var sub in command.Subcommands)
            {
                Walk(sub, path.Length == 0 ? sub.Name : $"{path} {sub.Name}");
            }
        }

        Walk(root, string.Empty);
        return leaves;
    }

    [Fact]
    public void Every_cli_command_has_a_secret_scenario()
    {
        var missing = LeafCommands().Where(c => !Scenarios.ContainsKey(c)).ToList();
        Assert.True(missing.Count == 0, $"Add a scenario to {nameof(CliSecretLeakTests)}.{nameof(Scenarios)} for: {string.Join(", ", missing)}");
        Assert.Empty(Scenarios.Keys.Except(LeafCommands()));
    }

    [Theory]
    [InlineData(RegistryMode.Basic, Outcome.Valid)]
    [InlineData(RegistryMode.Basic, Outcome.WrongPassword)]
    [InlineData(RegistryMode.Token, Outcome.Valid)]
    [InlineData(RegistryMode.Token, Outcome.WrongPassword)]
    [InlineData(RegistryMode.Token, Outcome.Denied)]
    [InlineData(RegistryMode.MutualTls, Outcome.Valid)]
    [InlineData(RegistryMode.MutualTls, Outcome.WrongPassword)]
    public async Task No_command_shows_the_secret_anywhere(RegistryMode mode, Outcome outcome)
    {
        var server = mode switch { RegistryMode.Basic => basic.Server, RegistryMode.Token => token.Server, _ => mtls.Server };
        if (server.Tokens is { } tokens)
        {
            tokens.Users[ReaderUser] = ReaderPassword;
            tokens.Grant = (user, requested) => user == ReaderUser ? requested.Intersect(["pull"]).ToArray() : requested;
        }

        var (user, password) = outcome switch
        {
            Outcome.Valid => (RegistryServer.UserName, RegistryServer.Password),
            Outcome.WrongPassword => (RegistryServer.UserName, WrongPassword),
            _ => (ReaderUser, ReaderPassword),
        };
        using var dir = new TempDirectory("tofuoci-leak-");
        ReleaseFiles.Write(dir.Combine("release"), "leak", "1.0.0", ["linux_amd64"]);
        ReleaseFiles.Write(dir.Combine("mirror-source", "example.com", "acme", "leak"), "leak", "1.0.0", ["linux_amd64"], sums: false);
        Directory.CreateDirectory(dir.Combine("module"));
        await File.WriteAllTextAsync(dir.Combine("module", "main.tf"), "variable \"name\" {}\n");
        Directory.CreateDirectory(dir.Combine("bundle-config"));
        await File.WriteAllTextAsync(dir.Combine("bundle-config", "versions.tf"), "terraform {\n  required_providers {\n    leak = { source = \"example/leak\" }\n  }\n}\n");
        await Bundles.TestBundle.CreateAsync(dir.Combine("offline-bundle"), dir.Combine("offline-bundle-work"));
        Bundles.TestBundle.Tar(dir.Combine("offline-bundle"), dir.Combine("offline-bundle.tar"));
        var home = Cli.CliRunner.EnvironmentWith(dir.Combine("home"));
        var store = dir.Combine("home", ".docker", "config.json");
        var layout = await TlsCli.RunAsync("sample", $"oci-layout:{dir.Combine("layout")}:0.1.0");
        Assert.True(layout.ExitCode == 0, layout.Error);

        string[] transportArgs = ["--plain-http"];
        var environment = TransportTestKit.EmptyEnvironment;
        if (mode == RegistryMode.MutualTls)
        {
            using var client = TestCertificates.CreateClient(server.ClientCaCertificate!, "leak-client");
            TestCertificates.WritePfx(client, dir.Combine("client.pfx"), PfxPassword);
            transportArgs = ["--ca-file", TransportTestKit.WriteCaPem(dir, server.CaCertificate!), "--client-cert", dir.Combine("client.pfx"), "--client-cert-password-env", PfxVariable];
            environment = Core.Oci.Transport.TransportEnvironment.FromVariables(new Dictionary<string, string>
            {
                [PfxVariable] = outcome == Outcome.Valid ? PfxPassword : WrongPassword,
            });
        }

        var prefix = $"{mode}-{outcome}-{Guid.NewGuid().ToString("N")[..6]}".ToLowerInvariant();
        var seen = new StringBuilder();
        var results = new List<(string Command, int Code, string Error)>();
        foreach (var (command, template) in Scenarios)
        {
            var exceptions = new List<Exception>();
            var args = template.Select(a => a.Replace("{REG}", server.Address, StringComparison.Ordinal).Replace("{DIR}", dir.Path, StringComparison.Ordinal)
                .Replace("/leak/", $"/{prefix}/", StringComparison.Ordinal))
                .Concat(["--username", user, "--password-stdin", "--debug", .. transportArgs]).ToArray();
            var run = await RunAsync(password + "\n", exceptions, home, environment, args);
            if (command == "login" && (outcome == Outcome.Valid || (outcome == Outcome.Denied && mode != RegistryMode.MutualTls)))
            {
                Assert.True(File.Exists(store), $"login stored nothing: {run.Error}");
            }
            results.Add((command, run.Code, run.Error));
            seen.AppendLine($"[{command}] stdout:").AppendLine(run.Out).AppendLine("stderr:").AppendLine(run.Error);
            foreach (var e in exceptions)
            {
                seen.AppendLine(e.Message).AppendLine(e.ToString());
            }

            if ((mode != RegistryMode.MutualTls || outcome == Outcome.Valid) && !OfflineCommands.Contains(command))
            {
                Assert.Contains("debug: ", run.Error, StringComparison.Ordinal);
            }
        }

        foreach (var file in Directory.EnumerateFiles(dir.Path, "*", SearchOption.AllDirectories).Where(f => f != store))
        {
            seen.AppendLine(file).AppendLine(Encoding.UTF8.GetString(await File.ReadAllBytesAsync(file)));
        }

        var secrets = new List<string> { password, Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")), PfxPassword, WrongPassword };
        foreach (var issued in server.Tokens?.IssuedTokens ?? [])
        {
            secrets.Add(issued);
            secrets.Add(issued.Split('.')[2]);
        }

        var text = seen.ToString();
        foreach (var secret in secrets)
        {
            Assert.False(text.Contains(secret, StringComparison.Ordinal), $"A secret ({secret[..4]}…) appeared in the output, log, exceptions or files.");
        }

        AssertOutcome(mode, outcome, results);
    }

    private static void AssertOutcome(RegistryMode mode, Outcome outcome, List<(string Command, int Code, string Error)> results)
    {
        foreach (var (command, code, error) in results)
        {
            if (OfflineCommands.Contains(command))
            {
                Assert.True(code == 0, $"{command}: {error}");
                continue;
            }

            if (command == "login" && outcome == Outcome.WrongPassword && mode != RegistryMode.MutualTls)
            {
                Assert.True(code == 1, $"{command}: {error}");
                Assert.Contains("it rejected user", error, StringComparison.Ordinal);
                Assert.Contains("[Unauthorized]", error, StringComparison.Ordinal);
                continue;
            }

            if (command == "login" && outcome == Outcome.Denied)
            {
                Assert.True(code == 0, $"{command}: {error}"); // the reader's credentials are valid
                continue;
            }

            switch (outcome)
            {
                case Outcome.Valid:
                    Assert.True(code == 0, $"{command}: {error}");
                    break;
                case Outcome.WrongPassword when mode == RegistryMode.MutualTls:
                    Assert.True(code == 2, $"{command}: {error}");
                    Assert.Contains("could not be read as PKCS#12 (PFX) with the password given: check the password and the file. [TlsFileInvalid]", error, StringComparison.Ordinal);
                    break;
                case Outcome.WrongPassword:
                    Assert.True(code == 1, $"{command}: {error}");
                    Assert.Contains("[Unauthorized]", error, StringComparison.Ordinal);
                    Assert.Contains(mode == RegistryMode.Token ? "rejected the credentials from --username/--password-stdin" : "rejected the credentials", error, StringComparison.Ordinal);
                    break;
                default:
                    Assert.True(code == 1, $"{command}: {error}");
                    Assert.True(command switch
                    {
                        "sample" or "provider publish" or "provider mirror" or "copy" or "module publish" or "bundle import" =>
                            error.Contains("[Unauthorized]", StringComparison.Ordinal) || error.Contains("[Denied]", StringComparison.Ordinal),
                        // Nothing could be published, so the audit finds no repository: a finding, not an error.
                        "provider audit" => error.Contains("[MirrorAuditFailed]", StringComparison.Ordinal),
                        _ => error.Contains("[NotFound]", StringComparison.Ordinal) || error.Contains("[ProviderNotFound]", StringComparison.Ordinal),
                    }, $"{command}: {error}");
                    break;
            }
        }
    }

    private static async Task<(int Code, string Out, string Error)> RunAsync(string stdin, List<Exception> exceptions,
        Core.Credentials.CredentialEnvironment home, Core.Oci.Transport.TransportEnvironment environment, string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var input = new StringReader(stdin);
        var console = new CliConsole(output, error, input, ErrorIsTerminal: false)
        {
            Environment = home,
            TransportEnvironment = environment,
            ReportedException = exceptions.Add,
        };
        var code = await CliApp.RunAsync(args, console);
        return (code, output.ToString(), error.ToString());
    }
}
