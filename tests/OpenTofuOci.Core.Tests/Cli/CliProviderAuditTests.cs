using System.Text.Json;
using OpenTofuOci.Core.Tests.Auditing.Scopes;

namespace OpenTofuOci.Core.Tests.Cli;

/// <summary>
/// <c>tofu-oci provider audit</c> end to end against a real registry (docs/cli.md "provider audit"): the issue's
/// Done-when (planted defects found with stable rule ids, exit 1; <c>--fix</c>, exit 0), the JSON shape, human
/// output and its last error line, and the errors of a scope that cannot be audited.
/// </summary>
public sealed class CliProviderAuditTests(PlainRegistryFixture fixture) : IClassFixture<PlainRegistryFixture>, IDisposable
{
    private static readonly string[] FindingFields = ["rule", "severity", "subject", "repository", "version", "platform", "digest", "message", "fix", "fixable"];

    private readonly TempDirectory _dir = new();
    private readonly string _prefix = $"audit-{Guid.NewGuid().ToString("N")[..8]}";

    public void Dispose() => _dir.Dispose();

    private string Hello => $"{fixture.Server.Address}/{_prefix}/tofu/acme/hello";

    // A healthy tofu/acme/hello: three versions for two platforms each.
    private async Task PublishHealthyAsync()
    {
        foreach (var version in new[] { "1.0.0", "1.1.0", "2.0.0" })
        {
            await AuditMirrors.PublishAsync(_dir, Hello, "hello", version, "linux_amd64", "windows_amd64");
        }
    }

    // The fixable defects: 1.1.0 copied by skopeo --all over its own tag (its index loses artifactType: an error), and
    // 3.0.0 published only under the tag v3.0.0, which OpenTofu does not read as a version (a warning: tofu init
    // does not fail, but the version is invisible to it).
    private async Task PlantDefectsAsync()
    {
        await AuditMirrors.SkopeoCopyAllOntoItselfAsync(Hello + ":1.1.0");
        var scratch = $"{fixture.Server.Address}/{_prefix}/scratch/acme/hello";
        await AuditMirrors.PublishAsync(_dir, scratch, "hello", "3.0.0", "linux_amd64", "windows_amd64");
        var copy = await CliRunner.RunAsync("copy", scratch + ":3.0.0", Hello + ":v3.0.0", "--plain-http");
        Assert.True(copy.ExitCode == 0, copy.Error);
    }

    private static JsonElement Json(CliRunner.Result result) => JsonDocument.Parse(result.Out).RootElement;

    private static string[] Rules(JsonElement json, string severity) =>
        json.GetProperty("findings").EnumerateArray()
            .Where(f => f.GetProperty("severity").GetString() == severity)
            .Select(f => $"{f.GetProperty("rule").GetString()} {f.GetProperty("version").GetString()}")
            .ToArray();

