using System.Text.Json;
using OpenTofuOci.Core.Bundles;
using OpenTofuOci.Core.LockFiles;
using OpenTofuOci.Core.Tests.Cli;
using OpenTofuOci.Core.Tests.Modules;

namespace OpenTofuOci.Core.Tests.Bundles;

/// <summary>
/// <c>tofu-oci bundle import</c> and <c>bundle verify</c> in-process against a real docker-registry: what import writes
/// is what <c>provider install</c> (through the written CLI configuration) and <c>module save</c> (through the rewritten
/// address) need, with the lock file's hashes.
/// </summary>
public sealed class BundleCliTests(PlainRegistryFixture registry) : IClassFixture<PlainRegistryFixture>, IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly string _prefix = "cli" + Guid.NewGuid().ToString("N")[..8];

    public void Dispose() => _dir.Dispose();

    private async Task<(string Tar, BundleContents Contents)> TarAsync()
    {
        var contents = await TestBundle.CreateAsync(_dir.Combine("bundle"), _dir.Combine("work"));
        TestBundle.Tar(_dir.Combine("bundle"), _dir.Combine("bundle.tar"));
        return (_dir.Combine("bundle.tar"), contents);
    }

    [Fact]
    public async Task Import_writes_a_tofurc_and_lock_file_from_which_every_platform_installs_and_the_module_saves_at_its_new_address()
    {
        var (tar, _) = await TarAsync();
        var rc = _dir.Combine("tofurc");
        var lockFile = _dir.Combine("bundle.lock.hcl");
        var reg = registry.Server.Address;

        var import = await CliRunner.RunAsync("bundle", "import", tar, "--template", $"{reg}/{_prefix}/${{namespace}}/${{type}}", "--module-prefix", $"{reg}/{_prefix}/modules",
            "--plain-http", "--tofurc", rc, "--lock-file", lockFile, "--json");

        Assert.True(import.ExitCode == 0, import.Error);
        Assert.Contains($"warning: {reg} is reached over plain HTTP", import.Error, StringComparison.Ordinal);
        var json = JsonDocument.Parse(import.Out).RootElement;
        Assert.Equal(["imported", "imported"], json.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("status").GetString()));
        var newSource = $"oci://{reg}/{_prefix}/modules/team/net?tag=1.0";
        Assert.Equal(newSource, json.GetProperty("moduleSources")[0].GetProperty("new").GetString());
        Assert.Equal(await File.ReadAllTextAsync(rc), json.GetProperty("tofurc").GetString());

        var environment = CliRunner.EnvironmentWith(_dir.Combine("home"), new Dictionary<string, string> { ["TF_CLI_CONFIG_FILE"] = rc });
        var install = await CliRunner.RunWithEnvironmentAsync(environment, string.Empty, "provider", "install", "example.com/acme/hello",
            "--platform", "linux_amd64", "--platform", "windows_amd64", "--plain-http", "--destination", _dir.Combine("plugins"), "--json");
        Assert.True(install.ExitCode == 0, install.Error);
        var locked = (await LockFileReader.ReadFileAsync(lockFile)).Find("example.com/acme/hello")!;
        var packages = JsonDocument.Parse(install.Out).RootElement.GetProperty("packages").EnumerateArray().ToList();
        Assert.Equal(2, packages.Count);
        foreach (var package in packages)
        {
            Assert.Contains(package.GetProperty("h1").GetString()!, locked.Hashes);
            Assert.Contains(package.GetProperty("zh").GetString()!, locked.Hashes);
        }

        var saved = await CliRunner.RunAsync("module", "save", newSource, "--plain-http", "--destination", _dir.Combine("saved"));
        Assert.True(saved.ExitCode == 0, saved.Error);
        Assert.Equal(ModulePackages.ReadTree(_dir.Combine("work", "module")), ModulePackages.ReadTree(_dir.Combine("saved")));
    }

    [Fact]
    public async Task Import_with_a_configuration_rewrites_its_module_sources_keeping_subdir_and_leaves_other_text_alone()
    {
        var (tar, _) = await TarAsync();
        var config = _dir.Combine("config");
        Directory.CreateDirectory(config);
        await File.WriteAllTextAsync(Path.Combine(config, "main.tf"),
            "module \"net\" {\n  source = \"oci://src.example/team/net?tag=1.0\"\n}\n\nmodule \"sub\" {\n  source = \"oci://src.example/team/net//sub?tag=1.0\"\n}\n");
        var reg = registry.Server.Address;

        var run = await CliRunner.RunAsync("bundle", "import", tar, "--template", $"{reg}/{_prefix}/${{namespace}}/${{type}}", "--module-prefix", $"{reg}/{_prefix}/m",
            "--plain-http", "--configuration", config, "--apply-rewrites");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal(
            $"module \"net\" {{\n  source = \"oci://{reg}/{_prefix}/m/team/net?tag=1.0\"\n}}\n\nmodule \"sub\" {{\n  source = \"oci://{reg}/{_prefix}/m/team/net//sub?tag=1.0\"\n}}\n",
            await File.ReadAllTextAsync(Path.Combine(config, "main.tf")));
        Assert.Contains($"rewrote {Path.Combine(config, "main.tf")}:2:", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_passes_a_healthy_bundle_and_fails_a_tampered_one_with_its_rule_and_BundleVerificationFailed_last()
    {
        var (tar, contents) = await TarAsync();
        var healthy = await CliRunner.RunAsync("bundle", "verify", tar, "--json");
        Assert.True(healthy.ExitCode == 0, healthy.Error);
        Assert.Equal(0, JsonDocument.Parse(healthy.Out).RootElement.GetProperty("findings").GetArrayLength());

        var zip = TestBundle.Blob(_dir.Combine("bundle"), contents.Providers[0].Platforms[0].ZipDigest);
        var bytes = await File.ReadAllBytesAsync(zip);
        bytes[10] ^= 0x01;
        await File.WriteAllBytesAsync(zip, bytes);
        var tampered = await CliRunner.RunAsync("bundle", "verify", _dir.Combine("bundle"), "--json");

        Assert.Equal(1, tampered.ExitCode);
        var rules = JsonDocument.Parse(tampered.Out).RootElement.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("rule").GetString()).ToList();
        Assert.Contains("BlobDigestMismatch", rules);
        Assert.EndsWith("[BundleVerificationFailed]", tampered.Error.TrimEnd(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_of_a_hostile_tar_exits_1_with_InvalidBundle_and_pushes_nothing()
    {
        Directory.CreateDirectory(_dir.Combine("empty"));
        TestBundle.Tar(_dir.Combine("empty"), _dir.Combine("hostile.tar"), w =>
            w.WriteEntry(new System.Formats.Tar.PaxTarEntry(System.Formats.Tar.TarEntryType.SymbolicLink, "oci-layout") { LinkName = "/etc/passwd" }));

        var run = await CliRunner.RunAsync("bundle", "import", _dir.Combine("hostile.tar"), "--template", $"{registry.Server.Address}/{_prefix}/${{namespace}}/${{type}}",
            "--module-prefix", $"{registry.Server.Address}/{_prefix}/m", "--plain-http");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("[InvalidBundle]", run.Error, StringComparison.Ordinal);
        Assert.Contains("symbolic link", run.Error, StringComparison.Ordinal);
    }
}
