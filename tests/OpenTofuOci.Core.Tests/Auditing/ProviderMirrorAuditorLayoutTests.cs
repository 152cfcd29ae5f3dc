using OpenTofuOci.Core.Auditing;
using OpenTofuOci.Core.Oci;
using OpenTofuOci.Core.Oci.Layout;
using OpenTofuOci.Core.Oci.Targets;
using static OpenTofuOci.Core.Tests.Auditing.AuditMirror;

namespace OpenTofuOci.Core.Tests.Auditing;

/// <summary>The same rules over OCI image-layout directories, whole and as a view of one repository inside a bundle-like layout.</summary>
public sealed class ProviderMirrorAuditorLayoutTests : IDisposable
{
    private const string ViewPrefix = "providers/example.com/acme/hello:";
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string Blob(OciLayoutStore layout, string digest)
    {
        var parsed = Digest.Parse(digest);
        return Path.Combine(layout.Directory, "blobs", parsed.Algorithm.Name, parsed.Encoded);
    }

    [Fact]
    public async Task A_healthy_layout_and_a_healthy_view_give_no_finding_even_deep()
    {
        var whole = new OciLayoutStore(_dir.Combine("mirror"));
        var view = new OciLayoutStore(_dir.Combine("bundle"), ViewPrefix);
        await new AuditMirror(whole, _dir.Path).PublishAsync("1.0.0");
        await new AuditMirror(view, _dir.Path).PublishAsync("1.0.0");
        // Another repository in the same layout is not this view's business.
        var other = new AuditMirror(new OciLayoutStore(_dir.Combine("bundle"), "providers/example.com/acme/other:"), _dir.Path);
        await other.VersionWithLayersAsync("9.0.0", "linux_amd64");

        Assert.Empty(await ProviderMirrorAuditor.AuditAsync(Request(whole) with { Deep = true }));
        var result = await ProviderMirrorAuditor.RunAsync(Request(view) with { Deep = true });
        Assert.Empty(result.Findings);
        Assert.Equal((1, 2), (result.Versions, result.Platforms));
    }

    [Fact]
    public async Task A_view_reports_its_own_defects_under_its_display_name_and_the_fix_works_through_it()
    {
        var view = new OciLayoutStore(_dir.Combine("bundle"), ViewPrefix);
        var mirror = new AuditMirror(view, _dir.Path);
        await mirror.VersionWithLayersAsync("1.0.0", "windows_amd64");
        var published = await mirror.PublishAsync("1.1.0");
        var entries = OciJson.ReadIndex(await ContentReader.ReadManifestAsync(view, published.Index, view.DisplayName)).Manifests;
        await mirror.IndexAsync("1.1.0", entries.Select(e => e with { ArtifactType = null }), artifactType: null);

        var findings = await ProviderMirrorAuditor.AuditAsync(Request(view));

        Assert.Equal(
            [
                (AuditRules.NoZipLayer, "1.0.0", "windows_amd64"),
                (AuditRules.IndexMissingArtifactType, "1.1.0", null),
                (AuditRules.WrongManifestArtifactType, "1.1.0", "linux_amd64"),
                (AuditRules.WrongManifestArtifactType, "1.1.0", "windows_amd64"),
            ], Keys(findings));
        Assert.All(findings, f => Assert.Equal(view.DisplayName, f.Repository));
        Assert.Equal([false, true, true, true], findings.OrderBy(f => f.Version).ThenBy(f => f.Rule == AuditRules.WrongManifestArtifactType).ThenBy(f => f.Platform).Select(f => f.Fixable));

        var fixes = await AuditFixer.FixAsync(view, findings, _ => true);

        Assert.Equal(published.IndexDigest, Assert.Single(fixes).NewDigest);
        Assert.Equal(published.IndexDigest, (await view.ResolveAsync("1.1.0")).Digest);
        Assert.Equal([(AuditRules.NoZipLayer, "1.0.0", "windows_amd64")], Keys(await ProviderMirrorAuditor.AuditAsync(Request(view))));
    }

