using System.Collections.Concurrent;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci.Layout;
using OpenTofuOci.Core.Oci.Targets;
using OpenTofuOci.Core.Packages;
using OpenTofuOci.Core.Providers;
using OpenTofuOci.Core.Providers.Mirroring;
using OpenTofuOci.Core.Providers.Provenance;
using OpenTofuOci.Core.Providers.Publishing;
using OpenTofuOci.Core.Providers.Sources;
using OpenTofuOci.Core.Tests.Fixtures;

namespace OpenTofuOci.Core.Tests.Providers.Mirroring;

/// <summary>
/// The mirror's own decisions, with an in-memory source (answers a real server would not give on demand)
/// and a real docker-registry or layout as the target: which versions, which checks, what is published.
/// </summary>
public sealed class ProviderMirrorerTests(PlainRegistryFixture fixture) : IClassFixture<PlainRegistryFixture>, IDisposable
{
    private static readonly string[] Platforms = ["darwin_arm64", "linux_amd64", "windows_amd64"];
    private static readonly ProviderAddress Hello = ProviderAddress.Parse("example.com/acme/hello");
    private readonly TempDirectory _dir = new();
    private readonly ConcurrentQueue<string> _log = new();

    public void Dispose() => _dir.Dispose();

    private Core.Oci.Remote.RemoteRepository Registry() => fixture.Server.Repository($"mirror/hello-{Guid.NewGuid().ToString("N")[..10]}", log: _log.Enqueue);

    private OciLayoutStore Layout() => new OciLayoutStore(_dir.Combine("layout-" + Guid.NewGuid().ToString("N")[..10]));

    private static InMemoryReleaseSource MirrorWith(params string[] versions)
    {
        var source = new InMemoryReleaseSource(ProviderSourceKind.NetworkMirror);
        foreach (var v in versions)
        {
            var release = source.Add("hello", v, Platforms);
            foreach (var (platform, pkg) in release.Packages.ToList())
            {
                release.Packages[platform] = pkg with { Hashes = [PackageHash.Create("zh", ReleaseFiles.Sha256Hex(pkg.Zip)), H1(pkg.Zip)] };
            }
        }

        return source;
    }

    private static PackageHash H1(byte[] zip) => DirHash.HashZipAsync(new MemoryStream(zip)).GetAwaiter().GetResult();

    private static ProviderMirrorRequest Request(IProviderReleaseSource source, ITarget target, string? versions = ">= 1.0", bool allowUnsigned = true) => new()
    {
        Provider = Hello,
        Versions = versions is null ? null : VersionConstraint.Parse(versions),
        SourceOverride = source,
        Target = target,
        AllowUnsigned = allowUnsigned,
    };

    private static async Task<bool> HasTag(IReadOnlyTarget target, string tag)
    {
        try
        {
            await target.ResolveAsync(tag);
            return true;
        }
        catch (TofuOciException e) when (e.Kind == ErrorKind.NotFound || e.Code == ErrorCode.InvalidLayout)
        {
            return false;
        }
    }

    [Fact]
    public async Task An_unsigned_source_is_refused_for_every_version_with_UnsignedRelease_and_nothing_is_published_or_downloaded()
    {
        var source = MirrorWith("1.0.0", "1.1.0");
        var target = Layout();

        var result = await ProviderMirrorer.MirrorAsync(Request(source, target, allowUnsigned: false));

        Assert.False(result.IsComplete);
        Assert.Equal(["1.0.0", "1.1.0"], result.Failures.Select(f => f.Version.ToString()));
        Assert.All(result.Failures, f => Assert.Equal(ErrorIds.UnsignedRelease, f.Error.ErrorId));
        Assert.Equal(
            "memory://source is a provider network mirror, whose releases carry no signature; example.com/acme/hello 1.0.0 was not published. "
            + "Mirror it with its zh:/h1: hashes checked and the provenance recording that it was unsigned with the allow unsigned option, or mirror from the origin registry to keep its signature.",
            result.Failures[0].Error.Message);
        Assert.Equal(6, result.Items.Count);
        Assert.All(result.Items, i => Assert.Equal(ProviderMirrorStatus.Failed, i.Status));
        Assert.Equal(ErrorIds.ProviderMirrorIncomplete, result.Incomplete!.ErrorId);
        Assert.StartsWith("2 of 2 version(s) of example.com/acme/hello could not be mirrored from memory://source to ", result.Incomplete.Message, StringComparison.Ordinal);
        Assert.False(await HasTag(target, "1.0.0"));
        Assert.False(await HasTag(target, "1.1.0"));
    }

