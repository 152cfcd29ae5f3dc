using System.Text.Json;
using OpenTofuOci.Core.LockFiles;
using OpenTofuOci.Core.Oci.Layout;
using OpenTofuOci.Core.Packages;
using OpenTofuOci.Core.Tests.Fixtures;
using OpenTofuOci.Core.Tests.Providers.Installing;

namespace OpenTofuOci.Core.Tests.Cli;

/// <summary><c>tofu-oci provider install</c> and <c>provider lock</c> against a real registry and a layout.</summary>
public sealed class CliProviderInstallTests(PlainRegistryFixture fixture) : IClassFixture<PlainRegistryFixture>
{
    [Fact]
    public async Task Install_from_registry_prints_every_package_as_JSON_and_writes_the_lock_file()
    {
        var repoName = $"cli/{Guid.NewGuid().ToString("N")[..12]}/hello";
        var zips = await InstallTestMirror.PublishProviderAsync(fixture.Server.Repository(repoName), "hello", "1.2.0", "linux_amd64", "darwin_arm64");
        using var temp = new TempDirectory();
        var lockPath = temp.Combine(".terraform.lock.hcl");

        var run = await CliRunner.RunAsync("provider", "install", "example/hello", "--version", "~> 1.0", "--platform", "linux_amd64", "--platform", "darwin_arm64",
            "--repository", $"{fixture.Server.Address}/{repoName}", "--plain-http", "--destination", temp.Combine("mirror"), "--lock-file", lockPath, "--json");

        Assert.True(run.ExitCode == 0, run.Error);
        var json = JsonDocument.Parse(run.Out).RootElement;
        Assert.Equal(lockPath, json.GetProperty("lockFile").GetString());
        var packages = json.GetProperty("packages").EnumerateArray().ToList();
        Assert.Equal(["linux_amd64", "darwin_arm64"], packages.Select(p => p.GetProperty("platform").GetString()));
        var linux = packages[0];
        var dir = temp.Combine("mirror", "registry.opentofu.org", "example", "hello", "1.2.0", "linux_amd64");
        Assert.Equal("registry.opentofu.org/example/hello", linux.GetProperty("address").GetString());
        Assert.Equal("1.2.0", linux.GetProperty("version").GetString());
        Assert.Equal(dir, linux.GetProperty("path").GetString());
        Assert.Equal((await DirHash.HashDirectoryAsync(dir)).ToString(), linux.GetProperty("h1").GetString());
        Assert.Equal(InstallTestMirror.Zh(zips["linux_amd64"]), linux.GetProperty("zh").GetString());
        Assert.Equal("installed", linux.GetProperty("status").GetString());
        var locked = LockFileReader.Parse(await File.ReadAllTextAsync(lockPath), lockPath).Find("registry.opentofu.org/example/hello")!;
        Assert.Equal("~> 1.0", locked.Constraints);
        Assert.Equal(4, locked.Hashes.Count);

        var again = await CliRunner.RunAsync("provider", "install", "example/hello", "--platform", "linux_amd64",
            "--repository", $"{fixture.Server.Address}/{repoName}", "--plain-http", "--destination", temp.Combine("mirror"), "--lock-file", lockPath);
        Assert.True(again.ExitCode == 0, again.Error);
        Assert.StartsWith("already-present registry.opentofu.org/example/hello 1.2.0 linux_amd64\n  path  " + dir + "\n", again.Out.Replace("\r\n", "\n", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Install_on_a_terminal_draws_the_download_and_then_an_unpack_bar_that_ends_at_100_percent()
    {
        using var temp = new TempDirectory();
        await InstallTestMirror.PublishProviderAsync(new OciLayoutStore(temp.Combine("layout")), "hello", "1.0.0", "linux_amd64");

        var run = await CliRunner.RunOnTerminalAsync("provider", "install", "example/hello", "--platform", "linux_amd64",
            "--repository", "oci-layout:" + temp.Combine("layout"), "--destination", temp.Combine("plugins"));

        Assert.True(run.ExitCode == 0, run.Error);
        // The frames Spectre drew, without their colour and cursor sequences.
        var lines = System.Text.RegularExpressions.Regex.Replace(run.Error, "\x1b\\[[0-9;?]*[A-Za-z]", string.Empty)
            .Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Select(l => l.Trim()).ToList();
        Assert.Contains(lines, l => l.StartsWith("install", StringComparison.Ordinal) && l.Contains("100%", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("unpack", StringComparison.Ordinal) && l.Contains("100%", StringComparison.Ordinal));
        Assert.StartsWith("installed registry.opentofu.org/example/hello 1.0.0 linux_amd64", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Install_packed_from_layout_writes_the_zip_and_mismatched_lock_fails()
    {
        using var temp = new TempDirectory();
        var zips = await InstallTestMirror.PublishProviderAsync(new OciLayoutStore(temp.Combine("layout")), "hello", "1.0.0", "linux_amd64");
        var lockPath = temp.Combine("lock.hcl");
        await LockFileWriter.WriteFileAsync(lockPath, DependencyLockFile.Empty.With(new LockedProvider("registry.opentofu.org/example/hello", "1.0.0", null, ["zh:" + new string('1', 64)])));

        var refused = await CliRunner.RunAsync("provider", "install", "example/hello", "--platform", "linux_amd64", "--repository", "oci-layout:" + temp.Combine("layout"),
            "--destination", temp.Combine("packed"), "--packed", "--lock-file", lockPath);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("[LockedChecksumMismatch]", refused.Error, StringComparison.Ordinal);
        Assert.Contains("tofu-oci provider lock", refused.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(temp.Combine("packed")));

        var run = await CliRunner.RunAsync("provider", "install", "example/hello", "--platform", "linux_amd64", "--repository", "oci-layout:" + temp.Combine("layout"),
            "--destination", temp.Combine("packed"), "--packed");
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal(zips["linux_amd64"], await File.ReadAllBytesAsync(temp.Combine("packed", "registry.opentofu.org", "example", "hello", "terraform-provider-hello_1.0.0_linux_amd64.zip")));
    }

    [Fact]
    public async Task Lock_with_template_records_every_platform_and_installs_nothing()
    {
        var ns = "ns" + Guid.NewGuid().ToString("N")[..10];
        var zips = await InstallTestMirror.PublishProviderAsync(fixture.Server.Repository($"tmpl/{ns}/hello"), "hello", "0.9.0", "linux_amd64", "windows_amd64");
        using var temp = new TempDirectory();
        var lockPath = temp.Combine(".terraform.lock.hcl");

        var run = await CliRunner.RunAsync("provider", "lock", $"{ns}/hello", "--platform", "linux_amd64", "--platform", "windows_amd64",
            "--template", fixture.Server.Address + "/tmpl/${namespace}/${type}", "--plain-http", "--lock-file", lockPath, "--json");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal([".terraform.lock.hcl", ".terraform.lock.hcl.lock"], Directory.EnumerateFileSystemEntries(temp.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        var packages = JsonDocument.Parse(run.Out).RootElement.GetProperty("packages").EnumerateArray().ToList();
        Assert.Equal([InstallTestMirror.Zh(zips["linux_amd64"]), InstallTestMirror.Zh(zips["windows_amd64"])], packages.Select(p => p.GetProperty("zh").GetString()));
        var locked = LockFileReader.Parse(await File.ReadAllTextAsync(lockPath), lockPath).Find($"registry.opentofu.org/{ns}/hello")!;
        Assert.Equal(2, locked.Hashes.Count(h => h.StartsWith("zh:", StringComparison.Ordinal)));
        Assert.Equal(2, locked.Hashes.Count(h => h.StartsWith("h1:", StringComparison.Ordinal)));
        Assert.Equal("0.9.0", locked.Version);
    }

    [Fact]
    public async Task Install_with_one_provider_missing_installs_the_other_prints_the_failure_and_exits_with_one()
    {
        var ns = "pf" + Guid.NewGuid().ToString("N")[..10];
        var zips = await InstallTestMirror.PublishProviderAsync(fixture.Server.Repository($"tmpl/{ns}/hello"), "hello", "1.0.0", "linux_amd64");
        using var temp = new TempDirectory();
        var lockPath = temp.Combine(".terraform.lock.hcl");
        string[] args = ["provider", "install", $"{ns}/hello", $"{ns}/missing", "--platform", "linux_amd64",
            "--template", fixture.Server.Address + "/tmpl/${namespace}/${type}", "--plain-http", "--destination", temp.Combine("plugins"), "--lock-file", lockPath];

        var run = await CliRunner.RunAsync(args);

        Assert.Equal(1, run.ExitCode);
        var dir = temp.Combine("plugins", "registry.opentofu.org", ns, "hello", "1.0.0", "linux_amd64");
        Assert.Equal(
            $"installed registry.opentofu.org/{ns}/hello 1.0.0 linux_amd64\n  path  {dir}\n  h1    {await DirHash.HashDirectoryAsync(dir)}\n  zh    {InstallTestMirror.Zh(zips["linux_amd64"])}\n"
            + $"Lock file {lockPath} updated.\n",
            run.Out.ReplaceLineEndings("\n"));
        var error = Assert.Single(run.Error.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries), l => !l.StartsWith("  registry said:", StringComparison.Ordinal));
        Assert.StartsWith($"error: Provider registry.opentofu.org/{ns}/missing is not in the OCI mirror at {fixture.Server.Address}/tmpl/{ns}/missing.", error, StringComparison.Ordinal);
        Assert.EndsWith("[ProviderNotFound]", error, StringComparison.Ordinal);
        Assert.Equal([$"registry.opentofu.org/{ns}/hello"], LockFileReader.Parse(await File.ReadAllTextAsync(lockPath), lockPath).Providers.Keys);

        var json = await CliRunner.RunAsync([.. args, "--json"]);

        Assert.Equal(1, json.ExitCode);
        var root = JsonDocument.Parse(json.Out).RootElement;
        Assert.Equal(["packages", "lockFile", "failures"], root.EnumerateObject().Select(p => p.Name));
        var package = Assert.Single(root.GetProperty("packages").EnumerateArray());
        Assert.Equal(("already-present", $"registry.opentofu.org/{ns}/hello"), (package.GetProperty("status").GetString(), package.GetProperty("address").GetString()));
        Assert.Equal(lockPath, root.GetProperty("lockFile").GetString());
        var failure = Assert.Single(root.GetProperty("failures").EnumerateArray());
        Assert.Equal($"registry.opentofu.org/{ns}/missing", failure.GetProperty("address").GetString());
        Assert.Equal("ProviderNotFound", failure.GetProperty("error").GetProperty("id").GetString());
        Assert.Equal($"{fixture.Server.Address}/tmpl/{ns}/missing", failure.GetProperty("error").GetProperty("target").GetString());
        Assert.StartsWith($"Provider registry.opentofu.org/{ns}/missing is not in the OCI mirror", failure.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("[ProviderNotFound]", json.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lock_with_one_provider_missing_records_the_other_and_exits_with_one_and_none_found_writes_nothing()
    {
        var ns = "pl" + Guid.NewGuid().ToString("N")[..10];
        await InstallTestMirror.PublishProviderAsync(fixture.Server.Repository($"tmpl/{ns}/hello"), "hello", "1.0.0", "linux_amd64");
        using var temp = new TempDirectory();
        var lockPath = temp.Combine(".terraform.lock.hcl");
        var template = fixture.Server.Address + "/tmpl/${namespace}/${type}";

        var run = await CliRunner.RunAsync("provider", "lock", $"{ns}/missing", $"{ns}/hello", "--platform", "linux_amd64", "--template", template, "--plain-http", "--lock-file", lockPath, "--json");

        Assert.Equal(1, run.ExitCode);
        var root = JsonDocument.Parse(run.Out).RootElement;
        Assert.Equal($"registry.opentofu.org/{ns}/hello", Assert.Single(root.GetProperty("packages").EnumerateArray()).GetProperty("address").GetString());
        Assert.Equal(lockPath, root.GetProperty("lockFile").GetString());
        Assert.Equal("ProviderNotFound", Assert.Single(root.GetProperty("failures").EnumerateArray()).GetProperty("error").GetProperty("id").GetString());
        Assert.Equal([$"registry.opentofu.org/{ns}/hello"], LockFileReader.Parse(await File.ReadAllTextAsync(lockPath), lockPath).Providers.Keys);

        var none = await CliRunner.RunAsync("provider", "lock", $"{ns}/missing", "--platform", "linux_amd64", "--template", template, "--plain-http", "--lock-file", temp.Combine("other.hcl"));

        Assert.Equal(1, none.ExitCode);
        Assert.Equal(string.Empty, none.Out);
        Assert.Contains("[ProviderNotFound]", none.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(temp.Combine("other.hcl")));
    }

    [Fact]
    public async Task Install_usage_errors_exit_with_two()
    {
        var both = await CliRunner.RunAsync("provider", "install", "example/hello", "--repository", "oci-layout:/nonexistent", "--template", "x.example/{namespace}/{type}", "--destination", "/tmp/x");
        Assert.Equal(2, both.ExitCode);
        Assert.Contains("either --repository or --template", both.Error, StringComparison.Ordinal);

        var two = await CliRunner.RunAsync("provider", "install", "example/hello", "example/other", "--repository", "oci-layout:/nonexistent", "--destination", "/tmp/x");
        Assert.Equal(2, two.ExitCode);
        Assert.Contains("one provider", two.Error, StringComparison.Ordinal);

        // A template whose registry is a placeholder: the credentials need --credential-registry (one with a literal host names it).
        var creds = await CliRunner.RunWithInputAsync("pw\n", "provider", "lock", "example/hello", "--template", "{hostname}/p/{namespace}/{type}", "--lock-file", "/tmp/x.hcl", "-u", "me", "--password-stdin");
        Assert.Equal(2, creds.ExitCode);
        Assert.Contains("does not name its registry literally, so say which registry --username with --password-stdin is for with --credential-registry <host[:port]>.", creds.Error, StringComparison.Ordinal);

        var platform = await CliRunner.RunAsync("provider", "lock", "example/hello", "--platform", "Linux-amd64", "--template", "x.example/{namespace}/{type}", "--lock-file", "/tmp/x.hcl");
        Assert.Equal(2, platform.ExitCode);
        Assert.Contains("Invalid platform", platform.Error, StringComparison.Ordinal);
    }
}
