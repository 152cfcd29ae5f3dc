namespace OpenTofuOci.PowerShell.Tests.Surface;

/// <summary>A cmdlet as PowerShell would see it from its attributes, read without loading it.</summary>
internal sealed record CmdletModel(
    string TypeName,
    string Verb,
    string Noun,
    bool SupportsShouldProcess,
    string? DefaultParameterSetName,
    IReadOnlyList<string> OutputTypeNames,
    IReadOnlyList<ParameterModel> Parameters)
{
    public const string AllSets = "__AllParameterSets";

    public string Name => $"{Verb}-{Noun}";

    /// <summary>The named parameter sets, or the single implicit one.</summary>
    public IReadOnlyList<string> SetNames
    {
        get
        {
            var named = Parameters.SelectMany(p => p.Sets).Select(s => s.SetName).Where(n => n != AllSets).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            return named.Count == 0 ? [AllSets] : named;
        }
    }

    /// <summary>The parameters of one set with their metadata in it (entries for all sets included).</summary>
    public IEnumerable<(ParameterModel Parameter, ParameterSetEntry Entry)> ParametersIn(string setName)
    {
        foreach (var p in Parameters)
        {
            var entry = p.Sets.FirstOrDefault(s => string.Equals(s.SetName, setName, StringComparison.OrdinalIgnoreCase))
                ?? p.Sets.FirstOrDefault(s => s.SetName == AllSets);
            if (entry is not null)
            {
                yield return (p, entry);
            }
        }
    }

    public override string ToString() => Name;
}

internal sealed record ParameterModel(string Name, string TypeDisplayName, string TypeFullName, IReadOnlyList<string> Aliases, bool SupportsWildcards, IReadOnlyList<ParameterSetEntry> Sets);

/// <summary>One [Parameter] attribute: the parameter's metadata in one set.</summary>
internal sealed record ParameterSetEntry(string SetName, bool Mandatory, int? Position, bool ValueFromPipeline, bool ValueFromPipelineByPropertyName);

/// <summary>An output type: its shape matters for piping and formatting.</summary>
internal sealed record OutputTypeModel(string FullName, bool IsSealed, IReadOnlyList<string> PropertiesWithPublicSetter, IReadOnlyList<string> Properties);
