using System.Text.Json.Nodes;
using OpenTofuOci.Core.Oci;
using OpenTofuOci.Core.Oci.Layout;
using OpenTofuOci.Core.Oci.Remote;
using OpenTofuOci.Core.Providers.Provenance;
using OpenTofuOci.Core.Providers.Publishing;
using OpenTofuOci.Core.Tests.Cli;
using OpenTofuOci.Core.Tests.Fixtures;

namespace OpenTofuOci.Core.Tests.Providers.Mirroring;

/// <summary>
/// Issue 12's "done when", through <c>tofu-oci provider mirror</c> run in-process: a real nginx over TLS as the
/// origin registry, network mirror and file source, gpg-signed releases, a real docker-registry (plain http) as the
/// target, and <c>provider install</c> reading what was mirrored.
/// </summary>
public sealed class ProviderMirrorEndToEndTests(MirrorOriginFixture origin, PlainRegistryFixture target)
    : IClassFixture<MirrorOriginFixture>, IClassFixture<PlainRegistryFixture>, IDisposable
{
    private static readonly string[] Asked = ["linux_amd64", "windows_amd64"];
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string NewTemplate(out string prefix)
    {
        prefix = "e2e" + Guid.NewGuid().ToString("N")[..10];
        return $"{target.Server.Address}/{prefix}/${{namespace}}/${{type}}";
    }

    private static string[] MirrorArgs(string type, string template, params string[] source) =>
    [
        "provider", "mirror", $"example.com/acme/{type}", "--version", ">= 1.0", "--platform", "linux_amd64", "--platform", "windows_amd64",
        "--template", template, .. source, "--plain-http", "--json",
    ];

    private static List<JsonNode> Results(CliRunner.Result run) => [.. JsonNode.Parse(run.Out)!["results"]!.AsArray().Select(n => n!)];

    private static Dictionary<string, string> FailedIds(CliRunner.Result run) =>
        (JsonNode.Parse(run.Out)!["failures"] ?? throw new Xunit.Sdk.XunitException($"No mirror result: {run.Out} {run.Error}")).AsArray().ToDictionary(f => (string)f!["version"]!, f => (string)f!["error"]!["id"]!);

    private static async Task<List<string>> TagsAsync(RemoteRepository repository)
    {
        var tags = new List<string>();
        try
        {
            // Provenance hangs off the referrers tag schema's sha256-HEX tags on this registry; versions are the rest.
            await foreach (var tag in repository.ListTagsAsync())
            {
                if (!tag.StartsWith("sha256-", StringComparison.Ordinal))
                {
                    tags.Add(tag);
                }
            }
        }
        catch (Errors.TofuOciException e) when (e.Kind == Errors.ErrorKind.NotFound)
        {
        }

        return [.. tags.Order(StringComparer.Ordinal)];
    }

    // provider publish of the same zips into a layout: the index digest the mirror must have produced.
    private async Task<ProviderPublishResult> PublishedByProviderPublishAsync(string type, string version)
    {
        var release = MirrorOriginFixture.Release(type, version);
        var dir = _dir.Combine($"release-{type}-{version}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        foreach (var platform in Asked)
        {
            await File.WriteAllBytesAsync(Path.Combine(dir, release.FileName(platform)), release.Zip(platform));
        }

        return await ProviderPublisher.PublishAsync(new ProviderPublishRequest
        {
            Files = ProviderReleaseFile.FromPaths([dir]),
            Target = new OciLayoutStore(_dir.Combine("layout-" + Guid.NewGuid().ToString("N"))),
        });
    }

    private static void AssertNothingWritten(CliRunner.Result run) =>
        Assert.DoesNotContain(run.Error.Split('\n'), line =>
            line.StartsWith("debug: PUT ", StringComparison.Ordinal) || line.StartsWith("debug: POST ", StringComparison.Ordinal) || line.StartsWith("debug: PATCH ", StringComparison.Ordinal));

    [Theory]
    [InlineData("hello")]
    [InlineData("world")]
    public async Task From_the_origin_registry_good_versions_get_signed_provenance_broken_ones_their_own_id_and_a_rerun_uploads_nothing(string type)
    {
        var template = NewTemplate(out var prefix);
        string[] source = ["--from-registry", origin.Server.BaseUrl, "--ca-file", origin.Server.CaFile!, "--trusted-key", origin.KeyFile];

        var run = await CliRunner.RunAsync(MirrorArgs(type, template, source));

        Assert.Equal(1, run.ExitCode);
        var broken = MirrorOriginFixture.BrokenRegistryReleases.Where(b => b.Type == type).ToList();
        Assert.Equal(broken.ToDictionary(b => b.Version, b => b.ErrorId), FailedIds(run));
        Assert.Equal("ProviderMirrorIncomplete", (string)JsonNode.Parse(run.Out)!["error"]!["id"]!);
        foreach (var b in broken)
        {
            Assert.Contains($"[{b.ErrorId}]", run.Error, StringComparison.Ordinal);
        }

        Assert.Contains("[ProviderMirrorIncomplete]", run.Error, StringComparison.Ordinal);
        var repository = target.Server.Repository($"{prefix}/acme/{type}");
        Assert.Equal(MirrorOriginFixture.GoodVersions, await TagsAsync(repository));

        var results = Results(run);
        foreach (var version in MirrorOriginFixture.GoodVersions)
        {
            var expected = await PublishedByProviderPublishAsync(type, version);
            var release = MirrorOriginFixture.Release(type, version);
            var items = results.Where(r => (string)r["version"]! == version).ToList();
            Assert.Equal(Asked, items.Select(i => (string)i["platform"]!));
            Assert.All(items, i =>
            {
                Assert.Equal("published", (string)i["status"]!);
                Assert.Equal(expected.IndexDigest, (string)i["indexDigest"]!);
                Assert.Equal(origin.Key.PrimaryKeyId, (string)i["signedBy"]!);
            });
            Assert.Equal(Asked.Select(p => "sha256:" + TestFixtures.ReleaseFiles.Sha256Hex(release.Zip(p))), items.Select(i => (string)i["zipDigest"]!));
            Assert.Equal(expected.IndexDigest, (await repository.ResolveAsync(version)).Digest);

            var stored = Assert.Single(await ProvenanceStore.FindAsync(repository, expected.Index));
            Assert.Equal((string)items[0]["provenanceDigest"]!, stored.Manifest.Digest);
            Assert.True(stored.Provenance.IsSigned);
            Assert.Equal("registry", stored.Provenance.SourceKind);
            Assert.Equal(release.SumsFileName, stored.Provenance.ChecksumsFileName);
            Assert.Equal(release.Sums(), stored.Provenance.Checksums);
            Assert.Equal(
                await File.ReadAllBytesAsync(Path.Combine(origin.Www, "releases", "acme", type, version, release.SumsFileName + ".sig")),
                stored.Provenance.Signature);
        }

        var again = await CliRunner.RunAsync([.. MirrorArgs(type, template, source), "--debug"]);

        Assert.Equal(1, again.ExitCode);
        Assert.Equal(0, (long)JsonNode.Parse(again.Out)!["bytesUploaded"]!);
        Assert.All(Results(again).Where(r => (string)r["status"]! != "failed"), r => Assert.Equal("already-present", (string)r["status"]!));
        Assert.Equal(results.Select(r => (string?)r["provenanceDigest"]), Results(again).Select(r => (string?)r["provenanceDigest"]));
        Assert.Equal(broken.ToDictionary(b => b.Version, b => b.ErrorId), FailedIds(again));
        AssertNothingWritten(again);

        var destination = _dir.Combine("installed-" + type);
        var install = await CliRunner.RunAsync("provider", "install", $"example.com/acme/{type}", "--version", "1.2.0", "--platform", "linux_amd64", "--platform", "windows_amd64",
            "--template", template, "--plain-http", "--destination", destination, "--require-provenance", "--trusted-key", origin.KeyFile, "--json");

        Assert.True(install.ExitCode == 0, install.Error);
        Assert.True(File.Exists(Path.Combine(destination, "example.com", "acme", type, "1.2.0", "linux_amd64", $"terraform-provider-{type}_v1.2.0")));
        Assert.True(File.Exists(Path.Combine(destination, "example.com", "acme", type, "1.2.0", "windows_amd64", $"terraform-provider-{type}_v1.2.0")));
    }

    [Fact]
    public async Task A_signer_outside_the_trusted_keys_is_SigningKeyUnknown_for_every_version_and_nothing_is_published()
    {
        var template = NewTemplate(out var prefix);

        var run = await CliRunner.RunAsync(MirrorArgs("hello", template, "--from-registry", origin.Server.BaseUrl, "--ca-file", origin.Server.CaFile!, "--trusted-key", origin.OtherKeyFile));

        Assert.Equal(1, run.ExitCode);
        var ids = FailedIds(run);
        Assert.Equal(["1.0.0", "1.1.0", "1.2.0", "1.3.0", "1.4.0", "1.5.0"], ids.Keys.Order(StringComparer.Ordinal));
        Assert.All(MirrorOriginFixture.GoodVersions, v => Assert.Equal("SigningKeyUnknown", ids[v]));
        Assert.Empty(await TagsAsync(target.Server.Repository($"{prefix}/acme/hello")));
    }

    [Theory]
    [InlineData("network-mirror")]
    [InlineData("directory")]
    public async Task From_an_unsigned_source_versions_need_allow_unsigned_then_hashes_are_checked_and_a_rerun_uploads_nothing(string kind)
    {
        var template = NewTemplate(out var prefix);
        string[] source = kind == "directory"
            ? ["--from-directory", origin.Directory]
            : ["--from-network-mirror", origin.MirrorUrl, "--ca-file", origin.Server.CaFile!];

        var refused = await CliRunner.RunAsync(MirrorArgs("hello", template, source));

        Assert.Equal(1, refused.ExitCode);
        Assert.All(FailedIds(refused).Values, id => Assert.Equal("UnsignedRelease", id));
        Assert.Equal(4, FailedIds(refused).Count);
        var repository = target.Server.Repository($"{prefix}/acme/hello");
        Assert.Empty(await TagsAsync(repository));

        var run = await CliRunner.RunAsync([.. MirrorArgs("hello", template, source), "--allow-unsigned"]);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(new Dictionary<string, string> { [MirrorOriginFixture.TamperedMirrorVersion] = "SourceHashMismatch" }, FailedIds(run));
        Assert.Equal(MirrorOriginFixture.GoodVersions, await TagsAsync(repository));
        foreach (var version in MirrorOriginFixture.GoodVersions)
        {
            var expected = await PublishedByProviderPublishAsync("hello", version);
            var items = Results(run).Where(r => (string)r["version"]! == version).ToList();
            Assert.All(items, i =>
            {
                Assert.Equal("published", (string)i["status"]!);
                Assert.Equal("unsigned", (string)i["signedBy"]!);
                Assert.Equal(expected.IndexDigest, (string)i["indexDigest"]!);
            });
            var stored = Assert.Single(await ProvenanceStore.FindAsync(repository, expected.Index));
            Assert.False(stored.Provenance.IsSigned);
            Assert.Equal(kind, stored.Provenance.SourceKind);
        }

        var again = await CliRunner.RunAsync([.. MirrorArgs("hello", template, source), "--allow-unsigned", "--debug"]);

        Assert.Equal(1, again.ExitCode);
        Assert.Equal(0, (long)JsonNode.Parse(again.Out)!["bytesUploaded"]!);
        Assert.All(Results(again).Where(r => (string)r["status"]! != "failed"), r => Assert.Equal("already-present", (string)r["status"]!));
        AssertNothingWritten(again);

        // Provenance of an unsigned source says so: an install that requires signed provenance refuses it, a plain install takes it.
        var destination = _dir.Combine("installed-" + kind);
        string[] install = ["provider", "install", "example.com/acme/hello", "--version", "1.2.0", "--platform", "linux_amd64", "--template", template, "--plain-http", "--destination", destination];
        var required = await CliRunner.RunAsync([.. install, "--require-provenance", "--trusted-key", origin.KeyFile]);
        Assert.Equal(1, required.ExitCode);
        Assert.Contains("[UnsignedRelease]", required.Error, StringComparison.Ordinal);
        var plain = await CliRunner.RunAsync(install);
        Assert.True(plain.ExitCode == 0, plain.Error);
        Assert.True(File.Exists(Path.Combine(destination, "example.com", "acme", "hello", "1.2.0", "linux_amd64", "terraform-provider-hello_v1.2.0")));
    }

    [Fact]
    public async Task Human_output_has_one_line_per_version_and_platform()
    {
        var template = NewTemplate(out _);

        var run = await CliRunner.RunAsync("provider", "mirror", "example.com/acme/world", "--version", "1.0.0", "--platform", "linux_amd64",
            "--template", template, "--plain-http", "--from-registry", origin.Server.BaseUrl, "--ca-file", origin.Server.CaFile!);

        Assert.Equal(0, run.ExitCode);
        var lines = run.Out.TrimEnd('\n').Split('\n');
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("published example.com/acme/world 1.0.0 linux_amd64 sha256:", lines[0], StringComparison.Ordinal);
        Assert.Contains($" signed-by {origin.Key.PrimaryKeyId} provenance sha256:", lines[0], StringComparison.Ordinal);
        Assert.EndsWith($" bytes uploaded to {target.Server.Address}/{template.Split('/')[1]}/acme/world from {origin.Server.BaseUrl}/", lines[1], StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Error);
    }
}
