using OpenTofuOci.Core.Bundles;
using OpenTofuOci.Core.Bundles.Import;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.LockFiles;
using OpenTofuOci.Core.Oci;
using OpenTofuOci.Core.Oci.Layout;
using OpenTofuOci.Core.Oci.Targets;
using OpenTofuOci.Core.Providers.Provenance;

namespace OpenTofuOci.Core.Tests.Bundles;

/// <summary>Import into a real docker-registry: byte-for-byte copies, skipping, refusal of a different tag, and what is written for tofu.</summary>
public sealed class BundleImporterTests(PlainRegistryFixture registry) : IClassFixture<PlainRegistryFixture>, IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly string _prefix = "imp" + Guid.NewGuid().ToString("N")[..8];

    public void Dispose() => _dir.Dispose();

    private async Task<(OpenedBundle Bundle, BundleContents Contents)> OpenAsync(bool tar)
    {
        var layout = _dir.Combine("bundle");
        var contents = await TestBundle.CreateAsync(layout, _dir.Combine("work"));
        if (!tar)
        {
            return (await BundleReader.OpenAsync(layout), contents);
        }

        TestBundle.Tar(layout, _dir.Combine("bundle.tar"));
        return (await BundleReader.OpenAsync(_dir.Combine("bundle.tar")), contents);
    }

    private BundleImportRequest Request(OpenedBundle bundle, bool force = false) => new()
    {
        Bundle = bundle,
        Plan = BundleImportPlan.Create(bundle.Contents, $"{registry.Server.Address}/{_prefix}/${{namespace}}/${{type}}", $"{registry.Server.Address}/{_prefix}/modules"),
        Open = (_, repository) => registry.Server.Repository(repository),
        IsPlainHttp = _ => true,
        Force = force,
        TofurcPath = _dir.Combine("tofurc"),
        LockFilePath = _dir.Combine(".terraform.lock.hcl"),
    };

    [Fact]
    public async Task A_bundle_tar_imports_every_provider_with_its_index_digest_and_provenance_and_every_module_under_the_prefix()
    {
        var (bundle, contents) = await OpenAsync(tar: true);
        using (bundle)
        {
            var result = await BundleImporter.ImportAsync(Request(bundle));

            Assert.Null(result.Incomplete);
            Assert.Equal([BundleImportStatus.Imported, BundleImportStatus.Imported], result.Items.Select(i => i.Status));
            var provider = contents.Providers[0];
            var repo = registry.Server.Repository($"{_prefix}/acme/hello");
            var index = await repo.ResolveAsync("1.0.0");
            Assert.Equal(provider.IndexDigest, index.Digest);
            var provenance = await ProvenanceStore.FindAsync(repo, index);
            Assert.Equal(provider.ProvenanceDigest, Assert.Single(provenance).Manifest.Digest);
            Assert.Equal(contents.Modules[0].Digest, (await registry.Server.Repository($"{_prefix}/modules/team/net").ResolveAsync("1.0")).Digest);
            Assert.Equal($"oci://{registry.Server.Address}/{_prefix}/modules/team/net?tag=1.0", result.ModuleSources[TestBundle.ModuleSource]);
            Assert.Equal(
                "provider_installation {\n  oci_mirror {\n" +
                $"    repository_template = \"{registry.Server.Address}/{_prefix}/${{namespace}}/${{type}}\"\n" +
                "    include             = [\"example.com/acme/hello\"]\n  }\n  direct {\n    exclude = [\"example.com/acme/hello\"]\n  }\n}\n",
                await File.ReadAllTextAsync(_dir.Combine("tofurc")));
            var locked = (await LockFileReader.ReadFileAsync(_dir.Combine(".terraform.lock.hcl"))).Find("example.com/acme/hello")!;
            Assert.Equal("1.0.0", locked.Version);
            Assert.Equal(provider.Platforms.SelectMany(p => new[] { p.H1, p.Zh }).Order(StringComparer.Ordinal), locked.Hashes.Order(StringComparer.Ordinal));
            Assert.Contains(result.Warnings, w => w.Contains(registry.Server.Address, StringComparison.Ordinal) && w.Contains("HTTPS", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task A_second_import_finds_everything_present_and_uploads_nothing()
    {
        var (bundle, _) = await OpenAsync(tar: false);
        using (bundle)
        {
            await BundleImporter.ImportAsync(Request(bundle));
            var again = await BundleImporter.ImportAsync(Request(bundle));

            Assert.Equal([BundleImportStatus.AlreadyPresent, BundleImportStatus.AlreadyPresent], again.Items.Select(i => i.Status));
            Assert.Equal(0, again.BytesUploaded);
        }
    }

    [Fact]
    public async Task A_version_tag_holding_another_index_is_refused_and_nothing_is_written_for_tofu()
    {
        // Different bytes under the same version: publish a salted release first.
        var salted = _dir.Combine("salted");
        ReleaseFiles.Write(salted, "hello", "1.0.0", TestBundle.Platforms, salt: "different");
        await Core.Providers.Publishing.ProviderPublisher.PublishAsync(new Core.Providers.Publishing.ProviderPublishRequest
        {
            Files = Core.Providers.Publishing.ProviderReleaseFile.FromPaths([salted]),
            Target = registry.Server.Repository($"{_prefix}/acme/hello"),
        });
        var (bundle, _) = await OpenAsync(tar: false);
        using (bundle)
        {
            var result = await BundleImporter.ImportAsync(Request(bundle));

            var failed = result.Items.Single(i => i.Kind == BundleItemKind.Provider);
            Assert.Equal(BundleImportStatus.Failed, failed.Status);
            Assert.Equal(ErrorIds.ProviderVersionExists, failed.Error!.ErrorId);
            Assert.Equal(ErrorIds.BundleIncomplete, result.Incomplete!.ErrorId);
            Assert.False(File.Exists(_dir.Combine("tofurc")));
            Assert.False(File.Exists(_dir.Combine(".terraform.lock.hcl")));

            var forced = await BundleImporter.ImportAsync(Request(bundle, force: true));
            Assert.Equal(BundleImportStatus.Replaced, forced.Items.Single(i => i.Kind == BundleItemKind.Provider).Status);
            Assert.Equal(bundle.Contents.Providers[0].IndexDigest, (await registry.Server.Repository($"{_prefix}/acme/hello").ResolveAsync("1.0.0")).Digest);
        }
    }

    [Fact]
    public async Task A_template_without_hostname_is_refused_when_the_bundle_spans_two_provider_hostnames()
    {
        var contents = new BundleContents
        {
            Providers =
            [
                new BundleProvider("example.com/acme/a", "1.0.0", BundleFormat.ProviderRefNamePrefix("example.com", "acme", "a"), "1.0.0", "sha256:" + new string('a', 64), [], null, "x"),
                new BundleProvider("example.net/acme/b", "1.0.0", BundleFormat.ProviderRefNamePrefix("example.net", "acme", "b"), "1.0.0", "sha256:" + new string('b', 64), [], null, "x"),
            ],
        };

        var e = Assert.Throws<TofuOciException>(() => BundleImportPlan.Create(contents, "reg.example/${namespace}/${type}", null));

        Assert.Equal(ErrorIds.InvalidRepositoryTemplate, e.ErrorId);
        Assert.Contains("hostname", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_hostile_tar_is_refused_before_any_repository_is_opened()
    {
        var layout = _dir.Combine("bundle");
        await TestBundle.CreateAsync(layout, _dir.Combine("work"));
        TestBundle.Tar(layout, _dir.Combine("bundle.tar"), w =>
            w.WriteEntry(new System.Formats.Tar.PaxTarEntry(System.Formats.Tar.TarEntryType.RegularFile, "../escaped") { DataStream = new MemoryStream([1]) }));

        var e = await Assert.ThrowsAsync<TofuOciException>(() => BundleReader.OpenAsync(_dir.Combine("bundle.tar")));

        Assert.Equal(ErrorIds.InvalidBundle, e.ErrorId);
        Assert.Contains("../escaped", e.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(_dir.Combine("escaped")));
    }
}
