using Xunit;

namespace OpenTofuOci.PowerShell.Tests.Surface;

/// <summary>The conventions every cmdlet of the compiled module follows; new cmdlets are picked up by reflection.</summary>
public sealed class CmdletSurfaceTests
{
    private static ModuleSurface Module => ModuleSurface.Instance;

    [Fact]
    public void The_module_defines_its_cmdlets()
    {
        Assert.Contains(Module.Cmdlets, c => c.Name == "Get-TofuOciTag" && c.TypeName == "OpenTofuOci.PowerShell.Commands.GetTofuOciTagCommand");
    }

    [Fact]
    public void The_approved_verbs_come_from_the_sdk()
    {
        // Guards the verb test: an empty list would make every verb look unapproved, a wrong one approve anything.
        Assert.Contains("Get", Module.ApprovedVerbs);
        Assert.Contains("Publish", Module.ApprovedVerbs);
        Assert.DoesNotContain("Fetch", Module.ApprovedVerbs);
    }

    [Fact]
    public void Verbs_are_approved() => AssertNone(Module.Cmdlets.SelectMany(c => SurfaceRules.Verb(c, Module.ApprovedVerbs)));

    [Fact]
    public void Nouns_are_singular_and_start_with_Tofu() => AssertNone(Module.Cmdlets.SelectMany(SurfaceRules.Noun));

    [Fact]
    public void Cmdlets_declare_their_output_type() => AssertNone(Module.Cmdlets.SelectMany(SurfaceRules.OutputType));

    [Fact]
    public void State_changing_cmdlets_support_ShouldProcess() => AssertNone(Module.Cmdlets.SelectMany(SurfaceRules.ShouldProcess));

    [Fact]
    public void Parameter_sets_are_unambiguous() => AssertNone(Module.Cmdlets.SelectMany(SurfaceRules.ParameterSets));

    [Fact]
    public void Output_types_are_sealed_get_only_and_formatted()
    {
        var views = FormatFile.TypesWithView(RepositoryPaths.FormatFilePath);
        Assert.NotEmpty(Module.OutputTypes);
        AssertNone(Module.OutputTypes.Values.SelectMany(t => SurfaceRules.OutputTypeShape(t, views)));
    }

    [Fact]
    public void Output_property_names_bind_to_parameters_of_the_same_name()
    {
        // A property named like a parameter of some cmdlet but typed differently would not bind.
        var parameterTypes = Module.Cmdlets.SelectMany(c => c.Parameters).GroupBy(p => p.Name, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.Select(p => p.TypeDisplayName).ToHashSet(), StringComparer.OrdinalIgnoreCase);
        var tag = Module.OutputTypes["OpenTofuOci.PowerShell.Output.TofuOciTagInfo"];
        Assert.Equal(["Connection", "Repository", "Tag", "Version"], tag.Properties.Order());
        Assert.Contains("String", parameterTypes["Repository"]);
    }

    internal static void AssertNone(IEnumerable<string> problems)
    {
        var list = problems.ToList();
        Assert.True(list.Count == 0, string.Join(Environment.NewLine, list));
    }
}
