using System.Text.Json;
using OpenTofuOci.Core.LockFiles;
using OpenTofuOci.Core.Tests.Bundles.Export;
using OpenTofuOci.Core.Tests.Cli;
using OpenTofuOci.Core.Tests.Modules;

namespace OpenTofuOci.Core.Tests.Bundles;

/// <summary>
/// Issue 13's "done when" for bundles, through <c>tofu-oci</c> in-process with two real docker-registry instances: a root
/// module (nested child module, HCL and JSON, <c>oci://</c> sources by tag and by digest) → <c>bundle export</c> → tar →
/// <c>bundle verify</c> → <c>bundle import</c> into a fresh registry → every provider installs for every bundled platform
/// through the written <c>.tofurc</c> with the written lock file's hashes, and every rewritten module address saves the
/// same bytes as the original.
/// </summary>
public sealed class BundleRoundTripTests(BundleSourceFixture source, PlainRegistryFixture internalRegistry)
    : IClassFixture<BundleSourceFixture>, IClassFixture<PlainRegistryFixture>, IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private async Task<string> ConfigurationAsync()
    {
        var config = _dir.Combine("config");
        Directory.CreateDirectory(Path.Combine(config, "network"));
        var reg = source.Server.Address;
        await File.WriteAllTextAsync(Path.Combine(config, "main.tf"), $$"""
            terraform {
              required_providers {
                hello = {
                  source  = "example.com/acme/hello"
                  version = "~> 1.0"
                }
              }
            }

            module "net" {
              source = "oci://{{reg}}/modules/net?tag=1.0.0"
            }

            module "network" {
              source = "./network"
            }
            """);
        await File.WriteAllTextAsync(Path.Combine(config, "network", "main.tf.json"), $$"""
            {
              "terraform": { "required_providers": { "world": { "source": "example.com/acme/world", "version": ">= 1.0.0" } } },
              "module": { "dns": { "source": "oci://{{reg}}/modules/dns//sub?digest={{source.DnsDigest}}" } }
            }
            """);
        return config;
    }

    [Fact]
    public async Task Export_then_import_gives_a_registry_from_which_every_provider_installs_and_every_module_saves_through_what_import_wrote()
    {
        var config = await ConfigurationAsync();
        var tar = _dir.Combine("bundle.tar");
        var exported = await CliRunner.RunAsync("bundle", "export", config, "--platform", "linux_amd64", "--platform", "windows_amd64",
            "--template", source.Template, "--plain-http", "--output", tar);
        Assert.True(exported.ExitCode == 0, exported.Error);

        var verified = await CliRunner.RunAsync("bundle", "verify", tar);
        Assert.True(verified.ExitCode == 0, verified.Out + verified.Error);

        var reg2 = internalRegistry.Server.Address;
        var prefix = "rt" + Guid.NewGuid().ToString("N")[..8];
        var rc = _dir.Combine("tofurc");
        var lockFile = _dir.Combine("bundle.lock.hcl");
        var imported = await CliRunner.RunAsync("bundle", "import", tar, "--template", $"{reg2}/{prefix}/${{namespace}}/${{type}}", "--module-prefix", $"{reg2}/{prefix}/modules",
            "--plain-http", "--tofurc", rc, "--lock-file", lockFile, "--configuration", config, "--apply-rewrites", "--json");
        Assert.True(imported.ExitCode == 0, imported.Error);
        var result = JsonDocument.Parse(imported.Out).RootElement;
        Assert.Equal(4, result.GetProperty("results").GetArrayLength());
        Assert.All(result.GetProperty("results").EnumerateArray(), r => Assert.Equal("imported", r.GetProperty("status").GetString()));

        var environment = CliRunner.EnvironmentWith(_dir.Combine("home"), new Dictionary<string, string> { ["TF_CLI_CONFIG_FILE"] = rc });
        var install = await CliRunner.RunWithEnvironmentAsync(environment, string.Empty, "provider", "install", "example.com/acme/hello", "example.com/acme/world",
            "--platform", "linux_amd64", "--platform", "windows_amd64", "--plain-http", "--destination", _dir.Combine("plugins"), "--json");
        Assert.True(install.ExitCode == 0, install.Error);
        var locks = await LockFileReader.ReadFileAsync(lockFile);
        var packages = JsonDocument.Parse(install.Out).RootElement.GetProperty("packages").EnumerateArray().ToList();
        Assert.Equal(4, packages.Count);
        foreach (var package in packages)
        {
            var locked = locks.Find(package.GetProperty("address").GetString()!)!;
            Assert.Equal("1.1.0", package.GetProperty("version").GetString());
            Assert.Equal(locked.Version, package.GetProperty("version").GetString());
            Assert.Contains(package.GetProperty("h1").GetString()!, locked.Hashes);
            Assert.Contains(package.GetProperty("zh").GetString()!, locked.Hashes);
        }

        Assert.Equal(8, locks.Providers.Values.Sum(p => p.Hashes.Count));
        var reg = source.Server.Address;
        var rewritten = new[]
        {
            ($"oci://{reg}/modules/net?tag=1.0.0", $"oci://{reg2}/{prefix}/modules/modules/net?tag=1.0.0", Path.Combine(config, "main.tf")),
            ($"oci://{reg}/modules/dns//sub?digest={source.DnsDigest}", $"oci://{reg2}/{prefix}/modules/modules/dns//sub?digest={source.DnsDigest}", Path.Combine(config, "network", "main.tf.json")),
        };
        foreach (var (old, now, file) in rewritten)
        {
            var text = await File.ReadAllTextAsync(file);
            Assert.Contains(now, text, StringComparison.Ordinal);
            Assert.DoesNotContain(old, text, StringComparison.Ordinal);
            var name = Guid.NewGuid().ToString("N");
            var before = await CliRunner.RunAsync("module", "save", old, "--plain-http", "--destination", _dir.Combine("old-" + name));
            var after = await CliRunner.RunAsync("module", "save", now, "--plain-http", "--destination", _dir.Combine("new-" + name));
            Assert.True(before.ExitCode == 0 && after.ExitCode == 0, before.Error + after.Error);
            Assert.Equal(ModulePackages.ReadTree(_dir.Combine("old-" + name)), ModulePackages.ReadTree(_dir.Combine("new-" + name)));
        }
    }
}
