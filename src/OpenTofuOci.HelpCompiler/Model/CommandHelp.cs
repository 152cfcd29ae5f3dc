namespace OpenTofuOci.HelpCompiler.Model;

/// <summary>One cmdlet's help as read from its PlatyPS markdown page.</summary>
internal sealed record CommandHelp(
    string Name,
    string? OnlineVersion,
    IReadOnlyList<TextBlock> Synopsis,
    IReadOnlyList<SyntaxSet> Syntax,
    IReadOnlyList<TextBlock> Description,
    IReadOnlyList<ExampleHelp> Examples,
    IReadOnlyList<ParameterHelp> Parameters,
    IReadOnlyList<TypeHelp> Inputs,
    IReadOnlyList<TypeHelp> Outputs,
    IReadOnlyList<TextBlock> Notes,
    IReadOnlyList<RelatedLink> Links)
{
    public string Verb => Name[..Name.IndexOf('-', StringComparison.Ordinal)];

    public string Noun => Name[(Name.IndexOf('-', StringComparison.Ordinal) + 1)..];
}

/// <summary>
/// One parameter set as the SYNTAX section writes it: its name (<c>null</c> when the cmdlet has a
/// single set and the page names none) and its parameters in the order written there.
/// </summary>
internal sealed record SyntaxSet(string? Name, bool IsDefault, IReadOnlyList<string> ParameterNames);

/// <summary>An example: its title, the PowerShell to run, and what is said about it.</summary>
internal sealed record ExampleHelp(string Title, string Code, IReadOnlyList<TextBlock> Remarks);

/// <summary>A type under INPUTS or OUTPUTS with what the page says about it.</summary>
internal sealed record TypeHelp(string TypeName, IReadOnlyList<TextBlock> Description);

/// <summary>A RELATED LINKS entry; <see cref="Uri"/> is empty for links to other help topics.</summary>
internal sealed record RelatedLink(string Text, string Uri);

/// <summary>A documented parameter: its description and one metadata block per group of sets.</summary>
internal sealed record ParameterHelp(string Name, IReadOnlyList<TextBlock> Description, IReadOnlyList<ParameterMetadata> Metadata)
{
    /// <summary>The metadata that applies in <paramref name="setName"/>, or null when the parameter is not in it.</summary>
    public ParameterMetadata? For(string? setName) =>
        Metadata.FirstOrDefault(m => m.AllSets || (setName is not null && m.Sets.Contains(setName, StringComparer.OrdinalIgnoreCase)));
}

/// <summary>The yaml block under a parameter (PlatyPS schema 2.0.0).</summary>
internal sealed record ParameterMetadata(
    string Type,
    bool AllSets,
    IReadOnlyList<string> Sets,
    IReadOnlyList<string> Aliases,
    bool Required,
    int? Position,
    string DefaultValue,
    string PipelineInput,
    bool Wildcards)
{
    public bool IsSwitch => Type is "SwitchParameter" or "System.Management.Automation.SwitchParameter" or "switch";
}