    [Fact]
    public async Task A_zip_that_differs_from_its_listed_zh_hash_is_SourceHashMismatch_and_its_version_is_not_published()
    {
        var source = MirrorWith("1.0.0");
        var release = source.Add("hello", "1.0.0", Platforms);
        foreach (var (platform, pkg) in release.Packages.ToList())
        {
            release.Packages[platform] = pkg with { Hashes = [PackageHash.Create("zh", ReleaseFiles.Sha256Hex(pkg.Zip))] };
        }

        var good = release.Packages[ProviderPlatform.Parse("linux_amd64")];
        release.Packages[ProviderPlatform.Parse("linux_amd64")] = good with { Zip = ReleaseFiles.Zip("hello", "1.0.0", "linux_amd64", salt: "tampered") };
        var target = Registry();

        var result = await ProviderMirrorer.MirrorAsync(Request(source, target));

        var failure = Assert.Single(result.Failures);
        Assert.Equal(ErrorIds.SourceHashMismatch, failure.Error.ErrorId);
        var actual = ReleaseFiles.Sha256Hex(ReleaseFiles.Zip("hello", "1.0.0", "linux_amd64", salt: "tampered"));
        Assert.Equal(
            $"memory://source/terraform-provider-hello_1.0.0_linux_amd64.zip (linux_amd64) does not match zh:{ReleaseFiles.Sha256Hex(good.Zip)}, which memory://source lists for it: the downloaded zip's sha256 is {actual}. "
            + "The package or the index is damaged; nothing of this version was published. Write the mirror again (tofu providers mirror) or ask its operator.",
            failure.Error.Message);
        Assert.False(await HasTag(target, "1.0.0"));
        Assert.DoesNotContain(_log, line => line.StartsWith("PUT", StringComparison.Ordinal) || line.StartsWith("POST", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_package_whose_content_differs_from_its_listed_h1_hash_is_SourceHashMismatch()
    {
        var source = new InMemoryReleaseSource(ProviderSourceKind.Directory);
        var release = source.Add("hello", "2.0.0", ["linux_amd64"]);
        var pkg = release.Packages[ProviderPlatform.Parse("linux_amd64")];
        var other = H1(ReleaseFiles.Zip("hello", "2.0.0", "linux_amd64", salt: "other content"));
        release.Packages[ProviderPlatform.Parse("linux_amd64")] = pkg with { Hashes = [other] };
        var target = Layout();

        var result = await ProviderMirrorer.MirrorAsync(Request(source, target, versions: null));

        var failure = Assert.Single(result.Failures);
        Assert.Equal(ErrorIds.SourceHashMismatch, failure.Error.ErrorId);
        Assert.Contains($"does not match {other}, which memory://source lists for it: the package's content hashes to {H1(pkg.Zip)}.", failure.Error.Message, StringComparison.Ordinal);
        Assert.False(await HasTag(target, "2.0.0"));
    }

    [Fact]
    public async Task Without_a_constraint_only_the_newest_release_is_mirrored_and_a_declined_version_is_not_read()
    {
        var source = MirrorWith("1.0.0", "1.2.0", "1.10.0", "2.0.0-beta1");
        var asked = new List<string>();

        var result = await ProviderMirrorer.MirrorAsync(new ProviderMirrorRequest
        {
            Provider = Hello,
            SourceOverride = source,
            Target = Layout(),
            ShouldMirror = (version, platforms) =>
            {
                asked.Add($"{version} {string.Join(",", platforms)}");
                return Task.FromResult(false);
            },
        });

        Assert.Equal(["1.10.0 darwin_arm64,linux_amd64,windows_amd64"], asked);
        Assert.Empty(source.ReleasesRead);
        Assert.Empty(result.Items);
        Assert.True(result.IsComplete);
    }

    [Fact]
    public async Task A_constraint_no_version_meets_is_NoMatchingVersion()
    {
        var source = MirrorWith("1.0.0");

        var e = await Assert.ThrowsAsync<TofuOciException>(() => ProviderMirrorer.MirrorAsync(Request(source, Layout(), versions: ">= 3.0")));

        Assert.Equal(ErrorIds.NoMatchingVersion, e.ErrorId);
        Assert.Equal("memory://source has no version of example.com/acme/hello that matches \">= 3.0\" (newest offered: 1.0.0). Change the version constraint.", e.Message);
    }

    [Fact]
    public async Task Good_versions_are_published_as_provider_publish_publishes_them_with_unsigned_provenance_and_a_rerun_uploads_nothing()
    {
        var source = MirrorWith("1.0.0", "1.1.0", "1.2.0");
        var broken = source.Add("hello", "1.1.0", Platforms);
        foreach (var (platform, pkg) in broken.Packages.ToList())
        {
            broken.Packages[platform] = pkg with { Hashes = [PackageHash.Create("zh", new string('0', 64))] };
        }

        var target = Registry();

        var result = await ProviderMirrorer.MirrorAsync(Request(source, target));

        Assert.Equal(["1.1.0"], result.Failures.Select(f => f.Version.ToString()));
        Assert.Equal(ErrorIds.SourceHashMismatch, result.Failures[0].Error.ErrorId);
        Assert.False(await HasTag(target, "1.1.0"));
        foreach (var version in new[] { "1.0.0", "1.2.0" })
        {
            // provider publish of the same zips gives the same index digest.
            var files = ReleaseFiles.Write(_dir.Combine("release-" + version), "hello", version, Platforms);
            var layout = Layout();
            var published = await ProviderPublisher.PublishAsync(new ProviderPublishRequest { Files = ProviderReleaseFile.FromPaths([_dir.Combine("release-" + version)]), Target = layout });
            var items = result.Items.Where(i => i.Version.ToString() == version).ToList();
            Assert.Equal(Platforms, items.Select(i => i.Platform.ToString()));
            Assert.All(items, i =>
            {
                Assert.Equal(ProviderMirrorStatus.Published, i.Status);
                Assert.Equal(published.IndexDigest, i.IndexDigest);
                Assert.Equal("unsigned", i.SignedBy);
            });
            Assert.Equal(files.Select(f => "sha256:" + ReleaseFiles.Sha256Hex(f)), items.Select(i => i.ZipDigest));
            Assert.Equal(published.IndexDigest, (await target.ResolveAsync(version)).Digest);
            var provenance = Assert.Single(await ProvenanceStore.FindAsync(target, published.Index));
            Assert.Equal(items[0].ProvenanceDigest, provenance.Manifest.Digest);
            Assert.False(provenance.Provenance.IsSigned);
            Assert.Equal("network-mirror", provenance.Provenance.SourceKind);
            Assert.Equal($"terraform-provider-hello_{version}_SHA256SUMS", provenance.Provenance.ChecksumsFileName);
            Assert.Equal(string.Concat(files.Select(f => $"{ReleaseFiles.Sha256Hex(f)}  {Path.GetFileName(f)}\n")), System.Text.Encoding.UTF8.GetString(provenance.Provenance.Checksums));
        }

        _log.Clear();
        var again = await ProviderMirrorer.MirrorAsync(Request(source, target));

        Assert.Equal(0, again.BytesUploaded);
        Assert.All(again.Items.Where(i => i.Version.ToString() != "1.1.0"), i => Assert.Equal(ProviderMirrorStatus.AlreadyPresent, i.Status));
        Assert.Equal(result.Items.Select(i => i.ProvenanceDigest), again.Items.Select(i => i.ProvenanceDigest));
        Assert.DoesNotContain(_log, line => line.StartsWith("PUT", StringComparison.Ordinal) || line.StartsWith("POST", StringComparison.Ordinal) || line.StartsWith("PATCH", StringComparison.Ordinal));
    }
}
