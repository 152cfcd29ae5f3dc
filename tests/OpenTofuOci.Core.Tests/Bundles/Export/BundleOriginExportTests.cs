using OpenTofuOci.Core.Bundles;
using OpenTofuOci.Core.Bundles.Export;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci.Layout;
using OpenTofuOci.Core.Packages;
using OpenTofuOci.Core.Providers;
using OpenTofuOci.Core.Providers.Provenance;
using OpenTofuOci.Core.Providers.Publishing;
using OpenTofuOci.Core.Providers.Sources;
using OpenTofuOci.Core.RootModules;
using OpenTofuOci.Core.Tests.Providers.Mirroring;

namespace OpenTofuOci.Core.Tests.Bundles.Export;

/// <summary>
/// Providers bundled from an origin (here an in-memory network mirror) are checked and published as a provider mirror
/// run does, into the bundle's provider view, with provenance (docs/opentofu-compatibility.md §9.7, §13).
/// </summary>
public sealed class BundleOriginExportTests : IDisposable
{
    private static readonly string[] Platforms = ["darwin_arm64", "linux_amd64", "windows_amd64"];
    private static readonly ProviderAddress Hello = ProviderAddress.Parse("example.com/acme/hello");
    private readonly TempDirectory _dir = new("tofuoci-bundle-origin-");

    public void Dispose() => _dir.Dispose();

    private static InMemoryReleaseSource Origin(params string[] versions)
    {
        var source = new InMemoryReleaseSource(ProviderSourceKind.NetworkMirror);
        foreach (var v in versions)
        {
            var release = source.Add("hello", v, Platforms);
            foreach (var (platform, pkg) in release.Packages.ToList())
            {
                release.Packages[platform] = pkg with { Hashes = [PackageHash.Create("zh", ReleaseFiles.Sha256Hex(pkg.Zip)), DirHash.HashZipAsync(new MemoryStream(pkg.Zip)).GetAwaiter().GetResult()] };
            }
        }

        return source;
    }

    private BundleExportRequest Request(InMemoryReleaseSource source, string output, bool allowUnsigned, string constraint = ">= 1.0") => new()
    {
        RootModule = new RootModule(_dir.Path, [new ProviderRequirement(Hello, VersionConstraint.Parse(constraint), null, [])], [], null, _dir.Combine(".terraform.lock.hcl")),
        Platforms = [ProviderPlatform.Parse("linux_amd64"), ProviderPlatform.Parse("windows_amd64")],
        Origin = new BundleOrigin { SourceOverride = source, AllowUnsigned = allowUnsigned },
        OpenModuleRepository = _ => throw new InvalidOperationException("no modules here"),
        OutputPath = output,
    };

    [Fact]
    public async Task The_newest_matching_version_is_verified_published_into_its_view_with_provenance_and_the_publishers_digests()
    {
        var source = Origin("1.0.0", "1.1.0", "2.0.0");
        var output = _dir.Combine("bundle");

        var result = await BundleExporter.ExportAsync(Request(source, output, allowUnsigned: true, constraint: "< 2.0"));

        Assert.True(result.IsComplete, string.Join("; ", result.Failures.Select(f => f.Error.Message)));
        var provider = Assert.Single(result.Contents.Providers);
        Assert.Equal("1.1.0", provider.Version);
        Assert.Equal("memory://source", provider.Source);
        Assert.Equal(["linux_amd64", "windows_amd64"], provider.Platforms.Select(p => p.Platform));

        var zips = _dir.Combine("zips");
        Directory.CreateDirectory(zips);
        foreach (var platform in new[] { "linux_amd64", "windows_amd64" })
        {
            await File.WriteAllBytesAsync(Path.Combine(zips, ReleaseFiles.FileName("hello", "1.1.0", platform)), ReleaseFiles.Zip("hello", "1.1.0", platform));
        }

        var reference = await ProviderPublisher.PublishAsync(new ProviderPublishRequest { Files = ProviderReleaseFile.FromPaths([zips]), Target = new OciLayoutStore(_dir.Combine("ref")) });
        Assert.Equal(reference.Index.Digest, provider.IndexDigest);

        var view = new OciLayoutStore(output, BundleFormat.ProviderRefNamePrefix("example.com", "acme", "hello"));
        var provenance = Assert.Single(await ProvenanceStore.FindAsync(view, await view.ResolveAsync("1.1.0")));
        Assert.Equal(provenance.Manifest.Digest, provider.ProvenanceDigest);
        Assert.False(provenance.Provenance.IsSigned);
    }

    [Fact]
    public async Task An_unsigned_origin_without_allowing_it_is_UnsignedRelease_and_nothing_is_written()
    {
        var output = _dir.Combine("refused.tar");

        var result = await BundleExporter.ExportAsync(Request(Origin("1.0.0"), output, allowUnsigned: false));

        var failure = Assert.Single(result.Failures);
        Assert.Equal((BundleItemKind.Provider, "example.com/acme/hello", ErrorCode.UnsignedRelease), (failure.Kind, failure.Item, failure.Error.Code));
        Assert.False(File.Exists(output));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_dir.Path));
    }
}
