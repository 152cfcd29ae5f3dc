using System.Text.Json;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Tests.Cli;
using OpenTofuOci.Core.Tests.Fixtures;

namespace OpenTofuOci.Core.Tests.Modules;

/// <summary>
/// The issue's "done when": a module published with <c>tofu-oci module publish</c> saves back byte for byte
/// with <c>tofu-oci module save</c>, by tag and by the printed digest address (real docker-registry).
/// </summary>
public sealed class ModuleCliTests(BasicAuthRegistryFixture fixture) : IClassFixture<BasicAuthRegistryFixture>, IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string WriteModule()
    {
        var root = _dir.Combine("vpc");
        Directory.CreateDirectory(Path.Combine(root, "modules", "subnet"));
        File.WriteAllText(Path.Combine(root, "main.tf"), "module \"subnet\" { source = \"./modules/subnet\" }\n");
        File.WriteAllText(Path.Combine(root, "modules", "subnet", "main.tf"), "variable \"cidr\" {}\n");
        File.WriteAllText(Path.Combine(root, "terraform.tfstate"), "{}");
        Directory.CreateDirectory(Path.Combine(root, ".terraform"));
        File.WriteAllText(Path.Combine(root, ".terraform", "x"), "x");
        File.WriteAllText(Path.Combine(root, "dev.tfvars"), "cidr = \"10.0.0.0/16\"\n");
        return root;
    }

    private static Task<CliRunner.Result> Run(params string[] args) =>
        CliRunner.RunWithInputAsync(RegistryServer.Password + "\n", [.. args, "--plain-http", "--username", RegistryServer.UserName, "--password-stdin"]);

    [Fact]
    public async Task Publish_then_save_by_tag_and_by_the_printed_digest_address_gives_the_same_files()
    {
        var module = WriteModule();
        var repo = $"{fixture.Server.Address}/modules/vpc{Guid.NewGuid().ToString("N")[..8]}";

        var published = await Run("module", "publish", module, "--repository", repo, "--tag", "1.0.0", "--tag", "latest", "--exclude", "*.tfvars");
        Assert.True(published.ExitCode == 0, published.Error);
        var lines = published.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal($"Published module to {repo} (tags: 1.0.0, latest)", lines[0]);
        var sourceLine = Assert.Single(lines, l => l.StartsWith("source = ", StringComparison.Ordinal));
        var pinned = sourceLine["source = \"".Length..^1];
        Assert.Matches($"^oci://{System.Text.RegularExpressions.Regex.Escape(repo)}\\?digest=sha256:[0-9a-f]{{64}}$", pinned);

        var expected = new SortedDictionary<string, byte[]>(StringComparer.Ordinal)
        {
            ["main.tf"] = File.ReadAllBytes(Path.Combine(module, "main.tf")),
            ["modules/subnet/main.tf"] = File.ReadAllBytes(Path.Combine(module, "modules", "subnet", "main.tf")),
        };
        foreach (var source in new[] { $"oci://{repo}?tag=1.0.0", $"oci://{repo}", pinned })
        {
            var destination = _dir.Combine("saved-" + Guid.NewGuid().ToString("N")[..8]);
            var saved = await Run("module", "save", source, "--destination", destination, "--json");
            Assert.True(saved.ExitCode == 0, saved.Error);
            Assert.Equal(expected, ModulePackages.ReadTree(destination));
            var json = JsonDocument.Parse(saved.Out).RootElement;
            Assert.Equal(pinned, json.GetProperty("pinnedSource").GetString());
            Assert.Equal(source, json.GetProperty("source").GetString());
            Assert.Equal(2, json.GetProperty("fileCount").GetInt32());
        }

        var again = await Run("module", "publish", module, "-r", repo, "-t", "1.0.0", "-t", "latest", "--exclude", "*.tfvars", "--json");
        Assert.True(again.ExitCode == 0, again.Error);
        var againJson = JsonDocument.Parse(again.Out).RootElement;
        Assert.Equal(pinned, againJson.GetProperty("source").GetString());
        Assert.Equal("unchanged", againJson.GetProperty("status").GetString());
        Assert.Equal(0, againJson.GetProperty("bytesUploaded").GetInt64());
        Assert.Equal(0, againJson.GetProperty("blobsUploaded").GetInt32());
        Assert.Equal(2, againJson.GetProperty("blobsSkipped").GetInt32());
        Assert.Equal(["main.tf", "modules/subnet/main.tf"], againJson.GetProperty("files").EnumerateArray().Select(f => f.GetString()));

        var sub = await Run("module", "save", $"oci://{repo}//modules/subnet", "-d", _dir.Combine("subnet"));
        Assert.True(sub.ExitCode == 0, sub.Error);
        Assert.Equal(["main.tf"], ModulePackages.ReadTree(_dir.Combine("subnet")).Keys);
    }

    [Fact]
    public async Task Save_errors_are_reported_with_their_id_and_exit_code_and_write_nothing()
    {
        var destination = _dir.Combine("never");

        var both = await CliRunner.RunAsync("module", "save", "oci://example.com/m?tag=a&digest=sha256:1d57d25084effd3fdfd902eca00020b34b1fb020253b84d7dd471301606015ac", "-d", destination, "--json");
        Assert.Equal(2, both.ExitCode);
        Assert.Contains("cannot set both \"tag\" and \"digest\" arguments", both.Error, StringComparison.Ordinal);
        Assert.Equal(ErrorIds.InvalidModuleAddress, JsonDocument.Parse(both.Out).RootElement.GetProperty("error").GetProperty("id").GetString());

        var missing = await Run("module", "save", $"oci://{fixture.Server.Address}/modules/none{Guid.NewGuid().ToString("N")[..6]}?tag=v9", "-d", destination);
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("resolving tag \"v9\"", missing.Error, StringComparison.Ordinal);
        Assert.EndsWith("[NotFound]" + Environment.NewLine, missing.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(destination));

        Directory.CreateDirectory(destination);
        File.WriteAllText(Path.Combine(destination, "keep.tf"), "keep");
        var repo = $"{fixture.Server.Address}/modules/exists{Guid.NewGuid().ToString("N")[..6]}";
        Assert.Equal(0, (await Run("module", "publish", WriteModule(), "-r", repo)).ExitCode);
        var exists = await Run("module", "save", $"oci://{repo}", "-d", destination);
        Assert.Equal(1, exists.ExitCode);
        Assert.Contains("[DestinationExists]", exists.Error, StringComparison.Ordinal);
        Assert.Equal(["keep.tf"], ModulePackages.ReadTree(destination).Keys);
        var forced = await Run("module", "save", $"oci://{repo}", "-d", destination, "--force");
        Assert.True(forced.ExitCode == 0, forced.Error);
        Assert.Equal(["dev.tfvars", "main.tf", "modules/subnet/main.tf"], ModulePackages.ReadTree(destination).Keys);
    }

    [Fact]
    public async Task Publish_to_a_layout_prints_a_layout_address_that_save_reads()
    {
        var module = WriteModule();
        var layout = _dir.Combine("layout");
        var published = await CliRunner.RunAsync("module", "publish", module, "--repository", "oci-layout:" + layout, "--created", "2026-01-31T12:00:00Z", "--json");
        Assert.True(published.ExitCode == 0, published.Error);
        var source = JsonDocument.Parse(published.Out).RootElement.GetProperty("source").GetString()!;
        Assert.StartsWith($"oci-layout:{layout}?digest=sha256:", source, StringComparison.Ordinal);

        var text = await CliRunner.RunAsync("module", "publish", module, "--repository", "oci-layout:" + layout, "--created", "2026-01-31T12:00:00Z");
        Assert.Contains("OpenTofu cannot read OCI layouts", text.Out, StringComparison.Ordinal);
        Assert.Contains($"source = \"{source}\"", text.Out, StringComparison.Ordinal);

        var saved = await CliRunner.RunAsync("module", "save", source, "--destination", _dir.Combine("from-layout"));
        Assert.True(saved.ExitCode == 0, saved.Error);
        Assert.StartsWith($"Saved {source} to {_dir.Combine("from-layout")}", saved.Out, StringComparison.Ordinal);

        var badDate = await CliRunner.RunAsync("module", "publish", module, "--repository", "oci-layout:" + layout, "--created", "yesterday");
        Assert.Equal(2, badDate.ExitCode);
        Assert.Contains("--created \"yesterday\" is not a date and time", badDate.Error, StringComparison.Ordinal);
        var tagged = await CliRunner.RunAsync("module", "publish", module, "--repository", $"{fixture.Server.Address}/x/y:1.0");
        Assert.Equal(2, tagged.ExitCode);
        Assert.Contains($"names the tag \"1.0\", but a repository is needed here: give it without the tag or digest ({fixture.Server.Address}/x/y). [InvalidReference]", tagged.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tag_on_other_content_is_refused_with_the_force_flag_named_and_force_moves_it()
    {
        var module = WriteModule();
        var repo = $"{fixture.Server.Address}/modules/moved{Guid.NewGuid().ToString("N")[..8]}";
        var first = await Run("module", "publish", module, "--repository", repo, "--tag", "1.0.0", "--json");
        Assert.True(first.ExitCode == 0, first.Error);
        var old = JsonDocument.Parse(first.Out).RootElement.GetProperty("digest").GetString();
        File.WriteAllText(Path.Combine(module, "main.tf"), "# changed\n");

        var refused = await Run("module", "publish", module, "--repository", repo, "--tag", "1.0.0");
        Assert.Equal(1, refused.ExitCode);
        Assert.StartsWith($"error: {repo} already has tag 1.0.0 → {old}, other content than this module package (sha256:", refused.Error, StringComparison.Ordinal);
        Assert.EndsWith("publish under a new tag, or move it deliberately with --force. [ModuleTagExists]" + Environment.NewLine, refused.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("-Force", refused.Error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, refused.Out);

        var forced = await Run("module", "publish", module, "--repository", repo, "--tag", "1.0.0", "--force");
        Assert.True(forced.ExitCode == 0, forced.Error);
        var lines = forced.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal($"Published module to {repo} (tags: 1.0.0)", lines[0]);
        Assert.Equal($"  moved   tag 1.0.0 (was {old})", lines[1]);

        var again = await Run("module", "publish", module, "--repository", repo, "--tag", "1.0.0", "--json");
        var json = JsonDocument.Parse(again.Out).RootElement;
        Assert.Equal("unchanged", json.GetProperty("status").GetString());
        Assert.Equal(0, json.GetProperty("replacedTags").GetArrayLength());
        var text = await Run("module", "publish", module, "--repository", repo, "--tag", "1.0.0");
        Assert.StartsWith($"Already published: module at {repo} (tags: 1.0.0; nothing uploaded)", text.Out, StringComparison.Ordinal);
    }
}
