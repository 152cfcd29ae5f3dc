using System.Diagnostics;
using System.Text.Json;
using OpenTofuOci.Core.Oci;
using OpenTofuOci.Core.Tests.Fixtures;

namespace OpenTofuOci.Core.Tests.Cli;

/// <summary>
/// The issue's "done when": <c>tofu-oci copy</c> moves an artifact registry → layout → another
/// registry with identical digests and <c>tofu-oci tags</c> lists it. Two real docker-registry processes.
/// </summary>
public sealed class CliEndToEndTests
{
    [Fact]
    public async Task Registry_to_layout_to_another_registry_keeps_every_digest_and_tags_lists_it()
    {
        await using var first = await RegistryServer.StartAsync(RegistryMode.PlainHttp);
        await using var second = await RegistryServer.StartAsync(RegistryMode.PlainHttp);
        using var layout = new TempDirectory();

        var published = await CliRunner.RunAsync("sample", $"{first.Address}/mirror/hello:1.2.3", "--plain-http", "--json");
        Assert.True(published.ExitCode == 0, published.Error);
        var digest = JsonDocument.Parse(published.Out).RootElement.GetProperty("digest").GetString();

        var down = await CliRunner.RunAsync("copy", $"{first.Address}/mirror/hello:1.2.3", $"oci-layout:{layout.Path}", "--plain-http", "--json");
        Assert.True(down.ExitCode == 0, down.Error);
        var downJson = JsonDocument.Parse(down.Out).RootElement;
        Assert.Equal(digest, downJson.GetProperty("digest").GetString());
        Assert.Equal("1.2.3", downJson.GetProperty("tag").GetString());
        Assert.Equal(MediaTypes.OpenTofuProvider, downJson.GetProperty("artifactType").GetString());
        // index + 2 manifests + empty config + 2 zips
        Assert.Equal(6, downJson.GetProperty("itemsCopied").GetInt32());

        var up = await CliRunner.RunAsync("copy", $"oci-layout:{layout.Path}:1.2.3", $"{second.Address}/copied/hello", "--plain-http", "--json");
        Assert.True(up.ExitCode == 0, up.Error);
        Assert.Equal(digest, JsonDocument.Parse(up.Out).RootElement.GetProperty("digest").GetString());

        var tags = await CliRunner.RunAsync("tags", $"{second.Address}/copied/hello", "--plain-http", "--json");
        Assert.True(tags.ExitCode == 0, tags.Error);
        var listed = JsonDocument.Parse(tags.Out).RootElement.EnumerateArray().Single();
        Assert.Equal("1.2.3", listed.GetProperty("tag").GetString());
        Assert.Equal("1.2.3", listed.GetProperty("version").GetString());

        // An independent reader sees the same index bytes in both registries, artifactType included.
        var original = await SkopeoRawAsync($"docker://{first.Address}/mirror/hello:1.2.3");
        var copied = await SkopeoRawAsync($"docker://{second.Address}/copied/hello:1.2.3");
        Assert.Equal(original, copied);
        Assert.Equal(digest, Digest.Compute(System.Text.Encoding.UTF8.GetBytes(copied)).ToString());
        Assert.Contains("\"artifactType\":\"application/vnd.opentofu.provider\"", copied, StringComparison.Ordinal);

        // Copying again transfers nothing.
        var again = await CliRunner.RunAsync("copy", $"oci-layout:{layout.Path}:1.2.3", $"{second.Address}/copied/hello", "--plain-http", "--json");
        Assert.Equal(0, JsonDocument.Parse(again.Out).RootElement.GetProperty("itemsCopied").GetInt32());
    }

    [Fact]
    public async Task Tags_of_a_layout_written_by_sample_are_listed_as_text()
    {
        using var layout = new TempDirectory();
        Assert.Equal(0, (await CliRunner.RunAsync("sample", $"oci-layout:{layout.Path}:1.0.0")).ExitCode);
        Assert.Equal(0, (await CliRunner.RunAsync("sample", $"oci-layout:{layout.Path}:1.0.0_build.2")).ExitCode);
        var r = await CliRunner.RunAsync("tags", $"oci-layout:{layout.Path}");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal(
            "TAG            VERSION" + Environment.NewLine +
            "1.0.0          1.0.0" + Environment.NewLine +
            "1.0.0_build.2  1.0.0+build.2" + Environment.NewLine,
            r.Out);
    }

    [Fact]
    public async Task Tags_of_a_missing_layout_is_NotFound()
    {
        using var dir = new TempDirectory();
        var r = await CliRunner.RunAsync("tags", $"oci-layout:{dir.Combine("absent")}");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("[NotFound]", r.Error, StringComparison.Ordinal);
        Assert.Contains(dir.Combine("absent"), r.Error, StringComparison.Ordinal);
    }

    private static async Task<string> SkopeoRawAsync(string reference)
    {
        var psi = new ProcessStartInfo("skopeo") { ArgumentList = { "inspect", "--raw", "--tls-verify=false", reference }, RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(psi)!;
        var output = await p.StandardOutput.ReadToEndAsync();
        var error = await p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        Assert.True(p.ExitCode == 0, error);
        return output.TrimEnd('\n');
    }
}
