using System.Text.Json.Nodes;
using OpenTofuOci.Core.Oci;
using OpenTofuOci.Core.Oci.Layout;
using OpenTofuOci.Core.Oci.Targets;
using OpenTofuOci.Core.Providers.Provenance;
using OpenTofuOci.Core.Providers.Publishing;
using OpenTofuOci.Core.Tests.Cli;
using OpenTofuOci.Core.Tests.Fixtures;
using OpenTofuOci.Core.Tests.Providers.Mirroring;

namespace OpenTofuOci.Core.Tests.Native;

/// <summary>
/// <c>tofu-oci provider mirror</c> as shipped (native AOT): service discovery, the registry protocol over TLS with a
/// private CA, OpenPGP verification (BouncyCastle) of a gpg-signed SHA256SUMS, publishing and the provenance referrer,
/// then a native <c>provider install --require-provenance</c>. Real nginx, gpg and docker-registry throughout.
/// </summary>
[Collection(NativeCliGroup.Name)]
public sealed class NativeProviderMirrorTests(NativeCliFixture native, MirrorOriginFixture origin, PlainRegistryFixture target)
    : IClassFixture<MirrorOriginFixture>, IClassFixture<PlainRegistryFixture>, IDisposable
{
    private static readonly string[] Platforms = ["linux_amd64", "windows_amd64"];
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    // No CLI configuration or credentials of the user running the tests, as CliRunner runs in-process.
    private Dictionary<string, string?> Hermetic()
    {
        var home = _dir.Combine("home");
        Directory.CreateDirectory(home);
        return new() { ["HOME"] = home, ["TF_CLI_CONFIG_FILE"] = null, ["TF_PLUGIN_CACHE_DIR"] = null, ["DOCKER_CONFIG"] = null };
    }

    // provider publish of the same zips into a layout: the index the mirror must have produced.
    private async Task<ProviderPublishResult> PublishedByProviderPublishAsync(string version)
    {
        var release = MirrorOriginFixture.Release("hello", version);
        var dir = _dir.Combine("release-" + version);
        Directory.CreateDirectory(dir);
        foreach (var platform in Platforms)
        {
            await File.WriteAllBytesAsync(Path.Combine(dir, release.FileName(platform)), release.Zip(platform));
        }

        return await ProviderPublisher.PublishAsync(new ProviderPublishRequest
        {
            Files = ProviderReleaseFile.FromPaths([dir]),
            Target = new OciLayoutStore(_dir.Combine("layout-" + version)),
        });
    }

    private static async Task<List<string>> TagsAsync(IReadOnlyTarget repository)
    {
        var tags = new List<string>();
        await foreach (var tag in ((ITagLister)repository).ListTagsAsync())
        {
            tags.Add(tag);
        }

        return [.. tags.Order(StringComparer.Ordinal)];
    }

    private static SortedDictionary<string, string> Files(string root) => new(
        Directory.GetFiles(root, "*", SearchOption.AllDirectories).ToDictionary(
            f => Path.GetRelativePath(root, f),
            f => TestFixtures.ReleaseFiles.Sha256Hex(File.ReadAllBytes(f))),
        StringComparer.Ordinal);

    [Fact]
    public async Task Native_mirror_from_a_signed_registry_publishes_the_provider_publish_index_with_provenance_and_native_install_requiring_it_matches_the_in_process_install()
    {
        var prefix = "native" + Guid.NewGuid().ToString("N")[..10];
        var template = $"{target.Server.Address}/{prefix}/${{namespace}}/${{type}}";

        var mirror = native.Invoke(Hermetic(), "provider", "mirror", "example.com/acme/hello", "--version", "1.2.0", "--platform", "linux_amd64", "--platform", "windows_amd64",
            "--template", template, "--plain-http", "--from-registry", origin.Server.BaseUrl, "--ca-file", origin.Server.CaFile!, "--trusted-key", origin.KeyFile, "--json");

        Assert.True(mirror.ExitCode == 0, $"exit {mirror.ExitCode}: {mirror.Error}");
        var expected = await PublishedByProviderPublishAsync("1.2.0");
        using var repository = target.Server.Repository($"{prefix}/acme/hello");
        var subject = Digest.Parse(expected.IndexDigest);
        // The version's tag and, this registry having no referrers API, the referrers tag of its index.
        Assert.Equal(["1.2.0", ReferrersTag.For(subject)], await TagsAsync(repository));
        Assert.Equal(expected.IndexDigest, (await repository.ResolveAsync("1.2.0")).Digest);
        var results = JsonNode.Parse(mirror.Out)!["results"]!.AsArray();
        Assert.Equal(Platforms, results.Select(r => (string)r!["platform"]!));
        var release = MirrorOriginFixture.Release("hello", "1.2.0");
        Assert.All(results, r =>
        {
            Assert.Equal("published", (string)r!["status"]!);
            Assert.Equal(expected.IndexDigest, (string)r["indexDigest"]!);
            Assert.Equal(origin.Key.PrimaryKeyId, (string)r["signedBy"]!);
        });
        Assert.Equal(Platforms.Select(p => "sha256:" + TestFixtures.ReleaseFiles.Sha256Hex(release.Zip(p))), results.Select(r => (string)r!["zipDigest"]!));
        var stored = Assert.Single(await ProvenanceStore.FindAsync(repository, expected.Index));
        Assert.Equal((string)results[0]!["provenanceDigest"]!, stored.Manifest.Digest);
        Assert.True(stored.Provenance.IsSigned);
        Assert.Equal(release.Sums(), stored.Provenance.Checksums);
        Assert.Equal(
            await File.ReadAllBytesAsync(Path.Combine(origin.Www, "releases", "acme", "hello", "1.2.0", release.SumsFileName + ".sig")),
            stored.Provenance.Signature);

        string[] install = ["provider", "install", "example.com/acme/hello", "--version", "1.2.0", "--platform", "linux_amd64", "--platform", "windows_amd64",
            "--template", template, "--plain-http", "--require-provenance", "--trusted-key", origin.KeyFile, "--json", "--destination"];
        var nativeInstall = native.Invoke(Hermetic(), [.. install, _dir.Combine("native")]);
        var inProcess = await CliRunner.RunAsync([.. install, _dir.Combine("in-process")]);

        Assert.True(nativeInstall.ExitCode == 0, $"exit {nativeInstall.ExitCode}: {nativeInstall.Error}");
        Assert.True(inProcess.ExitCode == 0, inProcess.Error);
        var installed = Files(_dir.Combine("native"));
        Assert.Equal(Files(_dir.Combine("in-process")), installed);
        Assert.Contains(Path.Combine("example.com", "acme", "hello", "1.2.0", "linux_amd64", "terraform-provider-hello_v1.2.0"), installed.Keys);
        Assert.Contains(Path.Combine("example.com", "acme", "hello", "1.2.0", "windows_amd64", "terraform-provider-hello_v1.2.0"), installed.Keys);
    }
}
