using System.Text.Json;
using OpenTofuOci.Core.Oci;
using OpenTofuOci.Core.Tests.Fixtures;
using OpenTofuOci.Core.Tests.Providers.Publishing;

namespace OpenTofuOci.Core.Tests.Cli;

/// <summary><c>tofu-oci provider publish|versions</c> end to end, against a real registry and layouts.</summary>
public sealed class ProviderCliTests(PlainRegistryFixture fixture) : IClassFixture<PlainRegistryFixture>, IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private readonly string _prefix = $"cli-{Guid.NewGuid().ToString("N")[..8]}";

    private string Repo(string name) => $"{fixture.Server.Address}/{_prefix}/registry.opentofu.org/example/{name}";

    [Fact]
    public async Task Publish_then_versions_lists_the_platforms_and_digest_and_again_uploads_nothing()
    {
        var zips = ReleaseFiles.Write(_dir.Combine("release"), "foo-bar", "1.2.3", ["linux_amd64", "darwin_arm64"]);
        var repo = Repo("foo-bar");

        var first = await CliRunner.RunAsync("provider", "publish", _dir.Combine("release"), "--repository", repo, "--plain-http", "--json");
        Assert.True(first.ExitCode == 0, first.Error);
        var json = JsonDocument.Parse(first.Out).RootElement;
        Assert.Equal("published", json.GetProperty("status").GetString());
        Assert.Equal("foo-bar", json.GetProperty("type").GetString());
        Assert.Equal("1.2.3", json.GetProperty("tag").GetString());
        var digest = json.GetProperty("digest").GetString()!;
        var platforms = json.GetProperty("platforms").EnumerateArray().ToList();
        Assert.Equal(["darwin_arm64", "linux_amd64"], platforms.Select(p => p.GetProperty("platform").GetString()));
        Assert.Equal("zh:" + ReleaseFiles.Sha256Hex(zips[0]), platforms[1].GetProperty("zipHash").GetString());
        Assert.Equal(3, json.GetProperty("blobsUploaded").GetInt32());

        var again = await CliRunner.RunAsync("provider", "publish", _dir.Combine("release"), "--repository", repo, "--plain-http", "--json");
        Assert.True(again.ExitCode == 0, again.Error);
        var againJson = JsonDocument.Parse(again.Out).RootElement;
        Assert.Equal("unchanged", againJson.GetProperty("status").GetString());
        Assert.Equal(digest, againJson.GetProperty("digest").GetString());
        Assert.Equal(0, againJson.GetProperty("bytesUploaded").GetInt64());

        // The template names the same repository the way an oci_mirror block would.
        var template = $"{fixture.Server.Address}/{_prefix}/${{hostname}}/${{namespace}}/${{type}}";
        var versions = await CliRunner.RunAsync("provider", "versions", "example/foo-bar", "--template", template, "--plain-http", "--json");
        Assert.True(versions.ExitCode == 0, versions.Error);
        var listed = JsonDocument.Parse(versions.Out).RootElement.EnumerateArray().Single();
        Assert.Equal("1.2.3", listed.GetProperty("version").GetString());
        Assert.Equal(digest, listed.GetProperty("digest").GetString());
        Assert.Equal(["darwin_arm64", "linux_amd64"], listed.GetProperty("platforms").EnumerateArray().Select(p => p.GetProperty("platform").GetString()));
        Assert.Equal(JsonValueKind.Null, listed.GetProperty("problem").ValueKind);

        var text = await CliRunner.RunAsync("provider", "versions", "example/foo-bar", "--repository", repo, "--plain-http");
        Assert.True(text.ExitCode == 0, text.Error);
        Assert.Equal(
            $"VERSION  {"DIGEST",-71}  PLATFORMS" + Environment.NewLine +
            $"1.2.3    {digest}  darwin_arm64, linux_amd64" + Environment.NewLine,
            text.Out);
    }

    [Fact]
    public async Task Publish_text_output_names_every_platform()
    {
        var zips = ReleaseFiles.Write(_dir.Combine("release"), "foo-bar", "0.3.0", ["linux_amd64"], sums: false);
        var r = await CliRunner.RunAsync("provider", "publish", zips[0], "-r", $"oci-layout:{_dir.Combine("mirror")}");
        Assert.True(r.ExitCode == 0, r.Error);
        var lines = r.Out.Split(Environment.NewLine);
        Assert.Equal($"Published provider foo-bar 0.3.0 to oci-layout:{_dir.Combine("mirror")}:0.3.0", lines[0]);
        Assert.StartsWith("  digest  sha256:", lines[1], StringComparison.Ordinal);
        Assert.Matches("^  linux_amd64  sha256:[0-9a-f]{64}  zh:" + ReleaseFiles.Sha256Hex(zips[0]) + "$", lines[2]);
        Assert.Matches("^  [0-9]+ bytes uploaded \\(2 sent, 0 already present\\)$", lines[3]);
    }

    [Fact]
    public async Task A_rebuilt_version_is_refused_and_replaced_with_force()
    {
        ReleaseFiles.Write(_dir.Combine("one"), "foo-bar", "1.0.0", ["linux_amd64"]);
        ReleaseFiles.Write(_dir.Combine("two"), "foo-bar", "1.0.0", ["linux_amd64"], salt: "rebuilt");
        var layout = $"oci-layout:{_dir.Combine("mirror")}";
        Assert.Equal(0, (await CliRunner.RunAsync("provider", "publish", _dir.Combine("one"), "-r", layout)).ExitCode);

        var refused = await CliRunner.RunAsync("provider", "publish", _dir.Combine("two"), "-r", layout);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("[ProviderVersionExists]", refused.Error, StringComparison.Ordinal);

        var forced = await CliRunner.RunAsync("provider", "publish", _dir.Combine("two"), "-r", layout, "--force", "--json");
        Assert.True(forced.ExitCode == 0, forced.Error);
        Assert.Equal("replaced", JsonDocument.Parse(forced.Out).RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task From_copies_a_version_between_a_registry_and_a_layout_keeping_the_digest()
    {
        ReleaseFiles.Write(_dir.Combine("release"), "foo-bar", "4.0.0", ["linux_amd64", "windows_arm64"]);
        var repo = Repo("foo-bar");
        var published = await CliRunner.RunAsync("provider", "publish", _dir.Combine("release"), "-r", repo, "--plain-http", "--json");
        Assert.True(published.ExitCode == 0, published.Error);
        var digest = JsonDocument.Parse(published.Out).RootElement.GetProperty("digest").GetString();

        var copied = await CliRunner.RunAsync("provider", "publish", "--from", $"{repo}:4.0.0", "-r", $"oci-layout:{_dir.Combine("carry")}", "--plain-http", "--json");
        Assert.True(copied.ExitCode == 0, copied.Error);
        var json = JsonDocument.Parse(copied.Out).RootElement;
        Assert.Equal(digest, json.GetProperty("digest").GetString());
        Assert.Equal("published", json.GetProperty("status").GetString());
        Assert.Equal(["linux_amd64", "windows_arm64"], json.GetProperty("platforms").EnumerateArray().Select(p => p.GetProperty("platform").GetString()));

        var raw = await ProviderPublisherTests.SkopeoRawAsync($"docker://{repo}:4.0.0");
        Assert.Equal(digest, Digest.Compute(System.Text.Encoding.UTF8.GetBytes(raw)).ToString());
    }

    [Theory]
    [InlineData("InvalidArgument", "provider", "publish", "-r", "oci-layout:/tmp/x")]
    [InlineData("InvalidReference", "provider", "publish", "/tmp", "-r", "oci-layout:/tmp/x:1.0.0")]
    [InlineData("InvalidArgument", "provider", "publish", "/tmp", "-r", "oci-layout:/tmp/x", "--from", "oci-layout:/tmp/y:1.0.0")]
    [InlineData("InvalidReference", "provider", "publish", "-r", "oci-layout:/tmp/x", "--from", "oci-layout:/tmp/y")]
    [InlineData("InvalidArgument", "provider", "versions", "example/foo", "-r", "oci-layout:/tmp/x", "--template", "example.com/${namespace}/${type}")]
    [InlineData("InvalidReference", "provider", "versions", "example/foo", "-r", "oci-layout:/tmp/x:1.0.0")]
    public async Task Contradictory_or_incomplete_command_lines_are_usage_errors(string id, params string[] args)
    {
        var r = await CliRunner.RunAsync(args);
        Assert.Equal(2, r.ExitCode);
        Assert.EndsWith($"[{id}]" + Environment.NewLine, r.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Versions_without_repository_or_template_reads_the_cli_configuration()
    {
        // No configuration at all: the provider has no mirror, as for provider install.
        var none = await CliRunner.RunAsync("provider", "versions", "example/foo");
        Assert.Equal(1, none.ExitCode);
        Assert.Contains("Provider registry.opentofu.org/example/foo has no OCI mirror: the CLI configuration has no provider_installation block with an oci_mirror method", none.Error, StringComparison.Ordinal);
        Assert.EndsWith("[ProviderNotFound]" + Environment.NewLine, none.Error, StringComparison.Ordinal);

        ReleaseFiles.Write(_dir.Combine("configured"), "configured", "3.0.0", ["linux_arm64"]);
        var published = await CliRunner.RunAsync("provider", "publish", _dir.Combine("configured"), "--repository", Repo("configured"), "--plain-http", "--json");
        Assert.True(published.ExitCode == 0, published.Error);
        var config = _dir.Combine("cli.tfrc");
        await File.WriteAllTextAsync(config, $$"""
            provider_installation {
              oci_mirror {
                repository_template = "{{fixture.Server.Address}}/{{_prefix}}/${hostname}/${namespace}/${type}"
                include             = ["registry.opentofu.org/example/*"]
              }
            }
            """);
        var environment = CliRunner.EnvironmentWith(_dir.Combine("home"), new Dictionary<string, string> { ["TF_CLI_CONFIG_FILE"] = config });

        var listed = await CliRunner.RunWithEnvironmentAsync(environment, string.Empty, "provider", "versions", "example/configured", "--plain-http", "--json");

        Assert.True(listed.ExitCode == 0, listed.Error);
        var version = JsonDocument.Parse(listed.Out).RootElement.EnumerateArray().Single();
        Assert.Equal(("3.0.0", Repo("configured")), (version.GetProperty("version").GetString(), version.GetProperty("repository").GetString()));
        Assert.Equal(JsonDocument.Parse(published.Out).RootElement.GetProperty("digest").GetString(), version.GetProperty("digest").GetString());
    }

    [Fact]
    public async Task A_checksum_mismatch_exits_1_naming_the_file()
    {
        var zips = ReleaseFiles.Write(_dir.Combine("release"), "foo-bar", "1.0.0", ["linux_amd64"]);
        File.WriteAllBytes(zips[0], ReleaseFiles.Zip("foo-bar", "1.0.0", "linux_amd64", salt: "corrupt"));
        var r = await CliRunner.RunAsync("provider", "publish", _dir.Combine("release"), "-r", $"oci-layout:{_dir.Combine("mirror")}", "--json");
        Assert.Equal(1, r.ExitCode);
        var error = JsonDocument.Parse(r.Out).RootElement.GetProperty("error");
        Assert.Equal("ChecksumMismatch", error.GetProperty("id").GetString());
        Assert.Equal(zips[0], error.GetProperty("target").GetString());
        var tags = await CliRunner.RunAsync("tags", $"oci-layout:{_dir.Combine("mirror")}", "--json");
        Assert.Equal("[]", tags.Out.Trim());
    }
}
