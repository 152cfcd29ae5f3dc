using System.Text.Json;
using OpenTofuOci.Core.Tests.Cli;
using OpenTofuOci.Core.Tests.Fixtures;

namespace OpenTofuOci.Core.Tests.Native;

/// <summary>
/// The native (ahead-of-time compiled) tofu-oci gives the same output, files and exit codes as the
/// managed build the other tests run in-process: JSON metadata, --json output and errors all survive
/// trimming. Against a real docker-registry.
/// </summary>
[Collection(NativeCliGroup.Name)]
public sealed class NativeCliTests(NativeCliFixture native, PlainRegistryFixture registry) : IClassFixture<PlainRegistryFixture>
{
    [Fact]
    public async Task Native_and_managed_builds_publish_list_install_and_lock_identically()
    {
        using var work = new TempDirectory();
        var repo = $"{registry.Server.Address}/native/hello";

        var published = native.Invoke("sample", repo + ":1.0.0", "--plain-http", "--json");
        Assert.True(published.ExitCode == 0, published.Error);
        var managedLayout = await CliRunner.RunAsync("sample", $"oci-layout:{work.Combine("managed")}:1.0.0", "--json");
        var nativeLayout = native.Invoke("sample", $"oci-layout:{work.Combine("native")}:1.0.0", "--json");
        Assert.Equal(Digest(managedLayout.Out), Digest(nativeLayout.Out));
        Assert.Equal(Digest(managedLayout.Out), Digest(published.Out));

        foreach (var args in new[]
        {
            new[] { "tags", repo, "--plain-http", "--json" },
            ["provider", "versions", "example/hello", "--repository", repo, "--plain-http", "--json"],
        })
        {
            var managed = await CliRunner.RunAsync(args);
            var fromNative = native.Invoke(args);
            Assert.True(fromNative.ExitCode == 0, fromNative.Error);
            Assert.Equal(managed.Out.ReplaceLineEndings(), fromNative.Out.ReplaceLineEndings());
        }

        var copied = native.Invoke("copy", repo + ":1.0.0", $"oci-layout:{work.Combine("copied")}", "--plain-http", "--json");
        var managedCopy = await CliRunner.RunAsync("copy", repo + ":1.0.0", $"oci-layout:{work.Combine("copied-managed")}", "--plain-http", "--json");
        Assert.Equal(managedCopy.Out.Replace("copied-managed", "copied", StringComparison.Ordinal), copied.Out);
        Assert.Equal(6, JsonDocument.Parse(copied.Out).RootElement.GetProperty("itemsCopied").GetInt32());

        var install = native.Invoke("provider", "install", "example/hello", "--repository", repo, "--plain-http", "--platform", "linux_amd64",
            "--destination", work.Combine("plugins"), "--lock-file", work.Combine(".terraform.lock.hcl"), "--json");
        Assert.True(install.ExitCode == 0, install.Error);
        var managedInstall = await CliRunner.RunAsync("provider", "install", "example/hello", "--repository", repo, "--plain-http", "--platform", "linux_amd64",
            "--destination", work.Combine("plugins-managed"), "--lock-file", work.Combine("managed.lock.hcl"), "--json");
        var package = JsonDocument.Parse(install.Out).RootElement.GetProperty("packages")[0];
        var managedPackage = JsonDocument.Parse(managedInstall.Out).RootElement.GetProperty("packages")[0];
        Assert.Equal(managedPackage.GetProperty("h1").GetString(), package.GetProperty("h1").GetString());
        Assert.Equal(managedPackage.GetProperty("zh").GetString(), package.GetProperty("zh").GetString());
        Assert.Equal("installed", package.GetProperty("status").GetString());
        Assert.Equal(await File.ReadAllTextAsync(work.Combine("managed.lock.hcl")), await File.ReadAllTextAsync(work.Combine(".terraform.lock.hcl")));
        Assert.Equal(
            await File.ReadAllBytesAsync(Path.Combine(managedPackage.GetProperty("path").GetString()!, "terraform-provider-hello_v1.0.0")),
            await File.ReadAllBytesAsync(Path.Combine(package.GetProperty("path").GetString()!, "terraform-provider-hello_v1.0.0")));
    }

    [Fact]
    public async Task Native_errors_carry_the_same_message_id_and_exit_code()
    {
        var args = new[] { "provider", "install", "example/hello", "--repository", $"{registry.Server.Address}/native/missing", "--plain-http", "--destination", Path.GetTempPath(), "--json" };
        var managed = await CliRunner.RunAsync(args);
        var fromNative = native.Invoke(args);
        Assert.Equal((1, managed.Error, managed.Out), (fromNative.ExitCode, fromNative.Error, fromNative.Out));
        // A provider that is not in the mirror is that provider's failure, inside the --json result.
        var failure = Assert.Single(JsonDocument.Parse(fromNative.Out).RootElement.GetProperty("failures").EnumerateArray());
        Assert.Equal("registry.opentofu.org/example/hello", failure.GetProperty("address").GetString());
        Assert.Equal("ProviderNotFound", failure.GetProperty("error").GetProperty("id").GetString());

        var setup = new[] { "provider", "install", "example/hello", "--repository", $"{registry.Server.Address}/native/missing", "--plain-http", "--destination", "/dev/null", "--json" };
        var managedSetup = await CliRunner.RunAsync(setup);
        var nativeSetup = native.Invoke(setup);
        Assert.Equal((1, managedSetup.Error, managedSetup.Out), (nativeSetup.ExitCode, nativeSetup.Error, nativeSetup.Out));
        Assert.Equal("FileAccessFailed", JsonDocument.Parse(nativeSetup.Out).RootElement.GetProperty("error").GetProperty("id").GetString());

        var usage = native.Invoke("provider", "install", "example/hello", "--repository", "oci-layout:x", "--username", "u");
        Assert.Equal(2, usage.ExitCode);
        Assert.Equal((await CliRunner.RunAsync("provider", "install", "example/hello", "--repository", "oci-layout:x", "--username", "u")).Error, usage.Error);
    }

    private static string? Digest(string json) => JsonDocument.Parse(json).RootElement.GetProperty("digest").GetString();
}
