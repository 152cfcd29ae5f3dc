using System.Text.Json;
using OpenTofuOci.Core.LockFiles;
using OpenTofuOci.Core.Oci.Layout;
using OpenTofuOci.Core.Packages;
using OpenTofuOci.Core.Tests.Providers.Installing;

namespace OpenTofuOci.Core.Tests.Cli;

/// <summary>
/// <c>provider install</c> and <c>provider lock</c> are two variants of one command shape: the same
/// failure is reported the same way by both (stderr line, <c>--json</c> <c>failures</c>, exit code), and
/// each prints its packages in its own fields — against a real OCI image layout.
/// </summary>
public sealed class CliProviderPackageCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private string Layout => _temp.Combine("layout");

    private string LockPath => _temp.Combine(".terraform.lock.hcl");

    // example/hello is in the layout for linux_amd64 only, so asking for darwin_arm64 too fails that provider.
    private async Task<byte[]> PublishAsync() =>
        (await InstallTestMirror.PublishProviderAsync(new OciLayoutStore(Layout), "hello", "1.0.0", "linux_amd64"))["linux_amd64"];

    private string[] Args(string variant, params string[] more) => variant == "install"
        ? ["provider", "install", "example/hello", "--repository", "oci-layout:" + Layout, "--destination", _temp.Combine("plugins"), "--lock-file", LockPath, .. more]
        : ["provider", "lock", "example/hello", "--repository", "oci-layout:" + Layout, "--lock-file", LockPath, .. more];

    [Fact]
    public async Task A_failed_provider_is_reported_alike_by_install_and_lock_and_nothing_is_recorded()
    {
        await PublishAsync();

        var install = await CliRunner.RunAsync(Args("install", "--platform", "linux_amd64", "--platform", "darwin_arm64", "--json"));
        var lockRun = await CliRunner.RunAsync(Args("lock", "--platform", "linux_amd64", "--platform", "darwin_arm64", "--json"));

        Assert.Equal((1, 1), (install.ExitCode, lockRun.ExitCode));
        Assert.Equal(install.Error, lockRun.Error);
        var error = Assert.Single(install.Error.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: ", error, StringComparison.Ordinal);
        Assert.EndsWith(" [PlatformNotSupported]", error, StringComparison.Ordinal);
        var installJson = JsonDocument.Parse(install.Out).RootElement;
        var lockJson = JsonDocument.Parse(lockRun.Out).RootElement;
        Assert.Equal(installJson.GetProperty("failures").GetRawText(), lockJson.GetProperty("failures").GetRawText());
        var failure = Assert.Single(installJson.GetProperty("failures").EnumerateArray());
        Assert.Equal(("registry.opentofu.org/example/hello", "PlatformNotSupported"),
            (failure.GetProperty("address").GetString(), failure.GetProperty("error").GetProperty("id").GetString()));
        Assert.Equal(JsonValueKind.Null, installJson.GetProperty("lockFile").ValueKind);
        Assert.Equal(JsonValueKind.Null, lockJson.GetProperty("lockFile").ValueKind);
        Assert.Empty(installJson.GetProperty("packages").EnumerateArray());
        Assert.False(File.Exists(LockPath));
        Assert.False(Directory.Exists(_temp.Combine("plugins")));
    }

    [Fact]
    public async Task Each_variant_prints_its_own_package_fields_in_text_and_json()
    {
        var zip = await PublishAsync();
        var zh = InstallTestMirror.Zh(zip);
        var h1 = (await DirHash.HashZipAsync(new MemoryStream(zip))).ToString();
        var dir = _temp.Combine("plugins", "registry.opentofu.org", "example", "hello", "1.0.0", "linux_amd64");

        var lockText = await CliRunner.RunAsync(Args("lock", "--platform", "linux_amd64"));
        var installText = await CliRunner.RunAsync(Args("install", "--platform", "linux_amd64"));
        var lockJson = await CliRunner.RunAsync(Args("lock", "--platform", "linux_amd64", "--json"));
        var installJson = await CliRunner.RunAsync(Args("install", "--platform", "linux_amd64", "--json"));

        Assert.True(lockText.ExitCode == 0, lockText.Error);
        Assert.Equal($"locked registry.opentofu.org/example/hello 1.0.0 linux_amd64\n  h1    {h1}\n  zh    {zh}\nLock file {LockPath} updated.\n",
            lockText.Out.ReplaceLineEndings("\n"));
        Assert.True(installText.ExitCode == 0, installText.Error);
        Assert.Equal($"installed registry.opentofu.org/example/hello 1.0.0 linux_amd64\n  path  {dir}\n  h1    {h1}\n  zh    {zh}\nLock file {LockPath} updated.\n",
            installText.Out.ReplaceLineEndings("\n"));
        var locked = JsonDocument.Parse(lockJson.Out).RootElement;
        var installed = JsonDocument.Parse(installJson.Out).RootElement;
        Assert.Equal(["packages", "lockFile", "failures"], locked.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["packages", "lockFile", "failures"], installed.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["address", "version", "platform", "h1", "zh"], Assert.Single(locked.GetProperty("packages").EnumerateArray()).EnumerateObject().Select(p => p.Name));
        var package = Assert.Single(installed.GetProperty("packages").EnumerateArray());
        Assert.Equal(["address", "version", "platform", "path", "h1", "zh", "status"], package.EnumerateObject().Select(p => p.Name));
        Assert.Equal((dir, h1, zh, "already-present"),
            (package.GetProperty("path").GetString(), package.GetProperty("h1").GetString(), package.GetProperty("zh").GetString(), package.GetProperty("status").GetString()));
        Assert.Equal(new[] { h1, zh }.Order(StringComparer.Ordinal),
            (await LockFileReader.ReadFileAsync(LockPath)).Find("registry.opentofu.org/example/hello")!.Hashes.ToArray());
    }
}
