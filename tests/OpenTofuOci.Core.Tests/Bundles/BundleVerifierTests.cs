using OpenTofuOci.Core.Auditing;
using OpenTofuOci.Core.Bundles;
using OpenTofuOci.Core.Bundles.Import;
using OpenTofuOci.Core.Bundles.Verify;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.LockFiles;

namespace OpenTofuOci.Core.Tests.Bundles;

/// <summary>Offline verification of a bundle: healthy passes; each kind of damage has its rule id.</summary>
public sealed class BundleVerifierTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private async Task<(string Layout, BundleContents Contents)> CreateAsync()
    {
        var layout = _dir.Combine("bundle");
        return (layout, await TestBundle.CreateAsync(layout, _dir.Combine("work")));
    }

    private static async Task<AuditReport> VerifyAsync(string path, DependencyLockFile? lockFile = null)
    {
        using var bundle = await BundleReader.OpenAsync(path);
        return await BundleVerifier.VerifyAsync(bundle, lockFile);
    }

    [Fact]
    public async Task A_healthy_bundle_and_its_own_lock_file_give_no_finding()
    {
        var (layout, contents) = await CreateAsync();
        TestBundle.Tar(layout, _dir.Combine("b.tar"));

        var report = await VerifyAsync(_dir.Combine("b.tar"), BundleOutputs.LockFile(contents));

        Assert.Empty(report.Findings);
        Assert.True(report.Summary.Passed);
        Assert.Equal((2, 1, 2, 1), (report.Summary.Repositories, report.Summary.Versions, report.Summary.Platforms, report.Summary.Modules));
    }

    [Fact]
    public async Task A_tampered_zip_is_BlobDigestMismatch_for_its_digest()
    {
        var (layout, contents) = await CreateAsync();
        var zip = contents.Providers[0].Platforms[0].ZipDigest;
        var bytes = await File.ReadAllBytesAsync(TestBundle.Blob(layout, zip));
        bytes[^1] ^= 0xff;
        await File.WriteAllBytesAsync(TestBundle.Blob(layout, zip), bytes);

        var report = await VerifyAsync(layout);

        var finding = Assert.Single(report.Findings);
        Assert.Equal((AuditRules.BlobDigestMismatch, zip, AuditSeverity.Error), (finding.Rule, finding.Digest, finding.Severity));
        Assert.False(report.Summary.Passed);
    }

    [Fact]
    public async Task A_missing_zip_is_BlobMissing_for_its_provider_version_and_platform()
    {
        var (layout, contents) = await CreateAsync();
        var platform = contents.Providers[0].Platforms[1];
        File.Delete(TestBundle.Blob(layout, platform.ZipDigest));

        var report = await VerifyAsync(layout);

        var finding = Assert.Single(report.Findings);
        Assert.Equal((AuditRules.BlobMissing, "example.com/acme/hello", "1.0.0", "windows_amd64", platform.ZipDigest),
            (finding.Rule, finding.Subject, finding.Version, finding.Platform, finding.Digest));
    }

    [Fact]
    public async Task A_lock_file_with_other_hashes_is_LockHashMismatch_per_platform_and_another_version_is_LockedVersionMissing()
    {
        var (layout, _) = await CreateAsync();
        var wrong = DependencyLockFile.Create(
        [
            new LockedProvider("example.com/acme/hello", "1.0.0", null, ["zh:" + new string('0', 64)]),
            new LockedProvider("example.com/acme/other", "2.0.0", null, ["zh:" + new string('1', 64)]),
        ]);

        var report = await VerifyAsync(layout, wrong);

        Assert.Equal(
            [
                ("example.com/acme/hello", AuditRules.LockHashMismatch, (string?)"linux_amd64"),
                ("example.com/acme/hello", AuditRules.LockHashMismatch, "windows_amd64"),
                ("example.com/acme/other", AuditRules.LockedVersionMissing, null),
            ],
            report.Findings.Select(f => (f.Subject, f.Rule, f.Platform)));
    }

    [Fact]
    public async Task Contents_that_record_a_wrong_h1_are_BundleContentsMismatch()
    {
        var (layout, contents) = await CreateAsync();
        var p = contents.Providers[0];
        var bad = contents with
        {
            Providers = [p with { Platforms = [p.Platforms[0] with { H1 = "h1:" + Convert.ToBase64String(new byte[32]) }, p.Platforms[1]] }],
        };
        await TestBundle.WriteManifestAsync(layout, BundleContentsJson.Write(bad));

        var report = await VerifyAsync(layout);

        var finding = Assert.Single(report.Findings);
        Assert.Equal((BundleRules.BundleContentsMismatch, "linux_amd64"), (finding.Rule, finding.Platform));
    }

    [Fact]
    public async Task An_unknown_schema_version_is_InvalidBundle()
    {
        var (layout, _) = await CreateAsync();
        await TestBundle.WriteManifestAsync(layout, TestBundle.Utf8("{\"schemaVersion\":2,\"providers\":[],\"modules\":[]}"));

        var e = await Assert.ThrowsAsync<TofuOciException>(() => BundleReader.OpenAsync(layout));

        Assert.Equal(ErrorIds.InvalidBundle, e.ErrorId);
        Assert.Contains("schemaVersion 2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_layout_whose_bundle_manifest_has_another_artifact_type_is_InvalidBundle()
    {
        var (layout, _) = await CreateAsync();
        await TestBundle.WriteManifestAsync(layout, TestBundle.Utf8("{\"schemaVersion\":1}"), "application/vnd.example.other");

        var e = await Assert.ThrowsAsync<TofuOciException>(() => BundleReader.OpenAsync(layout));

        Assert.Equal(ErrorIds.InvalidBundle, e.ErrorId);
        Assert.Contains("application/vnd.example.other", e.Message, StringComparison.Ordinal);
    }
}