    [Fact]
    public async Task A_healthy_mirror_has_no_error_only_the_plain_http_warning_and_exits_0()
    {
        await PublishHealthyAsync();

        var result = await CliRunner.RunAsync("provider", "audit", Hello, "--plain-http", "--json");

        Assert.True(result.ExitCode == 0, result.Out + result.Error);
        var json = Json(result);
        Assert.Empty(Rules(json, "error"));
        var warning = Assert.Single(json.GetProperty("findings").EnumerateArray());
        Assert.Equal(FindingFields, warning.EnumerateObject().Select(p => p.Name));
        Assert.Equal("PlainHttpRegistry", warning.GetProperty("rule").GetString());
        Assert.Equal("registry.opentofu.org/acme/hello", warning.GetProperty("subject").GetString());
        Assert.Equal(Hello, warning.GetProperty("repository").GetString());
        Assert.Contains("HTTPS", warning.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(
            """{"repositories":1,"versions":3,"platforms":6,"modules":0,"errors":0,"warnings":1,"fixed":0,"passed":true}""",
            json.GetProperty("summary").GetRawText().Replace(" ", string.Empty, StringComparison.Ordinal).Replace("\n", string.Empty, StringComparison.Ordinal).Replace("\r", string.Empty, StringComparison.Ordinal));
        Assert.Equal(string.Empty, result.Error);
    }

    [Fact]
    public async Task The_planted_defects_are_reported_with_stable_rule_ids_and_fix_makes_the_audit_pass()
    {
        await PublishHealthyAsync();
        await PlantDefectsAsync();

        var broken = await CliRunner.RunAsync("provider", "audit", Hello, "--plain-http", "--json");

        Assert.Equal(1, broken.ExitCode);
        var json = Json(broken);
        // skopeo drops artifactType from the index and from each of its entries: one repair restores both.
        Assert.Equal(["IndexMissingArtifactType 1.1.0", "WrongManifestArtifactType 1.1.0", "WrongManifestArtifactType 1.1.0"], Rules(json, "error"));
        Assert.Equal(["PlainHttpRegistry ", "UnparsableVersionTag v3.0.0"], Rules(json, "warning"));
        Assert.All(json.GetProperty("findings").EnumerateArray().Where(f => f.GetProperty("rule").GetString() != "PlainHttpRegistry"),
            f => Assert.True(f.GetProperty("fixable").GetBoolean()));
        Assert.EndsWith("[MirrorAuditFailed]" + Environment.NewLine, broken.Error, StringComparison.Ordinal);

        // --fix --dry-run says what it would do and changes nothing.
        var dryRun = await CliRunner.RunAsync("provider", "audit", Hello, "--plain-http", "--fix", "--dry-run", "--json");
        Assert.Equal(1, dryRun.ExitCode);
        var planned = Json(dryRun).GetProperty("fixes").EnumerateArray().ToList();
        Assert.Equal(2, planned.Count);
        Assert.All(planned, f => Assert.False(f.GetProperty("applied").GetBoolean()));
        Assert.Equal(Rules(json, "error"), Rules(Json(dryRun), "error"));
        Assert.Equal(Rules(json, "warning"), Rules(Json(dryRun), "warning"));

        var fixedRun = await CliRunner.RunAsync("provider", "audit", Hello, "--plain-http", "--fix", "--json");
        Assert.True(fixedRun.ExitCode == 0, fixedRun.Out + fixedRun.Error);
        var fixes = Json(fixedRun).GetProperty("fixes").EnumerateArray().ToList();
        Assert.Equal(["IndexMissingArtifactType", "UnparsableVersionTag"], fixes.Select(f => f.GetProperty("rule").GetString()).Order(StringComparer.Ordinal));
        Assert.All(fixes, f => Assert.True(f.GetProperty("applied").GetBoolean()));
        Assert.Equal(2, Json(fixedRun).GetProperty("summary").GetProperty("fixed").GetInt32());

        var after = await CliRunner.RunAsync("provider", "audit", Hello, "--plain-http", "--json");
        Assert.True(after.ExitCode == 0, after.Out + after.Error);
        Assert.Empty(Rules(Json(after), "error"));
        Assert.Equal(["PlainHttpRegistry "], Rules(Json(after), "warning"));
        Assert.Equal(4, Json(after).GetProperty("summary").GetProperty("versions").GetInt32());
    }

    [Fact]
    public async Task Human_output_has_a_line_and_a_fix_per_finding_a_summary_and_ends_with_MirrorAuditFailed()
    {
        await AuditMirrors.PublishAsync(_dir, Hello, "hello", "1.0.0", "linux_amd64");
        await AuditMirrors.SkopeoCopyAllOntoItselfAsync(Hello + ":1.0.0");

        var result = await CliRunner.RunAsync("provider", "audit", Hello, "--provider", "example.com/acme/hello", "--plain-http");

        Assert.Equal(1, result.ExitCode);
        var lines = result.Out.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        // Ordered by subject, version, platform and rule: the repository-wide warning first.
        Assert.StartsWith("warning PlainHttpRegistry example.com/acme/hello - -: ", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("  fix: Serve the registry over HTTPS", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("error IndexMissingArtifactType example.com/acme/hello 1.0.0 -: ", lines[2], StringComparison.Ordinal);
        Assert.StartsWith("  fix: ", lines[3], StringComparison.Ordinal);
        Assert.EndsWith(" (--fix repairs this)", lines[3], StringComparison.Ordinal);
        Assert.StartsWith("error WrongManifestArtifactType example.com/acme/hello 1.0.0 linux_amd64: ", lines[4], StringComparison.Ordinal);
        Assert.Equal(7, lines.Length);
        Assert.Equal("Audited 1 provider repositories (1 versions, 1 platforms) and 0 module sources: 2 errors, 1 warnings.", lines[^1]);
        var errorLines = result.Error.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("error: The audit found 2 problem(s) that would make tofu init fail (and 1 warning(s)); each finding says what is wrong and how to fix it. [MirrorAuditFailed]", errorLines[^1]);
    }

    [Fact]
    public async Task A_layout_is_audited_like_a_registry_and_gets_no_plain_http_warning()
    {
        var layout = "oci-layout:" + _dir.Combine("mirror", "acme", "hello");
        var release = _dir.Combine("release");
        ReleaseFiles.Write(release, "hello", "1.0.0", ["linux_amd64"]);
        var publish = await CliRunner.RunAsync("provider", "publish", release, "--repository", layout);
        Assert.True(publish.ExitCode == 0, publish.Error);

        var result = await CliRunner.RunAsync("provider", "audit", layout, "--platform", "linux_amd64", "--platform", "darwin_arm64", "--json");

        Assert.Equal(1, result.ExitCode);
        var finding = Assert.Single(Json(result).GetProperty("findings").EnumerateArray());
        Assert.Equal(("ExpectedPlatformMissing", "1.0.0", "darwin_arm64"),
            (finding.GetProperty("rule").GetString(), finding.GetProperty("version").GetString(), finding.GetProperty("platform").GetString()));
    }

    [Theory]
    [InlineData("InvalidReference", 2, "provider", "audit", "not a repository!")]
    [InlineData("InvalidReference", 2, "provider", "audit", "registry.example.com/acme/hello:1.0.0")]
    [InlineData("InvalidProviderAddress", 2, "provider", "audit", "registry.example.com/hello")]
    [InlineData("InvalidProviderAddress", 2, "provider", "audit", "registry.example.com/acme/hello", "--provider", "a/b/c/d")]
    [InlineData("InvalidArgument", 2, "provider", "audit")]
    [InlineData("InvalidArgument", 2, "provider", "audit", "registry.example.com/acme/hello", "--dry-run")]
    [InlineData("InvalidArgument", 2, "provider", "audit", "registry.example.com/acme/hello", "--template", "r.example/${namespace}/${type}")]
    public async Task A_scope_that_cannot_be_audited_is_one_error_and_no_report(string errorId, int exitCode, params string[] args)
    {
        var result = await CliRunner.RunAsync([.. args, "--json"]);

        Assert.Equal(exitCode, result.ExitCode);
        Assert.Equal(errorId, Json(result).GetProperty("error").GetProperty("id").GetString());
        Assert.False(Json(result).TryGetProperty("findings", out _));
    }
}
