using Xunit;

namespace OpenTofuOci.PowerShell.Tests.Surface;

public sealed class HelpTests
{
    private static CmdletModel GetTag => ModuleSurface.Instance.Cmdlets.Single(c => c.Name == "Get-TofuOciTag");

    private static string GetTagHelpText => File.ReadAllText(Path.Combine(RepositoryPaths.HelpDirectory, "Get-TofuOciTag.md"));

    [Fact]
    public void Every_cmdlet_has_help_that_matches_it()
    {
        var problems = new List<string>();
        foreach (var cmdlet in ModuleSurface.Instance.Cmdlets)
        {
            var path = Path.Combine(RepositoryPaths.HelpDirectory, cmdlet.Name + ".md");
            if (!File.Exists(path))
            {
                problems.Add($"{cmdlet}: no help file {path}.");
                continue;
            }

            problems.AddRange(HelpRules.Check(cmdlet, HelpDocument.Parse(File.ReadAllText(path))));
        }

        CmdletSurfaceTests.AssertNone(problems);
    }

    [Fact]
    public void Every_cmdlet_help_file_belongs_to_a_cmdlet()
    {
        var names = ModuleSurface.Instance.Cmdlets.Select(c => c.Name + ".md").ToHashSet(StringComparer.Ordinal);
        var strays = Directory.GetFiles(RepositoryPaths.HelpDirectory, "*.md")
            .Select(Path.GetFileName)
            .Where(f => !f!.StartsWith("about_", StringComparison.Ordinal) && !names.Contains(f))
            .ToList();
        Assert.Empty(strays);
    }

    [Fact]
    public void The_about_topic_covers_the_module()
    {
        var path = Path.Combine(RepositoryPaths.HelpDirectory, "about_OpenTofuOci.help.md");
        var text = File.ReadAllText(path);
        var doc = HelpDocument.Parse(text);
        Assert.Equal("about_OpenTofuOci", doc.Title);
        Assert.False(doc.HasPlaceholder);
        Assert.Contains("Short description", doc.Sections, StringComparer.OrdinalIgnoreCase);
        Assert.Contains("Long description", doc.Sections, StringComparer.OrdinalIgnoreCase);
        foreach (var needed in ModuleSurface.Instance.Cmdlets.Select(c => c.Name).Concat(["oci-layout:", "-Credential", "-PlainHttp", "FullyQualifiedErrorId"]))
        {
            Assert.Contains(needed, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_real_help_passes_so_the_mutations_below_are_meaningful() =>
        Assert.Empty(HelpRules.Check(GetTag, HelpDocument.Parse(GetTagHelpText)));

    [Theory]
    [InlineData("Type: String[]", "Type: String", "-Name: Type is 'String'")]
    [InlineData("Required: True", "Required: False", "-Repository: in set '__AllParameterSets' Required")]
    [InlineData("Position: 0", "Position: 1", "-Repository: in set '__AllParameterSets' Position")]
    [InlineData("Accept pipeline input: True (ByPropertyName, ByValue)", "Accept pipeline input: True (ByValue)", "'Accept pipeline input'")]
    [InlineData("Accept wildcard characters: True", "Accept wildcard characters: False", "-Name: 'Accept wildcard characters: False'")]
    [InlineData("### -VersionOnly", "### -OnlyVersions", "-VersionOnly is not documented")]
    [InlineData("### CommonParameters", "### -ProgressAction\n\n```yaml\nType: ActionPreference\n```\n\n### CommonParameters", "-ProgressAction is a common parameter")]
    [InlineData("## NOTES", "## NOTES\n{{ Fill in the Notes }}", "placeholder")]
    [InlineData("## INPUTS", "## INPUT", "sections must be exactly")]
    [InlineData("Module Name: OpenTofuOci", "Module Name: OpenTofu", "front matter 'Module Name'")]
    [InlineData(" [-VersionOnly] [<CommonParameters>]", " [<CommonParameters>]", "SYNTAX block names")]
    [InlineData("### Example 1: List", "### First example: List", "example heading")]
    [InlineData("### OpenTofuOci.PowerShell.Output.TofuOciTagInfo", "### TofuOciTagInfo", "OUTPUTS must list")]
    public void A_help_file_that_disagrees_with_the_cmdlet_is_reported(string original, string replacement, string expectedProblem)
    {
        var text = GetTagHelpText;
        Assert.Contains(original, text, StringComparison.Ordinal);
        var problems = HelpRules.Check(GetTag, HelpDocument.Parse(ReplaceFirst(text, original, replacement))).ToList();
        Assert.Contains(problems, p => p.Contains(expectedProblem, StringComparison.Ordinal));
    }

    [Fact]
    public void Headings_inside_code_blocks_are_not_structure()
    {
        var doc = HelpDocument.Parse("# T\n\n## EXAMPLES\n\n### Example 1: x\n```powershell\n## not a section\n# comment\n```\n");
        Assert.Equal(["EXAMPLES"], doc.Sections);
        Assert.Equal("T", doc.Title);
        Assert.Single(doc.CodeBlocks["EXAMPLES/Example 1: x"]);
    }

    private static string ReplaceFirst(string text, string original, string replacement)
    {
        var i = text.IndexOf(original, StringComparison.Ordinal);
        return string.Concat(text.AsSpan(0, i), replacement, text.AsSpan(i + original.Length));
    }
}
