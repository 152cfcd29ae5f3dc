using OpenTofuOci.Core.Auditing;
using OpenTofuOci.Core.Modules;
using OpenTofuOci.Core.Oci;
using OpenTofuOci.Core.Oci.Remote;

namespace OpenTofuOci.Core.Tests.Auditing;

/// <summary>Module sources against a real docker-registry: a good package, then what OpenTofu's oci:// getter would refuse.</summary>
public sealed class ModulePackageAuditorTests(PlainRegistryFixture fixture) : IClassFixture<PlainRegistryFixture>, IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private async Task<(RemoteRepository Repository, string Name, ModulePublishResult Published)> PublishAsync(params string[] tags)
    {
        var name = $"audit/modules/net-{Guid.NewGuid().ToString("N")[..10]}";
        var source = _dir.Combine(name);
        Directory.CreateDirectory(source);
        // Unique content per test, so damaging the zip in the shared storage harms no other test.
        await File.WriteAllTextAsync(Path.Combine(source, "main.tf"), $"# {name}\nvariable \"cidr\" {{}}\n");
        var repository = fixture.Server.Repository(name);
        var published = await ModulePublisher.PublishAsync(new ModulePublishRequest
        {
            Directory = source,
            Target = repository,
            RepositoryText = $"{fixture.Server.Address}/{name}",
            Tags = tags,
        });
        return (repository, name, published);
    }

    private ModuleAddress Address(string name, string query = "") => ModuleAddress.Parse($"oci://{fixture.Server.Address}/{name}{query}");

    [Fact]
    public async Task A_published_module_gives_no_finding_by_tag_or_digest_even_deep()
    {
        var (repository, name, published) = await PublishAsync("1.0.0");

        Assert.Empty(await ModulePackageAuditor.AuditAsync(repository, Address(name, "?tag=1.0.0"), deep: true));
        Assert.Empty(await ModulePackageAuditor.AuditAsync(repository, Address(name, $"?digest={published.ManifestDigest}"), deep: true));
    }

    [Fact]
    public async Task A_missing_tag_is_ModuleNotFound_and_a_provider_index_is_NotAModulePackage()
    {
        var (repository, name, _) = await PublishAsync("1.0.0");
        var mirror = new AuditMirror(repository, _dir.Path);
        await mirror.PublishAsync("2.0.0");

        var missing = AuditMirror.Only(await ModulePackageAuditor.AuditAsync(repository, Address(name), deep: false));
        var provider = AuditMirror.Only(await ModulePackageAuditor.AuditAsync(repository, Address(name, "?tag=2.0.0"), deep: false));

        Assert.Equal((AuditRules.ModuleNotFound, AuditSeverity.Error, "latest", $"oci://{fixture.Server.Address}/{name}"), (missing.Rule, missing.Severity, missing.Version, missing.Subject));
        Assert.Equal((AuditRules.NotAModulePackage, "2.0.0"), (provider.Rule, provider.Version));
        Assert.Contains("selected object is not an OCI image manifest", provider.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_module_with_two_zip_layers_is_NotAModulePackage()
    {
        var (repository, name, _) = await PublishAsync("1.0.0");
        var mirror = new AuditMirror(repository, _dir.Path);
        var manifest = await mirror.ManifestAsync([await mirror.BlobAsync("a"u8.ToArray()), await mirror.BlobAsync("b"u8.ToArray())], MediaTypes.OpenTofuModulePackage);
        await repository.TagAsync(manifest, "double");

        var finding = AuditMirror.Only(await ModulePackageAuditor.AuditAsync(repository, Address(name, "?tag=double"), deep: false));

        Assert.Equal((AuditRules.NotAModulePackage, "double"), (finding.Rule, finding.Version));
        Assert.Contains("multiple layers with media type \"archive/zip\"", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_module_zip_damaged_in_storage_is_found_only_deep_and_a_deleted_one_always()
    {
        var (repository, name, published) = await PublishAsync("1.0.0");
        var hex = Digest.Parse(published.LayerDigest).Encoded;
        var data = Path.Combine(fixture.Server.StorageDirectory, "docker", "registry", "v2", "blobs", "sha256", hex[..2], hex, "data");
        var bytes = await File.ReadAllBytesAsync(data);
        bytes[^1] ^= 0xFF;
        await File.WriteAllBytesAsync(data, bytes);
        var address = Address(name, "?tag=1.0.0");

        Assert.Empty(await ModulePackageAuditor.AuditAsync(repository, address, deep: false));
        var damaged = AuditMirror.Only(await ModulePackageAuditor.AuditAsync(repository, address, deep: true));
        Assert.Equal((AuditRules.BlobDigestMismatch, published.LayerDigest), (damaged.Rule, damaged.Digest));

        Directory.Delete(Path.GetDirectoryName(data)!, recursive: true);
        var deleted = AuditMirror.Only(await ModulePackageAuditor.AuditAsync(repository, address, deep: false));
        Assert.Equal((AuditRules.BlobMissing, published.LayerDigest), (deleted.Rule, deleted.Digest));
    }
}