    [Fact]
    public async Task A_layout_reports_missing_and_truncated_blobs_a_module_tagged_as_a_version_and_a_missing_directory()
    {
        var layout = new OciLayoutStore(_dir.Combine("mirror"));
        var mirror = new AuditMirror(layout, _dir.Path);
        var published = await mirror.PublishAsync("1.0.0");
        File.Delete(Blob(layout, published.Platforms.Single(p => p.Platform == "linux_amd64").LayerDigest!));
        await File.WriteAllBytesAsync(Blob(layout, published.Platforms.Single(p => p.Platform == "windows_amd64").LayerDigest!), [1, 2, 3]);
        var module = await mirror.ManifestAsync([await mirror.BlobAsync("module"u8.ToArray())], MediaTypes.OpenTofuModulePackage);
        await layout.TagAsync(module, "2.0.0");

        var findings = await ProviderMirrorAuditor.AuditAsync(Request(layout) with { Deep = true });

        Assert.Equal(
            [
                (AuditRules.BlobMissing, "1.0.0", "linux_amd64"),
                (AuditRules.BlobSizeMismatch, "1.0.0", "windows_amd64"),
                (AuditRules.WrongIndexMediaType, "2.0.0", null),
            ], Keys(findings));
        // A layout reports the artifactType on resolve, so the message can say what the tag really holds (§8.11).
        Assert.Contains("module package", findings.Single(f => f.Rule == AuditRules.WrongIndexMediaType).Message, StringComparison.Ordinal);
        Assert.Equal([(AuditRules.RepositoryNotFound, null, null)], Keys(await ProviderMirrorAuditor.AuditAsync(Request(new OciLayoutStore(_dir.Combine("absent"))))));
    }

    [Fact]
    public async Task Control_characters_in_a_hostile_index_reach_no_finding_unescaped()
    {
        var layout = new OciLayoutStore(_dir.Combine("mirror"));
        var mirror = new AuditMirror(layout, _dir.Path);
        var manifest = await mirror.ManifestAsync([await mirror.ZipAsync("1.0.0", "linux_amd64")]);
        var hostile = manifest with { Platform = new Platform { OS = "linux\u001b]0;pwned\u0007", Architecture = "amd64" }, ArtifactType = MediaTypes.OpenTofuProviderTarget };
        await mirror.IndexAsync("1.0.0", [hostile, hostile]);

        var findings = await ProviderMirrorAuditor.AuditAsync(Request(layout));

        var finding = Only(findings);
        Assert.Equal(AuditRules.AmbiguousPlatform, finding.Rule);
        Assert.Equal("linux\\u001b]0;pwned\\u0007_amd64", finding.Platform);
        Assert.DoesNotContain(findings.SelectMany(f => new[] { f.Message, f.Fix, f.Platform ?? string.Empty }), t => t.Any(char.IsControl));
    }

    [Fact]
    public async Task Platform_qualifiers_warn_and_an_os_version_on_the_only_entry_of_a_platform_is_an_error()
    {
        var layout = new OciLayoutStore(_dir.Combine("mirror"));
        var mirror = new AuditMirror(layout, _dir.Path);
        var linux = Entry(await mirror.ManifestAsync([await mirror.ZipAsync("1.0.0", "linux_amd64")]), "linux_amd64");
        var windows = Entry(await mirror.ManifestAsync([await mirror.ZipAsync("1.0.0", "windows_amd64")]), "windows_amd64");
        await mirror.IndexAsync("1.0.0",
        [
            linux with { Platform = linux.Platform! with { Variant = "v8" } },
            windows with { Platform = windows.Platform! with { OSVersion = "10.0.17763" } },
        ]);

        var findings = await ProviderMirrorAuditor.AuditAsync(Request(layout) with { ExpectedPlatforms = [Core.Providers.ProviderPlatform.Parse("windows_amd64")] });

        Assert.Equal(
            [
                (AuditRules.PlatformQualifier, "1.0.0", "linux_amd64"),
                (AuditRules.ExpectedPlatformMissing, "1.0.0", "windows_amd64"),
                (AuditRules.PlatformQualifier, "1.0.0", "windows_amd64"),
            ], Keys(findings));
        Assert.Equal([AuditSeverity.Warning, AuditSeverity.Error, AuditSeverity.Error], Keys(findings).Select(k => findings.Single(f => (f.Rule, f.Version, f.Platform) == k).Severity));
    }
}
