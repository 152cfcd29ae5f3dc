using System.Text.Json;
using OpenTofuOci.Core.Tests.Fixtures;

namespace OpenTofuOci.Core.Tests.Cli;

/// <summary>
/// What OpenTofu warns about in its CLI configuration reaches stderr as a warning and does not stop
/// the command: a TF_CLI_CONFIG_FILE naming a missing file (tofu: "Unable to open CLI configuration
/// file"), and installation methods other than oci_mirror.
/// </summary>
public sealed class CliConfigWarningTests(PlainRegistryFixture fixture) : IClassFixture<PlainRegistryFixture>
{
    [Fact]
    public async Task A_missing_TF_CLI_CONFIG_FILE_is_a_warning_and_TF_PLUGIN_CACHE_DIR_still_gives_the_destination()
    {
        using var temp = new TempDirectory();
        Assert.Equal(0, (await CliRunner.RunAsync("sample", $"oci-layout:{temp.Combine("mirror")}:1.0.0")).ExitCode);
        var missing = temp.Combine("missing.tfrc");
        var env = CliRunner.EnvironmentWith(temp.Combine("home"), new Dictionary<string, string>
        {
            ["TF_CLI_CONFIG_FILE"] = missing,
            ["TF_PLUGIN_CACHE_DIR"] = temp.Combine("cache"),
        });

        var run = await CliRunner.RunWithEnvironmentAsync(env, string.Empty, "provider", "install", "example/hello", "--platform", "linux_amd64",
            "--repository", $"oci-layout:{temp.Combine("mirror")}", "--json");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal($"warning: Unable to open CLI configuration file: {missing}, named by TF_CLI_CONFIG_FILE (or TERRAFORM_CONFIG), does not exist, so no CLI configuration is used (as tofu does). Create it, or unset the variable.{Environment.NewLine}", run.Error);
        Assert.Equal(temp.Combine("cache", "registry.opentofu.org", "example", "hello", "1.0.0", "linux_amd64"),
            JsonDocument.Parse(run.Out).RootElement.GetProperty("packages")[0].GetProperty("path").GetString());
    }

    [Fact]
    public async Task Other_installation_methods_are_reported_as_not_handled_and_the_oci_mirror_is_used()
    {
        using var temp = new TempDirectory();
        var prefix = $"{fixture.Server.Address}/cfg-{Guid.NewGuid().ToString("N")[..8]}";
        Assert.Equal(0, (await CliRunner.RunAsync("sample", $"{prefix}/example/hello:1.0.0", "--plain-http")).ExitCode);
        var rc = temp.Combine("home", ".tofurc");
        Directory.CreateDirectory(temp.Combine("home"));
        await File.WriteAllTextAsync(rc, $$"""
            provider_installation {
              oci_mirror {
                repository_template = "{{prefix}}/${namespace}/${type}"
                include             = ["registry.opentofu.org/*/*"]
              }
              direct {
                exclude = ["registry.opentofu.org/*/*"]
              }
            }
            """);
        var env = CliRunner.EnvironmentWith(temp.Combine("home"));

        var run = await CliRunner.RunWithEnvironmentAsync(env, string.Empty, "provider", "install", "example/hello", "--platform", "linux_amd64",
            "--destination", temp.Combine("plugins"), "--plain-http", "--json");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal($"warning: {rc}:6:3: The direct installation method is not handled by this module; it only installs from oci_mirror sources, and OpenTofu uses the others itself.{Environment.NewLine}", run.Error);
        Assert.Equal("installed", JsonDocument.Parse(run.Out).RootElement.GetProperty("packages")[0].GetProperty("status").GetString());
    }
}
