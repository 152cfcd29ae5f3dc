using Xunit;

namespace OpenTofuOci.PowerShell.Tests.Surface;

/// <summary>The rules themselves, fed deliberately bad cmdlets, so a rule that can no longer fail is noticed.</summary>
public sealed class SurfaceRuleTests
{
    private static readonly HashSet<string> Verbs = new(["Get", "Install", "Publish"], StringComparer.OrdinalIgnoreCase);

    private static CmdletModel Cmdlet(string verb = "Get", string noun = "TofuThing", bool shouldProcess = false, string? defaultSet = null,
        string[]? outputs = null, params ParameterModel[] parameters) =>
        new("X", verb, noun, shouldProcess, defaultSet, outputs ?? ["T"], parameters);

    private static ParameterModel Param(string name, params ParameterSetEntry[] sets) => new(name, "String", "System.String", [], false, sets);

    private static ParameterSetEntry In(string set = CmdletModel.AllSets, bool mandatory = false, int? position = null, bool byValue = false) =>
        new(set, mandatory, position, byValue, false);

    [Fact]
    public void Unapproved_verbs_are_reported()
    {
        Assert.Single(SurfaceRules.Verb(Cmdlet(verb: "Fetch"), Verbs));
        Assert.Empty(SurfaceRules.Verb(Cmdlet(verb: "Get"), Verbs));
    }

    [Theory]
    [InlineData("TofuOciTags", false)]
    [InlineData("OciTag", false)]
    [InlineData("Tofu", false)]
    [InlineData("TofuOciTag", true)]
    [InlineData("TofuInstallProgress", true)]
    [InlineData("TofuMirrorStatus", true)]
    [InlineData("TofuOciAddress", true)]
    public void Nouns_must_be_prefixed_and_singular(string noun, bool ok) =>
        Assert.Equal(ok, !SurfaceRules.Noun(Cmdlet(noun: noun)).Any());

    [Fact]
    public void A_missing_output_type_is_reported() => Assert.Single(SurfaceRules.OutputType(Cmdlet(outputs: [])));

    [Fact]
    public void State_changing_verbs_need_ShouldProcess()
    {
        Assert.Single(SurfaceRules.ShouldProcess(Cmdlet(verb: "Install")));
        Assert.Empty(SurfaceRules.ShouldProcess(Cmdlet(verb: "Install", shouldProcess: true)));
        Assert.Empty(SurfaceRules.ShouldProcess(Cmdlet(verb: "Get")));
    }

    [Fact]
    public void Sets_with_the_same_mandatory_parameters_are_ambiguous()
    {
        var cmdlet = Cmdlet(defaultSet: "A", parameters: [Param("Path", In("A", mandatory: true), In("B", mandatory: true)), Param("X", In("A")), Param("Y", In("B"))]);
        Assert.Contains(SurfaceRules.ParameterSets(cmdlet), p => p.Contains("same mandatory parameters", StringComparison.Ordinal));
    }

    [Fact]
    public void Several_sets_need_a_default()
    {
        var cmdlet = Cmdlet(parameters: [Param("Path", In("A", mandatory: true)), Param("LiteralPath", In("B", mandatory: true))]);
        Assert.Contains(SurfaceRules.ParameterSets(cmdlet), p => p.Contains("no DefaultParameterSetName", StringComparison.Ordinal));
        Assert.Empty(SurfaceRules.ParameterSets(cmdlet with { DefaultParameterSetName = "A" }));
    }

    [Fact]
    public void Positions_clash_also_through_parameters_in_all_sets()
    {
        var cmdlet = Cmdlet(defaultSet: "A", parameters: [Param("Source", In(position: 0)), Param("Path", In("A", mandatory: true, position: 0)), Param("Other", In("B", mandatory: true, position: 1))]);
        var problems = SurfaceRules.ParameterSets(cmdlet).ToList();
        Assert.Single(problems);
        Assert.Contains("position 0", problems[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Two_by_value_parameters_of_one_type_in_a_set_are_reported()
    {
        var cmdlet = Cmdlet(parameters: [Param("A", In(byValue: true)), Param("B", In(byValue: true))]);
        Assert.Contains(SurfaceRules.ParameterSets(cmdlet), p => p.Contains("by value", StringComparison.Ordinal));
    }

    [Fact]
    public void Output_types_must_be_sealed_get_only_and_have_a_view()
    {
        var bad = new OutputTypeModel("N.T", IsSealed: false, PropertiesWithPublicSetter: ["Tag"], Properties: ["Tag"]);
        Assert.Equal(3, SurfaceRules.OutputTypeShape(bad, new HashSet<string>()).Count());
        var good = new OutputTypeModel("N.T", true, [], ["Tag"]);
        Assert.Empty(SurfaceRules.OutputTypeShape(good, new HashSet<string> { "N.T" }));
    }
}
