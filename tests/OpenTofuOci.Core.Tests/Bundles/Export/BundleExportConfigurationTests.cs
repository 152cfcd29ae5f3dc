using System.Security.Cryptography;
using System.Text.Json;
using OpenTofuOci.Core.Bundles.Export;
using OpenTofuOci.Core.Providers;
using OpenTofuOci.Core.RootModules;
using OpenTofuOci.Core.Tests.Cli;

namespace OpenTofuOci.Core.Tests.Bundles.Export;

/// <summary>
/// A real root module on disk (HCL and JSON syntax, a nested local child module ./modules/net → ../common, a lock
/// file pinning the older hello, oci:// sources by tag and by digest) read by <see cref="RootModuleReader"/> and
/// exported through Core and through <c>tofu-oci bundle export</c>, which must write the same bundle.
/// </summary>
public sealed class BundleExportConfigurationTests(BundleSourceFixture fixture) : IClassFixture<BundleSourceFixture>, IDisposable
{
    private readonly TempDirectory _dir = new("tofuoci-bundle-config-");

    public void Dispose() => _dir.Dispose();

    private string WriteConfiguration()
    {
        var reg = fixture.Server.Address;
        var root = _dir.Combine("config");
        Directory.CreateDirectory(Path.Combine(root, "modules", "net"));
        Directory.CreateDirectory(Path.Combine(root, "modules", "common"));
        File.WriteAllText(Path.Combine(root, "versions.tf"), """
            terraform {
              required_providers {
                hello = {
                  source  = "example.com/acme/hello"
                  version = ">= 1.0"
                }
              }
            }
            """);
        File.WriteAllText(Path.Combine(root, "main.tf"), $$"""
            module "net" {
              source = "oci://{{reg}}/modules/net?tag=1.0.0"
            }

            module "child" {
              source = "./modules/net"
            }
            """);
        File.WriteAllText(Path.Combine(root, "modules", "net", "main.tf.json"), """
            {
              "terraform": { "required_providers": { "world": { "source": "example.com/acme/world", "version": "~> 1.0" } } },
              "module": { "common": { "source": "../common" } }
            }
            """);
        File.WriteAllText(Path.Combine(root, "modules", "common", "main.tf"), $$"""
            module "dns" {
              source = "oci://{{reg}}/modules/dns?digest={{fixture.DnsDigest}}"
            }
            """);
        File.WriteAllText(Path.Combine(root, ".terraform.lock.hcl"), """
            # This file is maintained automatically by "tofu init".
            # Manual edits may be lost in future updates.

            provider "example.com/acme/hello" {
              version     = "1.0.0"
              constraints = ">= 1.0"
            }
            """);
        return root;
    }

    [Fact]
    public async Task A_configuration_read_from_disk_bundles_the_pinned_and_newest_versions_and_every_oci_module_with_its_calls()
    {
        var root = await RootModuleReader.ReadAsync(WriteConfiguration());

        var result = await BundleExporter.ExportAsync(new BundleExportRequest
        {
            RootModule = root,
            Platforms = [ProviderPlatform.Parse("linux_amd64"), ProviderPlatform.Parse("windows_amd64")],
            Mirror = fixture.Resolver(),
            OpenModuleRepository = fixture.OpenModule,
            OutputPath = _dir.Combine("core", "bundle.tar"),
        });

        Assert.True(result.IsComplete, string.Join("; ", result.Failures.Select(f => f.Error.Message)));
        Assert.Equal(["example.com/acme/hello 1.0.0", "example.com/acme/world 1.1.0"], result.Contents.Providers.Select(p => $"{p.Address} {p.Version}"));
        Assert.Equal(
        [
            ($"oci://{fixture.Server.Address}/modules/dns?digest={fixture.DnsDigest}", fixture.DnsDigest, "module.child.module.common.module.dns"),
            ($"oci://{fixture.Server.Address}/modules/net?tag=1.0.0", fixture.NetDigest, "module.net"),
        ], result.Contents.Modules.Select(m => (m.Source, m.Digest, string.Join(",", m.UsedBy))));
    }

    [Fact]
    public async Task The_cli_writes_the_same_bundle_as_core_and_reports_it_as_json()
    {
        var config = WriteConfiguration();
        var core = await BundleExporter.ExportAsync(new BundleExportRequest
        {
            RootModule = await RootModuleReader.ReadAsync(config),
            Platforms = [ProviderPlatform.Parse("linux_amd64"), ProviderPlatform.Parse("windows_amd64")],
            Mirror = fixture.Resolver(),
            OpenModuleRepository = fixture.OpenModule,
            OutputPath = _dir.Combine("core", "bundle.tar"),
        });
        var output = _dir.Combine("cli", "bundle.tar");

        var run = await CliRunner.RunAsync("bundle", "export", config, "--platform", "linux_amd64", "--platform", "windows_amd64",
            "--template", fixture.Template, "--plain-http", "--output", output, "--json");

        Assert.True(run.ExitCode == 0, run.Error + run.Out);
        var json = JsonDocument.Parse(run.Out).RootElement;
        Assert.Equal(core.BundleDigest, json.GetProperty("bundleDigest").GetString());
        Assert.Equal(output, json.GetProperty("path").GetString());
        Assert.Equal(Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(core.Path))), Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(output))));

        var again = await CliRunner.RunAsync("bundle", "export", config, "--platform", "linux_amd64", "--template", fixture.Template, "--plain-http", "--output", output);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("[DestinationExists]", again.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_cli_reports_each_failed_item_and_BundleIncomplete_with_exit_code_1_and_writes_nothing()
    {
        var config = WriteConfiguration();
        var output = _dir.Combine("fail", "bundle.tar");

        var run = await CliRunner.RunAsync("bundle", "export", config, "--platform", "freebsd_amd64", "--template", fixture.Template, "--plain-http", "--output", output);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(2, run.Error.Split("[PlatformNotSupported]").Length - 1);
        Assert.Contains("[BundleIncomplete]", run.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_dir.Combine("fail")));
    }
}
