namespace OpenTofuOci.Core.Hcl;

/// <summary>
/// Which JSON properties are blocks (and how many labels they take) when a JSON file is read into
/// the HCL model. JSON has no syntax for blocks, so, as in HCL's JSON syntax, the reader has to be
/// told; every property not named here becomes an attribute.
/// See <see href="https://github.com/hashicorp/hcl/blob/main/json/spec.md">HCL JSON syntax</see>.
/// </summary>
/// <param name="Blocks">Block type → its schema.</param>
public sealed record HclJsonSchema(IReadOnlyDictionary<string, HclJsonBlockSchema> Blocks)
{
    /// <summary>No blocks: every property is an attribute.</summary>
    public static HclJsonSchema Empty { get; } = new(new Dictionary<string, HclJsonBlockSchema>());
}

/// <summary>One block type for <see cref="HclJsonSchema"/>: its label count (0 or 1) and nested blocks.</summary>
public sealed record HclJsonBlockSchema(int LabelCount, HclJsonSchema Body);
