using OpenTofuOci.Core.Hcl;

namespace OpenTofuOci.Core.RootModules;

/// <summary>
/// The block shapes of OpenTofu's JSON configuration syntax we read (docs/opentofu-compatibility.md §11):
/// <c>terraform</c> (an object or array of objects) with <c>required_providers</c>, <c>module</c> and
/// <c>provider</c> keyed by name, and <c>resource</c>, <c>data</c>, <c>ephemeral</c> keyed by type (the names
/// under a type stay attributes: only the type matters here), <c>check</c> with its scoped <c>data</c>.
/// </summary>
internal static class ConfigurationJsonSchema
{
    private static readonly HclJsonBlockSchema ByType = new(1, HclJsonSchema.Empty);

    public static HclJsonSchema Schema { get; } = new(new Dictionary<string, HclJsonBlockSchema>(StringComparer.Ordinal)
    {
        ["terraform"] = new(0, new HclJsonSchema(new Dictionary<string, HclJsonBlockSchema>(StringComparer.Ordinal)
        {
            ["required_providers"] = new(0, HclJsonSchema.Empty),
        })),
        ["module"] = new(1, HclJsonSchema.Empty),
        ["provider"] = new(1, HclJsonSchema.Empty),
        ["resource"] = ByType,
        ["data"] = ByType,
        ["ephemeral"] = ByType,
        ["check"] = new(1, new HclJsonSchema(new Dictionary<string, HclJsonBlockSchema>(StringComparer.Ordinal) { ["data"] = ByType })),
    });
}
