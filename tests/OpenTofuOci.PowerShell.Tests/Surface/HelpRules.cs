using System.Text.RegularExpressions;

namespace OpenTofuOci.PowerShell.Tests.Surface;

/// <summary>
/// Checks a cmdlet's PlatyPS markdown against the compiled cmdlet (docs/powershell-conventions.md "Help"),
/// so help that both platyPS 0.14 and Microsoft.PowerShell.PlatyPS accept also tells the truth.
/// </summary>
internal static partial class HelpRules
{
    public static readonly IReadOnlyList<string> RequiredSections =
        ["SYNOPSIS", "SYNTAX", "DESCRIPTION", "EXAMPLES", "PARAMETERS", "INPUTS", "OUTPUTS", "NOTES", "RELATED LINKS"];

    /// <summary>Parameters PowerShell adds; help must not document them one by one.</summary>
    public static readonly IReadOnlySet<string> CommonParameters = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "Debug", "ErrorAction", "ErrorVariable", "InformationAction", "InformationVariable", "OutVariable", "OutBuffer",
        "PipelineVariable", "Verbose", "WarningAction", "WarningVariable", "ProgressAction",
    };

    public static IEnumerable<string> Check(CmdletModel cmdlet, HelpDocument doc)
    {
        var where = $"docs/en-US/{cmdlet.Name}.md";
        foreach (var (key, value) in new[] { ("external help file", "OpenTofuOci.dll-Help.xml"), ("Module Name", "OpenTofuOci"), ("schema", "2.0.0") })
        {
            if (doc.FrontMatter.GetValueOrDefault(key) != value)
            {
                yield return $"{where}: front matter '{key}' must be '{value}' (is '{doc.FrontMatter.GetValueOrDefault(key)}').";
            }
        }

        if (!doc.FrontMatter.ContainsKey("online version"))
        {
            yield return $"{where}: front matter lacks 'online version:'.";
        }

        if (doc.Title != cmdlet.Name)
        {
            yield return $"{where}: the title must be '# {cmdlet.Name}' (is '{doc.Title}').";
        }

        if (!doc.Sections.SequenceEqual(RequiredSections))
        {
            yield return $"{where}: sections must be exactly {string.Join(", ", RequiredSections)} in that order (are {string.Join(", ", doc.Sections)}).";
        }

        if (doc.HasPlaceholder)
        {
            yield return $"{where}: a '{{{{ … }}}}' placeholder is left.";
        }

        foreach (var section in new[] { "SYNOPSIS", "DESCRIPTION" })
        {
            if (string.IsNullOrWhiteSpace(doc.SectionText.GetValueOrDefault(section)))
            {
                yield return $"{where}: {section} is empty.";
            }
        }

        var examples = doc.SubHeadings.GetValueOrDefault("EXAMPLES", []);
        if (examples.Count == 0)
        {
            yield return $"{where}: EXAMPLES has no '### Example 1: …'.";
        }

        foreach (var example in examples)
        {
            if (!ExampleHeading().IsMatch(example))
            {
                yield return $"{where}: example heading '### {example}' must read '### Example N: title'.";
            }

            if (doc.CodeBlocks.GetValueOrDefault($"EXAMPLES/{example}", []).Count == 0)
            {
                yield return $"{where}: '{example}' has no code block.";
            }
        }

        foreach (var problem in CheckSyntax(cmdlet, doc, where))
        {
            yield return problem;
        }

        foreach (var problem in CheckParameters(cmdlet, doc, where))
        {
            yield return problem;
        }

        var inputs = doc.SubHeadings.GetValueOrDefault("INPUTS", []);
        var byValue = cmdlet.Parameters.Where(p => p.Sets.Any(s => s.ValueFromPipeline)).Select(p => p.TypeFullName).Distinct().ToList();
        foreach (var type in byValue.Count == 0 ? ["None"] : byValue)
        {
            if (!inputs.Contains(type))
            {
                yield return $"{where}: INPUTS must list '### {type}'.";
            }
        }

        var outputs = doc.SubHeadings.GetValueOrDefault("OUTPUTS", []);
        foreach (var type in cmdlet.OutputTypeNames.Where(t => !outputs.Contains(t)))
        {
            yield return $"{where}: OUTPUTS must list '### {type}'.";
        }
    }

    /// <summary>What the help must document: the compiled parameters plus -WhatIf/-Confirm when PowerShell adds them.</summary>
    public static IReadOnlyList<ParameterModel> DocumentedParameters(CmdletModel cmdlet)
    {
        var list = cmdlet.Parameters.ToList();
        if (cmdlet.SupportsShouldProcess)
        {
            ParameterSetEntry[] all = [new(CmdletModel.AllSets, false, null, false, false)];
            list.Add(new ParameterModel("Confirm", "SwitchParameter", "System.Management.Automation.SwitchParameter", ["cf"], false, all));
            list.Add(new ParameterModel("WhatIf", "SwitchParameter", "System.Management.Automation.SwitchParameter", ["wi"], false, all));
        }

        return list;
    }

    private static IEnumerable<string> CheckSyntax(CmdletModel cmdlet, HelpDocument doc, string where)
    {
        var blocks = doc.CodeBlocks.GetValueOrDefault("SYNTAX", []);
        var sets = cmdlet.SetNames;
        if (blocks.Count != sets.Count)
        {
            yield return $"{where}: SYNTAX must have one code block per parameter set ({sets.Count}), has {blocks.Count}.";
        }

        var extra = cmdlet.SupportsShouldProcess ? new[] { "WhatIf", "Confirm" } : [];
        var expected = sets.Select(set => cmdlet.ParametersIn(set).Select(p => p.Parameter.Name).Concat(extra).ToHashSet(StringComparer.OrdinalIgnoreCase)).ToList();
        foreach (var (_, body) in blocks)
        {
            var text = body.Trim();
            if (!text.StartsWith(cmdlet.Name + " ", StringComparison.Ordinal))
            {
                yield return $"{where}: a SYNTAX block must start with '{cmdlet.Name} '.";
            }

            if (!text.Contains("[<CommonParameters>]", StringComparison.Ordinal))
            {
                yield return $"{where}: a SYNTAX block lacks '[<CommonParameters>]'.";
            }

            var named = SyntaxParameter().Matches(text).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.OrdinalIgnoreCase);
            if (!expected.Exists(e => e.SetEquals(named)))
            {
                yield return $"{where}: SYNTAX block names {string.Join(", ", named.Order())}, which is no parameter set of the cmdlet ({string.Join(" | ", expected.Select(e => string.Join(", ", e.Order())))}).";
            }
        }
    }

    private static IEnumerable<string> CheckParameters(CmdletModel cmdlet, HelpDocument doc, string where)
    {
        var documented = doc.Parameters;
        var expected = DocumentedParameters(cmdlet);
        foreach (var name in documented.Keys.Where(n => CommonParameters.Contains(n)))
        {
            yield return $"{where}: -{name} is a common parameter; leave it to '### CommonParameters'.";
        }

        foreach (var name in documented.Keys.Where(n => !CommonParameters.Contains(n) && !expected.Any(p => p.Name.Equals(n, StringComparison.OrdinalIgnoreCase))))
        {
            yield return $"{where}: documents -{name}, which the cmdlet does not have.";
        }

        if (!doc.SubHeadings.GetValueOrDefault("PARAMETERS", []).Contains("CommonParameters"))
        {
            yield return $"{where}: PARAMETERS lacks '### CommonParameters'.";
        }

        var sets = cmdlet.SetNames;
        foreach (var parameter in expected)
        {
            if (!documented.TryGetValue(parameter.Name, out var yamls))
            {
                yield return $"{where}: -{parameter.Name} is not documented.";
                continue;
            }

            if (yamls.Count == 0)
            {
                yield return $"{where}: -{parameter.Name} has no ```yaml metadata block.";
                continue;
            }

            var inSets = sets.Where(s => parameter.Sets.Any(e => e.SetName == CmdletModel.AllSets || e.SetName.Equals(s, StringComparison.OrdinalIgnoreCase))).ToHashSet(StringComparer.OrdinalIgnoreCase);
            var covered = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var yaml in yamls)
            {
                foreach (var problem in CheckYaml(cmdlet, parameter, yaml, inSets, covered, $"{where}: -{parameter.Name}"))
                {
                    yield return problem;
                }
            }

            if (!covered.SetEquals(inSets))
            {
                yield return $"{where}: -{parameter.Name} is in sets {string.Join(", ", inSets.Order())} but its yaml covers {string.Join(", ", covered.Order())}.";
            }
        }
    }

    private static IEnumerable<string> CheckYaml(CmdletModel cmdlet, ParameterModel parameter, IReadOnlyDictionary<string, string> yaml,
        HashSet<string> inSets, HashSet<string> covered, string where)
    {
        foreach (var key in new[] { "Type", "Parameter Sets", "Aliases", "Required", "Position", "Default value", "Accept pipeline input", "Accept wildcard characters" })
        {
            if (!yaml.ContainsKey(key))
            {
                yield return $"{where}: yaml lacks '{key}:'.";
            }
        }

        if (yaml.GetValueOrDefault("Type") != parameter.TypeDisplayName)
        {
            yield return $"{where}: Type is '{yaml.GetValueOrDefault("Type")}', the cmdlet has '{parameter.TypeDisplayName}'.";
        }

        var aliases = List(yaml.GetValueOrDefault("Aliases"));
        if (!aliases.ToHashSet(StringComparer.OrdinalIgnoreCase).SetEquals(parameter.Aliases))
        {
            yield return $"{where}: Aliases are '{string.Join(", ", aliases)}', the cmdlet has '{string.Join(", ", parameter.Aliases)}'.";
        }

        var wildcards = yaml.GetValueOrDefault("Accept wildcard characters");
        if (!string.Equals(wildcards, parameter.SupportsWildcards ? "True" : "False", StringComparison.OrdinalIgnoreCase))
        {
            yield return $"{where}: 'Accept wildcard characters: {wildcards}' but the cmdlet says {parameter.SupportsWildcards} ([SupportsWildcards]).";
        }

        var setText = yaml.GetValueOrDefault("Parameter Sets", string.Empty);
        var named = setText == "(All)" ? cmdlet.SetNames.ToList() : List(setText);
        foreach (var set in named)
        {
            if (!inSets.Contains(set))
            {
                yield return $"{where}: yaml names set '{set}', which the parameter is not in.";
                continue;
            }

            covered.Add(set);
            // -WhatIf/-Confirm are added by PowerShell, not compiled into the cmdlet: their entry is their own.
            var entry = cmdlet.ParametersIn(set).Where(p => p.Parameter.Name == parameter.Name).Select(p => p.Entry).FirstOrDefault()
                ?? parameter.Sets.First(e => e.SetName == CmdletModel.AllSets || e.SetName.Equals(set, StringComparison.OrdinalIgnoreCase));
            var required = entry.Mandatory ? "True" : "False";
            if (!string.Equals(yaml.GetValueOrDefault("Required"), required, StringComparison.OrdinalIgnoreCase))
            {
                yield return $"{where}: in set '{set}' Required is '{yaml.GetValueOrDefault("Required")}', the cmdlet has {required}.";
            }

            var position = entry.Position?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "Named";
            if (yaml.GetValueOrDefault("Position") != position)
            {
                yield return $"{where}: in set '{set}' Position is '{yaml.GetValueOrDefault("Position")}', the cmdlet has {position}.";
            }

            var pipeline = PipelineText(entry);
            if (!SamePipeline(yaml.GetValueOrDefault("Accept pipeline input"), pipeline))
            {
                yield return $"{where}: in set '{set}' 'Accept pipeline input' is '{yaml.GetValueOrDefault("Accept pipeline input")}', the cmdlet has '{pipeline}'.";
            }
        }
    }

    public static string PipelineText(ParameterSetEntry entry)
    {
        var kinds = new List<string>();
        if (entry.ValueFromPipelineByPropertyName)
        {
            kinds.Add("ByPropertyName");
        }

        if (entry.ValueFromPipeline)
        {
            kinds.Add("ByValue");
        }

        return kinds.Count == 0 ? "False" : $"True ({string.Join(", ", kinds)})";
    }

    // PlatyPS versions differ in the order of ByValue/ByPropertyName; the set of kinds is what matters.
    private static bool SamePipeline(string? documented, string expected)
    {
        static HashSet<string> Kinds(string? text) => text is null ? [] : PipelineKind().Matches(text).Select(m => m.Value).ToHashSet(StringComparer.OrdinalIgnoreCase);

        var documentedTrue = documented?.StartsWith("True", StringComparison.OrdinalIgnoreCase) == true;
        var expectedTrue = expected.StartsWith("True", StringComparison.Ordinal);
        return documented is not null && documentedTrue == expectedTrue && Kinds(documented).SetEquals(Kinds(expected))
            && (documentedTrue || documented.Equals("False", StringComparison.OrdinalIgnoreCase));
    }

    private static List<string> List(string? text) =>
        string.IsNullOrWhiteSpace(text) ? [] : [.. text.Split(',').Select(s => s.Trim()).Where(s => s.Length > 0)];

    [GeneratedRegex(@"^Example \d+: \S")]
    private static partial Regex ExampleHeading();

    [GeneratedRegex(@"(?<=[\s\[])-([A-Za-z]\w*)")]
    private static partial Regex SyntaxParameter();

    [GeneratedRegex("ByValue|ByPropertyName")]
    private static partial Regex PipelineKind();
}
