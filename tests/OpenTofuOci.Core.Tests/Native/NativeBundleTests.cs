using System.Security.Cryptography;
using System.Text.Json;
using OpenTofuOci.Core.LockFiles;
using OpenTofuOci.Core.Tests.Bundles.Export;
using OpenTofuOci.Core.Tests.Cli;

namespace OpenTofuOci.Core.Tests.Native;

/// <summary>
/// The air-gap commands as shipped (native AOT): <c>bundle export</c> writes the same tar bytes as the in-process
/// (JIT) build, <c>bundle verify</c> passes it, <c>bundle import</c> pushes it into another repository tree, the native
/// <c>provider install</c> installs through the written <c>.tofurc</c> with the written lock file's hashes, and
/// <c>provider audit</c> of the imported mirror finds nothing but the plain-HTTP warning. Real docker-registry throughout.
/// </summary>
[Collection(NativeCliGroup.Name)]
public sealed class NativeBundleTests(NativeCliFixture native, BundleSourceFixture source)
    : IClassFixture<BundleSourceFixture>, IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private Dictionary<string, string?> Hermetic(string? cliConfig = null)
    {
        var home = _dir.Combine("home");
        Directory.CreateDirectory(home);
        return new() { ["HOME"] = home, ["TF_CLI_CONFIG_FILE"] = cliConfig, ["TF_PLUGIN_CACHE_DIR"] = null, ["DOCKER_CONFIG"] = null };
    }

    private static string Sha256(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    [Fact]
    public async Task Native_export_equals_the_in_process_tar_and_native_verify_import_install_and_audit_complete_the_air_gap_round_trip()
    {
        var config = _dir.Combine("config");
        Directory.CreateDirectory(config);
        await File.WriteAllTextAsync(Path.Combine(config, "main.tf"), $$"""
            terraform {
              required_providers {
                hello = { source = "example.com/acme/hello", version = "~> 1.0" }
              }
            }

            module "net" {
              source = "oci://{{source.Server.Address}}/modules/net?tag=1.0.0"
            }
            """);

        var tar = _dir.Combine("native.tar");
        var export = native.Invoke(Hermetic(), "bundle", "export", config, "--platform", "linux_amd64", "--platform", "windows_amd64",
            "--template", source.Template, "--plain-http", "--output", tar, "--json");
        Assert.True(export.ExitCode == 0, $"exit {export.ExitCode}: {export.Error}");
        var inProcess = await CliRunner.RunAsync("bundle", "export", config, "--platform", "linux_amd64", "--platform", "windows_amd64",
            "--template", source.Template, "--plain-http", "--output", _dir.Combine("jit.tar"));
        Assert.True(inProcess.ExitCode == 0, inProcess.Error);
        Assert.Equal(Sha256(_dir.Combine("jit.tar")), Sha256(tar));

        var verify = native.Invoke(Hermetic(), "bundle", "verify", tar, "--json");
        Assert.True(verify.ExitCode == 0, $"exit {verify.ExitCode}: {verify.Out}{verify.Error}");
        // The release's third platform (darwin_arm64) was left out on purpose: not a finding.
        Assert.Empty(JsonDocument.Parse(verify.Out).RootElement.GetProperty("findings").EnumerateArray());

        var prefix = "nativebundle" + Guid.NewGuid().ToString("N")[..8];
        var reg = source.Server.Address;
        var rc = _dir.Combine("tofurc");
        var lockFile = _dir.Combine("bundle.lock.hcl");
        var import = native.Invoke(Hermetic(), "bundle", "import", tar, "--template", $"{reg}/{prefix}/${{namespace}}/${{type}}",
            "--module-prefix", $"{reg}/{prefix}/modules", "--plain-http", "--tofurc", rc, "--lock-file", lockFile, "--json");
        Assert.True(import.ExitCode == 0, $"exit {import.ExitCode}: {import.Error}");

        var install = native.Invoke(Hermetic(rc), "provider", "install", "example.com/acme/hello", "--platform", "linux_amd64", "--platform", "windows_amd64",
            "--plain-http", "--destination", _dir.Combine("plugins"), "--json");
        Assert.True(install.ExitCode == 0, $"exit {install.ExitCode}: {install.Error}");
        var locked = (await LockFileReader.ReadFileAsync(lockFile)).Find("example.com/acme/hello")!;
        Assert.Equal("1.1.0", locked.Version);
        var packages = JsonDocument.Parse(install.Out).RootElement.GetProperty("packages").EnumerateArray().ToList();
        Assert.Equal(2, packages.Count);
        Assert.All(packages, p =>
        {
            Assert.Contains(p.GetProperty("h1").GetString()!, locked.Hashes);
            Assert.Contains(p.GetProperty("zh").GetString()!, locked.Hashes);
        });

        var audit = native.Invoke(Hermetic(), "provider", "audit", $"{reg}/{prefix}/acme/hello", "--provider", "example.com/acme/hello",
            "--platform", "linux_amd64", "--platform", "windows_amd64", "--plain-http", "--json");
        Assert.True(audit.ExitCode == 0, $"exit {audit.ExitCode}: {audit.Out}{audit.Error}");
        var rules = JsonDocument.Parse(audit.Out).RootElement.GetProperty("findings").EnumerateArray()
            .Select(f => $"{f.GetProperty("severity").GetString()} {f.GetProperty("rule").GetString()}").ToList();
        // With the platforms named, the release's third one is not reported: only the plain-HTTP warning is left.
        Assert.Equal(["warning PlainHttpRegistry"], rules);
    }
}
