using Xunit;

namespace OpenTofuOci.PowerShell.Tests.Surface;

public sealed class ManifestTests
{
    private static ModuleManifest Manifest => new(File.ReadAllText(RepositoryPaths.ManifestPath));

    [Fact]
    public void The_manifest_is_one_data_hashtable() => Assert.True(Manifest.LooksLikeDataFile());

    [Fact]
    public void CmdletsToExport_is_exactly_the_compiled_cmdlets()
    {
        var exported = Manifest.Array("CmdletsToExport");
        Assert.NotNull(exported);
        Assert.Equal(ModuleSurface.Instance.Cmdlets.Select(c => c.Name).Order(StringComparer.Ordinal), exported.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("FunctionsToExport")]
    [InlineData("AliasesToExport")]
    [InlineData("VariablesToExport")]
    public void Other_exports_are_explicitly_empty(string key)
    {
        var items = Manifest.Array(key);
        Assert.NotNull(items);
        Assert.Empty(items);
    }

    [Fact]
    public void Nothing_is_exported_by_wildcard()
    {
        foreach (var key in new[] { "CmdletsToExport", "FunctionsToExport", "AliasesToExport", "VariablesToExport" })
        {
            Assert.DoesNotContain(Manifest.Array(key) ?? [], item => item.Contains('*', StringComparison.Ordinal));
        }
    }

    [Fact]
    public void The_manifest_targets_PowerShell_7_4_Core()
    {
        Assert.Equal("7.4", Manifest.Scalar("PowerShellVersion"));
        Assert.Equal(["Core"], Manifest.Array("CompatiblePSEditions"));
    }

    [Fact]
    public void The_root_module_is_the_compiled_assembly() =>
        Assert.Equal(ModuleSurface.Instance.AssemblyFileName, Manifest.Scalar("RootModule"));

    [Fact]
    public void Format_files_exist_beside_the_module()
    {
        var formats = Manifest.Array("FormatsToProcess");
        Assert.NotNull(formats);
        Assert.NotEmpty(formats);
        foreach (var format in formats)
        {
            Assert.True(File.Exists(Path.Combine(RepositoryPaths.ModuleOutputDirectory, format)), $"{format} is not in {RepositoryPaths.ModuleOutputDirectory}");
        }
    }

    [Theory]
    [InlineData("ProjectUri")]
    [InlineData("LicenseUri")]
    [InlineData("ReleaseNotes")]
    public void PSData_has_gallery_metadata(string key) => Assert.False(string.IsNullOrWhiteSpace(Manifest.Scalar(key)));

    [Fact]
    public void PSData_has_tags() => Assert.NotEmpty(Manifest.Array("Tags") ?? []);

    [Fact]
    public void The_reader_sees_wildcards_and_missing_keys()
    {
        var manifest = new ModuleManifest("""
            @{
                # CmdletsToExport = @('Commented-Out')
                CmdletsToExport = @(
                    'Get-TofuOciTag',
                    '*'
                )
                PowerShellVersion = '5.1'
            }
            """);
        Assert.Equal(["Get-TofuOciTag", "*"], manifest.Array("CmdletsToExport"));
        Assert.Equal("5.1", manifest.Scalar("PowerShellVersion"));
        Assert.Null(manifest.Array("FunctionsToExport"));
        Assert.False(new ModuleManifest("@{ A = @('x' }").LooksLikeDataFile());
    }
}
