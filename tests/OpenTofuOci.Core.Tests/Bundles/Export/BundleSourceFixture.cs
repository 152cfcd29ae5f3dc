using OpenTofuOci.Core.Modules;
using OpenTofuOci.Core.Oci;
using OpenTofuOci.Core.Oci.Targets;
using OpenTofuOci.Core.Packages;
using OpenTofuOci.Core.Providers;
using OpenTofuOci.Core.Providers.Installing;
using OpenTofuOci.Core.Providers.Provenance;
using OpenTofuOci.Core.Providers.Publishing;

namespace OpenTofuOci.Core.Tests.Bundles.Export;

/// <summary>
/// The mirror a bundle is exported from: a real docker-registry holding two providers (example.com/acme/hello and
/// example.com/acme/world) × two versions × three platforms published by <see cref="ProviderPublisher"/> under
/// <c>REG/mirror/${hostname}/${namespace}/${type}</c>, a provenance artifact for hello 1.1.0, and two modules published
/// by <see cref="ModulePublisher"/> (<c>modules/net</c> tagged 1.0.0, <c>modules/dns</c> tagged 2.0.0).
/// </summary>
public sealed class BundleSourceFixture : IAsyncLifetime
{
    public static readonly string[] Platforms = ["darwin_arm64", "linux_amd64", "windows_amd64"];
    public static readonly string[] Versions = ["1.0.0", "1.1.0"];
    public static readonly string[] Types = ["hello", "world"];

    private readonly TempDirectory _temp = new("tofuoci-bundle-source-");

    public RegistryServer Server { get; private set; } = null!;

    /// <summary>Where the release zips were written: <c>releases/TYPE/VERSION/</c>.</summary>
    public string Releases => _temp.Combine("releases");

    public string Template => Server.Address + "/mirror/${hostname}/${namespace}/${type}";

    /// <summary>What the publisher wrote, by "TYPE VERSION".</summary>
    public Dictionary<string, ProviderPublishResult> Published { get; } = [];

    /// <summary>The provenance digest of hello 1.1.0 in the mirror.</summary>
    public string HelloProvenanceDigest { get; private set; } = string.Empty;

    /// <summary>The digest of modules/dns:2.0.0.</summary>
    public string DnsDigest { get; private set; } = string.Empty;

    /// <summary>The digest of modules/net:1.0.0.</summary>
    public string NetDigest { get; private set; } = string.Empty;

    public static ProviderAddress Address(string type) => ProviderAddress.Parse("example.com/acme/" + type);

    public string ReleaseDirectory(string type, string version) => Path.Combine(Releases, type, version);

    public string Zip(string type, string version, string platform) => Path.Combine(ReleaseDirectory(type, version), ReleaseFiles.FileName(type, version, platform));

    public ProviderSourceResolver Resolver() =>
        ProviderSourceResolver.ForTemplate(Template, [Address("hello"), Address("world")], new TargetOptions { PlainHttp = true });

    public IReadOnlyTarget Repository(string type) => Server.Repository($"mirror/example.com/acme/{type}");

    public IReadOnlyTarget OpenModule(ModuleAddress address) => Server.Repository(address.Remote!.Repository);

    public async Task InitializeAsync()
    {
        Server = await RegistryServer.StartAsync(RegistryMode.PlainHttp);
        foreach (var type in Types)
        {
            foreach (var version in Versions)
            {
                var dir = ReleaseDirectory(type, version);
                ReleaseFiles.Write(dir, type, version, Platforms);
                var published = await ProviderPublisher.PublishAsync(new ProviderPublishRequest
                {
                    Files = ProviderReleaseFile.FromPaths([dir]),
                    Target = Server.Repository($"mirror/example.com/acme/{type}"),
                });
                Published[$"{type} {version}"] = published;
                if (type == "hello" && version == "1.1.0")
                {
                    var sums = await File.ReadAllBytesAsync(Path.Combine(dir, $"terraform-provider-{type}_{version}_SHA256SUMS"));
                    var provenance = await ProvenanceStore.PushAsync(Server.Repository("mirror/example.com/acme/hello"), published.Index, new ProviderProvenance
                    {
                        ChecksumsFileName = $"terraform-provider-{type}_{version}_SHA256SUMS",
                        Checksums = sums,
                        Source = "https://example.com/releases",
                        SourceKind = "directory",
                        Created = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero),
                    });
                    HelloProvenanceDigest = provenance.Digest;
                }
            }
        }

        NetDigest = await PublishModuleAsync("net", "1.0.0");
        DnsDigest = await PublishModuleAsync("dns", "2.0.0");
    }

    private async Task<string> PublishModuleAsync(string name, string tag)
    {
        var dir = _temp.Combine("module-src", name);
        Directory.CreateDirectory(Path.Combine(dir, "sub"));
        await File.WriteAllTextAsync(Path.Combine(dir, "main.tf"), $"variable \"name\" {{\n  default = \"{name}\"\n}}\n");
        await File.WriteAllTextAsync(Path.Combine(dir, "sub", "main.tf"), "output \"x\" {\n  value = 1\n}\n");
        var result = await ModulePublisher.PublishAsync(new ModulePublishRequest
        {
            Directory = dir,
            Target = Server.Repository("modules/" + name),
            RepositoryText = $"{Server.Address}/modules/{name}",
            Tags = [tag],
            Created = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
        });
        return result.ManifestDigest;
    }

    /// <summary>h1: of a release zip, computed from the file the test wrote (not from the bundle).</summary>
    public async Task<string> H1(string type, string version, string platform) => (await DirHash.HashZipAsync(Zip(type, version, platform))).ToString();

    public string Zh(string type, string version, string platform) => "zh:" + ReleaseFiles.Sha256Hex(Zip(type, version, platform));

    public async Task<Descriptor> IndexAsync(string type, string version) => await Repository(type).ResolveAsync(version);

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        _temp.Dispose();
    }
}
