using System.Text;
using OpenTofuOci.Core.Auditing;
using OpenTofuOci.Core.LockFiles;
using OpenTofuOci.Core.Oci;
using OpenTofuOci.Core.Oci.Remote;
using OpenTofuOci.Core.Oci.Targets;
using OpenTofuOci.Core.Packages;
using OpenTofuOci.Core.Providers;
using OpenTofuOci.Core.Providers.Provenance;
using static OpenTofuOci.Core.Tests.Auditing.AuditMirror;

namespace OpenTofuOci.Core.Tests.Auditing;

/// <summary>The audit against a real docker-registry: a healthy mirror, then each planted defect with its rule, version and platform.</summary>
public sealed class ProviderMirrorAuditorRegistryTests(PlainRegistryFixture fixture) : IClassFixture<PlainRegistryFixture>, IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private (RemoteRepository Repository, AuditMirror Mirror, string Name) NewRepository()
    {
        var name = $"audit/hello-{Guid.NewGuid().ToString("N")[..10]}";
        var repository = fixture.Server.Repository(name);
        return (repository, new AuditMirror(repository, _dir.Path), name);
    }

    private string BlobData(string digest)
    {
        var hex = Digest.Parse(digest).Encoded;
        return Path.Combine(fixture.Server.StorageDirectory, "docker", "registry", "v2", "blobs", "sha256", hex[..2], hex, "data");
    }

    private async Task<string> ZipPathAsync(AuditMirror mirror, string version, string platform)
    {
        var path = _dir.Combine($"{version}-{platform}-{Guid.NewGuid():N}.zip");
        await File.WriteAllBytesAsync(path, mirror.ZipBytes(version, platform));
        return path;
    }

    [Fact]
    public async Task A_healthy_mirror_gives_no_finding_even_deep_with_its_lock_file_and_expected_platforms()
    {
        var (repository, mirror, _) = NewRepository();
        await mirror.PublishAsync("1.0.0");
        var latest = await mirror.PublishAsync("1.1.0");
        var h1 = await DirHash.HashZipAsync(await ZipPathAsync(mirror, "1.1.0", "linux_amd64"));
        var locked = new LockedProvider(Address.ToString(), "1.1.0", null, [.. latest.Platforms.Select(p => p.ZipHash!), h1.ToString()]);

        var result = await ProviderMirrorAuditor.RunAsync(Request(repository) with
        {
            Deep = true,
            Locked = locked,
            ExpectedPlatforms = [ProviderPlatform.Parse("linux_amd64"), ProviderPlatform.Parse("windows_amd64")],
        });

        Assert.Empty(result.Findings);
        Assert.Equal((2, 4), (result.Versions, result.Platforms));
    }

    [Fact]
    public async Task Plain_http_is_a_warning_that_does_not_fail_the_audit()
    {
        var (repository, mirror, _) = NewRepository();
        await mirror.PublishAsync("1.0.0");

        var findings = await ProviderMirrorAuditor.AuditAsync(Request(repository) with { PlainHttp = true });

        var finding = Only(findings);
        Assert.Equal((AuditRules.PlainHttpRegistry, AuditSeverity.Warning, repository.DisplayName), (finding.Rule, finding.Severity, finding.Repository));
        Assert.Contains("HTTPS", finding.Message, StringComparison.Ordinal);
        Assert.True(AuditReports.Create(findings, 1, 1, 2, 0).Summary.Passed);
    }

    [Fact]
    public async Task Skopeo_copy_all_loses_the_index_artifactType_and_the_fix_restores_the_published_index()
    {
        var (source, mirror, sourceName) = NewRepository();
        var published = await mirror.PublishAsync("1.0.0");
        var (copy, _, copyName) = NewRepository();
        await RunAsync("skopeo", "copy", "--all", "--src-tls-verify=false", "--dest-tls-verify=false",
            $"docker://{fixture.Server.Address}/{sourceName}:1.0.0", $"docker://{fixture.Server.Address}/{copyName}:1.0.0");
        var copied = await copy.ResolveAsync("1.0.0");

        var findings = await ProviderMirrorAuditor.AuditAsync(Request(copy));

        // skopeo drops artifactType from the index and from each entry; the manifests themselves keep theirs.
        Assert.Equal(
            [
                (AuditRules.IndexMissingArtifactType, "1.0.0", null),
                (AuditRules.WrongManifestArtifactType, "1.0.0", "linux_amd64"),
                (AuditRules.WrongManifestArtifactType, "1.0.0", "windows_amd64"),
            ], Keys(findings));
        Assert.All(findings, f => Assert.Equal((AuditSeverity.Error, "1.0.0", true), (f.Severity, f.Tag, f.Fixable)));
        Assert.Equal(copied.Digest, findings.Single(f => f.Rule == AuditRules.IndexMissingArtifactType).Digest);
        Assert.NotEqual(published.IndexDigest, copied.Digest);
        Assert.Empty(await ProviderMirrorAuditor.AuditAsync(Request(source)));

        // Declined (-WhatIf): planned, nothing written.
        var planned = Assert.Single(await AuditFixer.FixAsync(copy, findings, _ => false));
        Assert.False(planned.Applied);
        Assert.Equal(copied.Digest, (await copy.ResolveAsync("1.0.0")).Digest);

        var fix = Assert.Single(await AuditFixer.FixAsync(copy, findings, _ => true));
        Assert.True(fix.Applied);
        // skopeo kept every entry as it was, so the repaired index is byte for byte the one the publisher wrote.
        Assert.Equal(published.IndexDigest, fix.NewDigest);
        Assert.Equal(published.IndexDigest, (await copy.ResolveAsync("1.0.0")).Digest);
        Assert.Empty(await ProviderMirrorAuditor.AuditAsync(Request(copy) with { Deep = true }));
    }

    [Fact]
    public async Task A_fix_refuses_a_tag_that_moved_since_the_audit()
    {
        var (repository, mirror, _) = NewRepository();
        var published = await mirror.PublishAsync("1.0.0");
        var entries = OciJson.ReadIndex(await ReadAsync(repository, published.Index)).Manifests;
        var stripped = await mirror.IndexAsync("1.0.0", entries, artifactType: null);
        var findings = await ProviderMirrorAuditor.AuditAsync(Request(repository));
        Assert.Equal([(AuditRules.IndexMissingArtifactType, "1.0.0", null)], Keys(findings));
        await repository.TagAsync(published.Index, "1.0.0");

        var ex = await Assert.ThrowsAsync<Errors.TofuOciException>(() => AuditFixer.FixAsync(repository, findings, _ => true));

        Assert.Equal(Errors.ErrorCode.AuditFixFailed, ex.Code);
        Assert.Contains($"now, not at {stripped.Digest}", ex.Message, StringComparison.Ordinal);
        Assert.Equal(published.IndexDigest, (await repository.ResolveAsync("1.0.0")).Digest);
    }

    [Fact]
    public async Task A_blob_deleted_from_storage_is_BlobMissing_for_its_version_and_platform()
    {
        var (repository, mirror, _) = NewRepository();
        await mirror.PublishAsync("1.0.0");
        var published = await mirror.PublishAsync("1.1.0");
        var linux = published.Platforms.Single(p => p.Platform == "linux_amd64");
        Directory.Delete(Path.GetDirectoryName(BlobData(linux.LayerDigest!))!, recursive: true);

        var findings = await ProviderMirrorAuditor.AuditAsync(Request(repository) with { Deep = true });

        var finding = Only(findings);
        Assert.Equal((AuditRules.BlobMissing, "1.1.0", "linux_amd64", linux.LayerDigest), (finding.Rule, finding.Version, finding.Platform, finding.Digest));
        Assert.False(finding.Fixable);
    }

    [Fact]
    public async Task A_blob_grown_in_storage_is_BlobSizeMismatch_and_one_damaged_in_place_is_found_only_deep()
    {
        var (repository, mirror, _) = NewRepository();
        var published = await mirror.PublishAsync("1.0.0");
        var linux = published.Platforms.Single(p => p.Platform == "linux_amd64").LayerDigest!;
        var windows = published.Platforms.Single(p => p.Platform == "windows_amd64").LayerDigest!;
        await File.AppendAllTextAsync(BlobData(linux), "trailing");
        var bytes = await File.ReadAllBytesAsync(BlobData(windows));
        bytes[^1] ^= 0xFF;
        await File.WriteAllBytesAsync(BlobData(windows), bytes);

        var shallow = await ProviderMirrorAuditor.AuditAsync(Request(repository));
        var deep = await ProviderMirrorAuditor.AuditAsync(Request(repository) with { Deep = true });

        Assert.Equal([(AuditRules.BlobSizeMismatch, "1.0.0", "linux_amd64")], Keys(shallow));
        Assert.Equal([(AuditRules.BlobSizeMismatch, "1.0.0", "linux_amd64"), (AuditRules.BlobDigestMismatch, "1.0.0", "windows_amd64")], Keys(deep));
        Assert.Equal(windows, deep.Single(f => f.Rule == AuditRules.BlobDigestMismatch).Digest);
    }

    [Fact]
    public async Task Wrong_missing_and_doubled_zip_layers_are_each_reported_for_their_version()
    {
        var (repository, mirror, _) = NewRepository();
        await mirror.VersionWithLayersAsync("1.0.0", "linux_amd64", await mirror.BlobAsync("not a zip"u8.ToArray(), "application/gzip"));
        await mirror.VersionWithLayersAsync("1.1.0", "windows_amd64", await mirror.ZipAsync("1.1.0", "windows_amd64"), await mirror.ZipAsync("1.1.0", "windows_amd64", "again"));
        await mirror.VersionWithLayersAsync("1.2.0", "linux_amd64");

        var findings = await ProviderMirrorAuditor.AuditAsync(Request(repository));

        Assert.Equal(
            [
                (AuditRules.WrongLayerMediaType, "1.0.0", "linux_amd64"),
                (AuditRules.AmbiguousZipLayer, "1.1.0", "windows_amd64"),
                (AuditRules.NoZipLayer, "1.2.0", "linux_amd64"),
            ], Keys(findings));
        Assert.All(findings, f => Assert.Equal(AuditSeverity.Error, f.Severity));
        Assert.Contains("\"application/gzip\"", findings.Single(f => f.Rule == AuditRules.WrongLayerMediaType).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_manifest_tagged_as_a_version_two_entries_for_one_platform_and_a_missing_artifactType_are_all_reported()
    {
        var (repository, mirror, _) = NewRepository();
        var manifest = await mirror.ManifestAsync([await mirror.ZipAsync("2.0.0", "linux_amd64")]);
        await repository.TagAsync(manifest, "2.0.0");
        var a = await mirror.ManifestAsync([await mirror.ZipAsync("2.1.0", "linux_amd64")]);
        var b = await mirror.ManifestAsync([await mirror.ZipAsync("2.1.0", "linux_amd64", "other build")]);
        await mirror.IndexAsync("2.1.0", [Entry(a, "linux_amd64"), Entry(b, "linux_amd64")]);
        // Every problem of one version, not only the first: no artifactType and a layer of the wrong type.
        var gz = await mirror.ManifestAsync([await mirror.BlobAsync("gz"u8.ToArray(), "application/gzip")]);
        await mirror.IndexAsync("2.2.0", [Entry(gz, "linux_amd64")], artifactType: null);

        var findings = await ProviderMirrorAuditor.AuditAsync(Request(repository));

        Assert.Equal(
            [
                (AuditRules.WrongIndexMediaType, "2.0.0", null),
                (AuditRules.AmbiguousPlatform, "2.1.0", "linux_amd64"),
                (AuditRules.IndexMissingArtifactType, "2.2.0", null),
                (AuditRules.WrongLayerMediaType, "2.2.0", "linux_amd64"),
            ], Keys(findings));
        // Re-pushing the index would not make 2.2.0 installable, so that repair is not offered.
        Assert.DoesNotContain(findings, f => f.Fixable);
    }

    [Fact]
    public async Task A_v_prefixed_tag_is_a_warning_whose_fix_adds_the_canonical_tag_and_keeps_the_old_one()
    {
        var (repository, mirror, _) = NewRepository();
        var published = await mirror.PublishAsync("1.0.0");
        await repository.TagAsync(published.Index, "v1.1.0");
        await repository.TagAsync(published.Index, "v1.0.0");

        var findings = await ProviderMirrorAuditor.AuditAsync(Request(repository));

        // v1.0.0 is an alias of the existing 1.0.0: nothing to say. v1.1.0 hides a version.
        var finding = Only(findings);
        Assert.Equal((AuditRules.UnparsableVersionTag, AuditSeverity.Warning, "v1.1.0", null, true), (finding.Rule, finding.Severity, finding.Version, finding.Platform, finding.Fixable));
        Assert.Contains("1.1.0", finding.Fix, StringComparison.Ordinal);
        Assert.True(AuditReports.Create(findings, 1, 1, 2, 0).Summary.Passed);

        var fix = Assert.Single(await AuditFixer.FixAsync(repository, findings, _ => true));

        Assert.True(fix.Applied);
        Assert.Equal(published.IndexDigest, (await repository.ResolveAsync("1.1.0")).Digest);
        Assert.Equal(published.IndexDigest, (await repository.ResolveAsync("v1.1.0")).Digest);
        Assert.Empty(await ProviderMirrorAuditor.AuditAsync(Request(repository)));
    }

    [Fact]
    public async Task A_lenient_version_tag_without_its_canonical_tag_is_an_error_the_fix_repairs()
    {
        var (repository, mirror, _) = NewRepository();
        var published = await mirror.PublishAsync("1.0.0");
        await repository.TagAsync(published.Index, "1.5");

        var findings = await ProviderMirrorAuditor.AuditAsync(Request(repository));

        var finding = Only(findings);
        Assert.Equal((AuditRules.NonCanonicalVersionTag, AuditSeverity.Error, "1.5.0", "1.5", true), (finding.Rule, finding.Severity, finding.Version, finding.Tag, finding.Fixable));
        Assert.True(Assert.Single(await AuditFixer.FixAsync(repository, findings, _ => true)).Applied);
        Assert.Empty(await ProviderMirrorAuditor.AuditAsync(Request(repository)));
    }

    [Fact]
    public async Task A_latest_only_repository_has_no_version_tags_and_a_missing_one_is_not_found()
    {
        var (repository, mirror, _) = NewRepository();
        var manifest = await mirror.ManifestAsync([await mirror.ZipAsync("1.0.0", "linux_amd64")]);
        await mirror.IndexAsync("latest", [Entry(manifest, "linux_amd64")]);
        var (absent, _, _) = NewRepository();

        Assert.Equal([(AuditRules.NoVersionTags, null, null)], Keys(await ProviderMirrorAuditor.AuditAsync(Request(repository))));
        Assert.Equal([(AuditRules.RepositoryNotFound, null, null)], Keys(await ProviderMirrorAuditor.AuditAsync(Request(absent))));
    }

    [Fact]
    public async Task Platforms_are_held_against_the_release_checksums_in_provenance_and_against_the_expected_ones()
    {
        var (repository, mirror, _) = NewRepository();
        var published = await mirror.PublishAsync("1.0.0");
        var sums = new StringBuilder()
            .Append(new string('0', 64)).Append("  ").Append(ReleaseFiles.FileName(ProviderType, "1.0.0", "linux_amd64")).Append('\n')
            .Append(ReleaseFiles.Sha256Hex(mirror.ZipBytes("1.0.0", "darwin_arm64"))).Append("  ").Append(ReleaseFiles.FileName(ProviderType, "1.0.0", "darwin_arm64")).Append('\n');
        await ProvenanceStore.PushAsync(repository, published.Index, new ProviderProvenance
        {
            ChecksumsFileName = $"terraform-provider-{ProviderType}_1.0.0_SHA256SUMS",
            Checksums = Encoding.UTF8.GetBytes(sums.ToString()),
            Source = "https://releases.example/hello/1.0.0",
            SourceKind = "network-mirror",
        });

        var unnamed = await ProviderMirrorAuditor.AuditAsync(Request(repository));
        var findings = await ProviderMirrorAuditor.AuditAsync(Request(repository) with { ExpectedPlatforms = [ProviderPlatform.Parse("freebsd_amd64")] });

        Assert.Equal(
            [
                (AuditRules.ExpectedPlatformMissing, "1.0.0", "darwin_arm64"),
                (AuditRules.ProvenanceMismatch, "1.0.0", "linux_amd64"),
                (AuditRules.UnexpectedPlatform, "1.0.0", "windows_amd64"),
            ], Keys(unnamed));
        // The release lists darwin_arm64, but a mirror may hold a subset on purpose: a warning.
        Assert.Equal(AuditSeverity.Warning, unnamed.Single(f => f.Platform == "darwin_arm64").Severity);
        // Named platforms are what the user needs: the missing one is an error, the release's others are not reported.
        Assert.Equal(
            [
                (AuditRules.ExpectedPlatformMissing, "1.0.0", "freebsd_amd64"),
                (AuditRules.ProvenanceMismatch, "1.0.0", "linux_amd64"),
                (AuditRules.UnexpectedPlatform, "1.0.0", "windows_amd64"),
            ], Keys(findings));
        Assert.Equal(AuditSeverity.Error, findings.Single(f => f.Platform == "freebsd_amd64").Severity);
    }

    [Fact]
    public async Task Lock_file_hashes_are_held_against_the_packages_as_tofu_init_does()
    {
        var (repository, mirror, _) = NewRepository();
        var published = await mirror.PublishAsync("1.0.0");
        var linuxZh = published.Platforms.Single(p => p.Platform == "linux_amd64").ZipHash!;
        var linuxH1 = (await DirHash.HashZipAsync(await ZipPathAsync(mirror, "1.0.0", "linux_amd64"))).ToString();
        var other = "zh:" + new string('a', 64);
        var linux = new[] { ProviderPlatform.Parse("linux_amd64") };

        // A wrong zh: fails without downloading anything, for every platform the mirror has.
        var wrongZh = await ProviderMirrorAuditor.AuditAsync(Request(repository) with { Locked = new LockedProvider(Address.ToString(), "1.0.0", null, [other]) });
        Assert.Equal([(AuditRules.LockHashMismatch, "1.0.0", "linux_amd64"), (AuditRules.LockHashMismatch, "1.0.0", "windows_amd64")], Keys(wrongZh));

        // Only h1: for the right content: tofu init still refuses (it compares only zh: before downloading); deep says the content is right.
        var h1Only = new LockedProvider(Address.ToString(), "1.0.0", null, [linuxH1]);
        var shallow = Only(await ProviderMirrorAuditor.AuditAsync(Request(repository) with { Locked = h1Only, ExpectedPlatforms = linux }));
        var deep = Only(await ProviderMirrorAuditor.AuditAsync(Request(repository) with { Locked = h1Only, ExpectedPlatforms = linux, Deep = true }));
        Assert.Equal((AuditRules.LockHashMismatch, "linux_amd64"), (shallow.Rule, shallow.Platform));
        Assert.Contains("only h1:", shallow.Message, StringComparison.Ordinal);
        Assert.Equal((AuditRules.LockHashMismatch, "linux_amd64"), (deep.Rule, deep.Platform));
        Assert.Contains($"content matches the lock file's {linuxH1}", deep.Message, StringComparison.Ordinal);

        // A wrong h1: next to the right zh: does not matter to tofu init.
        Assert.Empty(await ProviderMirrorAuditor.AuditAsync(Request(repository) with
        {
            Locked = new LockedProvider(Address.ToString(), "1.0.0", null, [linuxZh, "h1:" + Convert.ToBase64String(new byte[32])]),
            ExpectedPlatforms = linux,
            Deep = true,
        }));

        var missing = await ProviderMirrorAuditor.AuditAsync(Request(repository) with { Locked = new LockedProvider(Address.ToString(), "9.9.9", null, [other]) });
        Assert.Equal([(AuditRules.LockedVersionMissing, null, null)], Keys(missing));
    }

    [Fact]
    public async Task The_version_filter_limits_what_is_read()
    {
        var (repository, mirror, _) = NewRepository();
        await mirror.PublishAsync("1.0.0");
        await mirror.VersionWithLayersAsync("2.0.0", "linux_amd64");

        var all = await ProviderMirrorAuditor.RunAsync(Request(repository));
        var filtered = await ProviderMirrorAuditor.RunAsync(Request(repository) with { Versions = VersionConstraint.Parse("< 2.0.0") });

        Assert.Equal([(AuditRules.NoZipLayer, "2.0.0", "linux_amd64")], Keys(all.Findings));
        Assert.Empty(filtered.Findings);
        Assert.Equal((1, 2), (filtered.Versions, filtered.Platforms));
    }

    private static async Task<byte[]> ReadAsync(RemoteRepository repository, Descriptor descriptor) =>
        await ContentReader.ReadManifestAsync(repository, descriptor, repository.DisplayName);
}
