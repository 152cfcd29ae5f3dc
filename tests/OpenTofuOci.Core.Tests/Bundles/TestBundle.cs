using System.Formats.Tar;
using System.Text;
using OpenTofuOci.Core.Bundles;
using OpenTofuOci.Core.Bundles.Import;
using OpenTofuOci.Core.Modules;
using OpenTofuOci.Core.Oci;
using OpenTofuOci.Core.Oci.Layout;
using OpenTofuOci.Core.Packages;
using OpenTofuOci.Core.Providers.Provenance;
using OpenTofuOci.Core.Providers.Publishing;

namespace OpenTofuOci.Core.Tests.Bundles;

/// <summary>
/// Builds a bundle the way the format (docs/opentofu-compatibility.md §13) describes it, from real parts: providers
/// published by ProviderPublisher into their ref-name-prefixed views (with a provenance referrer), a module published
/// by ModulePublisher into its view, and the bundle manifest over the contents JSON.
/// </summary>
internal static class TestBundle
{
    public static readonly string[] Platforms = ["linux_amd64", "windows_amd64"];

    public const string ModuleSource = "oci://src.example/team/net?tag=1.0";

    public static async Task<BundleContents> CreateAsync(string layoutDirectory, string work, string type = "hello", string version = "1.0.0")
    {
        var providerView = new OciLayoutStore(layoutDirectory, BundleFormat.ProviderRefNamePrefix("example.com", "acme", type));
        var zips = ReleaseFiles.Write(Path.Combine(work, "release"), type, version, Platforms);
        var published = await ProviderPublisher.PublishAsync(new ProviderPublishRequest { Files = ProviderReleaseFile.FromPaths([Path.Combine(work, "release")]), Target = providerView });
        var provenance = await ProvenanceStore.PushAsync(providerView, published.Index, new ProviderProvenance
        {
            ChecksumsFileName = $"terraform-provider-{type}_{version}_SHA256SUMS",
            Checksums = await File.ReadAllBytesAsync(Path.Combine(work, "release", $"terraform-provider-{type}_{version}_SHA256SUMS")),
            Source = "https://example.com/v1/providers/acme/" + type,
            SourceKind = "registry",
            Created = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
        });

        var platforms = new List<BundlePlatform>();
        foreach (var platform in Platforms)
        {
            var zip = zips.Single(z => z.EndsWith(platform + ".zip", StringComparison.Ordinal));
            var digest = "sha256:" + ReleaseFiles.Sha256Hex(zip);
            var manifest = published.Platforms.Single(p => p.Platform == platform);
            platforms.Add(new BundlePlatform(platform, manifest.ManifestDigest, digest, new FileInfo(zip).Length,
                (await DirHash.HashZipAsync(zip)).ToString(), ZipHash.FromDigest(Digest.Parse(digest)).ToString()));
        }

        var moduleDir = Path.Combine(work, "module");
        Directory.CreateDirectory(moduleDir);
        await File.WriteAllTextAsync(Path.Combine(moduleDir, "main.tf"), "variable \"cidr\" {}\n");
        var moduleView = new OciLayoutStore(layoutDirectory, BundleFormat.ModuleRefNamePrefix("src.example", "team/net"));
        var module = await ModulePublisher.PublishAsync(new ModulePublishRequest
        {
            Directory = moduleDir,
            Target = moduleView,
            RepositoryText = "src.example/team/net",
            Tags = ["1.0"],
            Created = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
        });

        var contents = new BundleContents
        {
            Providers = [new BundleProvider($"example.com/acme/{type}", version, providerView.RefNamePrefix, version, published.IndexDigest, platforms, provenance.Digest, "https://example.com")],
            Modules = [new BundleModule(ModuleSource, moduleView.RefNamePrefix, "1.0", module.ManifestDigest, ["module.net"])],
        };
        await WriteManifestAsync(layoutDirectory, BundleContentsJson.Write(contents));
        return contents;
    }

    /// <summary>Pushes <paramref name="contentsJson"/> as the bundle manifest's layer and tags it "bundle".</summary>
    public static async Task WriteManifestAsync(string layoutDirectory, byte[] contentsJson, string artifactType = BundleFormat.ArtifactType)
    {
        var layout = new OciLayoutStore(layoutDirectory);
        var layer = Descriptor.FromBytes(BundleFormat.ContentsMediaType, contentsJson);
        await layout.PushAsync(layer, new MemoryStream(contentsJson));
        if (!await layout.ExistsAsync(EmptyConfig.Descriptor))
        {
            await layout.PushAsync(EmptyConfig.Descriptor, new MemoryStream(EmptyConfig.Content.ToArray()));
        }

        var manifest = OciJson.Write(new ImageManifest { ArtifactType = artifactType, Config = EmptyConfig.Descriptor, Layers = [layer] });
        var descriptor = Descriptor.FromBytes(MediaTypes.ImageManifest, manifest, artifactType);
        await layout.PushAsync(descriptor, new MemoryStream(manifest));
        await layout.TagAsync(descriptor, BundleFormat.ManifestRefName);
    }

    /// <summary>The layout as a tar of plain relative names, then whatever <paramref name="extra"/> appends.</summary>
    public static void Tar(string layoutDirectory, string tarPath, Action<TarWriter>? extra = null)
    {
        using var file = File.Create(tarPath);
        using var writer = new TarWriter(file, TarEntryFormat.Pax);
        // The writer's lock file is not part of the layout.
        foreach (var path in Directory.EnumerateFiles(layoutDirectory, "*", SearchOption.AllDirectories).Where(p => !p.EndsWith(".lock", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            writer.WriteEntry(path, Path.GetRelativePath(layoutDirectory, path).Replace(Path.DirectorySeparatorChar, '/'));
        }

        extra?.Invoke(writer);
    }

    public static string Blob(string layoutDirectory, string digest) =>
        Path.Combine(layoutDirectory, "blobs", "sha256", digest["sha256:".Length..]);

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
