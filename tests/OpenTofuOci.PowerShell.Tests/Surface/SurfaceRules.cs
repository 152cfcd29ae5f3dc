namespace OpenTofuOci.PowerShell.Tests.Surface;

/// <summary>
/// The conventions of docs/powershell-conventions.md as checks over <see cref="CmdletModel"/>s. Each returns
/// the problems it found, so one test run lists every violation and negative tests can feed bad models.
/// </summary>
internal static class SurfaceRules
{
    /// <summary>Verbs whose cmdlets change something and so must honour -WhatIf/-Confirm.</summary>
    public static readonly IReadOnlySet<string> StateChangingVerbs = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "Add", "Clear", "Copy", "Install", "Publish", "Save", "Set", "New", "Remove", "Rename", "Move", "Reset",
        "Connect", "Disconnect", "Update", "Lock", "Unlock", "Uninstall", "Register", "Unregister", "Import",
        "Export", "Restore", "Sync", "Push", "Write", "Initialize", "Clear", "Merge", "Compress", "Expand",
        "Convert", "Protect", "Unprotect", "Grant", "Revoke", "Block", "Unblock", "Enable", "Disable", "Start", "Stop",
    };

    /// <summary>Singular nouns that end in "s" anyway.</summary>
    private static readonly HashSet<string> SingularEndingInS = new(StringComparer.OrdinalIgnoreCase)
    {
        "Progress", "Status", "Alias", "Address", "Access", "Class", "Process", "Analysis", "Basis", "Bus", "Canvas", "Focus", "Corpus",
    };

    public static IEnumerable<string> Verb(CmdletModel cmdlet, IReadOnlySet<string> approvedVerbs)
    {
        if (!approvedVerbs.Contains(cmdlet.Verb))
        {
            yield return $"{cmdlet}: '{cmdlet.Verb}' is not an approved verb.";
        }
    }

    public static IEnumerable<string> Noun(CmdletModel cmdlet)
    {
        if (!cmdlet.Noun.StartsWith("Tofu", StringComparison.Ordinal) || cmdlet.Noun.Length == 4)
        {
            yield return $"{cmdlet}: the noun must start with 'Tofu' and name something after it.";
        }

        var lastWord = LastWord(cmdlet.Noun);
        if (lastWord.EndsWith('s') && !lastWord.EndsWith("ss", StringComparison.Ordinal) && !SingularEndingInS.Contains(lastWord))
        {
            yield return $"{cmdlet}: the noun must be singular ('{lastWord}' looks plural).";
        }
    }

    public static IEnumerable<string> OutputType(CmdletModel cmdlet)
    {
        if (cmdlet.OutputTypeNames.Count == 0)
        {
            yield return $"{cmdlet}: no [OutputType(typeof(...))].";
        }
    }

    public static IEnumerable<string> ShouldProcess(CmdletModel cmdlet)
    {
        if (StateChangingVerbs.Contains(cmdlet.Verb) && !cmdlet.SupportsShouldProcess)
        {
            yield return $"{cmdlet}: '{cmdlet.Verb}' changes state, so the cmdlet must declare SupportsShouldProcess.";
        }
    }

    public static IEnumerable<string> ParameterSets(CmdletModel cmdlet)
    {
        var sets = cmdlet.SetNames;
        if (sets.Count > 1 && cmdlet.DefaultParameterSetName is null)
        {
            yield return $"{cmdlet}: {sets.Count} parameter sets but no DefaultParameterSetName.";
        }

        if (cmdlet.DefaultParameterSetName is { } d && !sets.Contains(d, StringComparer.OrdinalIgnoreCase))
        {
            yield return $"{cmdlet}: DefaultParameterSetName '{d}' is not one of its sets ({string.Join(", ", sets)}).";
        }

        var signatures = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var set in sets)
        {
            var members = cmdlet.ParametersIn(set).ToList();
            var signature = string.Join(",", members.Where(m => m.Entry.Mandatory).Select(m => m.Parameter.Name).Order(StringComparer.OrdinalIgnoreCase));
            if (sets.Count > 1 && signatures.TryGetValue(signature, out var other))
            {
                yield return $"{cmdlet}: sets '{other}' and '{set}' have the same mandatory parameters ({signature}), so PowerShell cannot tell them apart.";
            }

            signatures.TryAdd(signature, set);

            foreach (var clash in members.Where(m => m.Entry.Position is not null).GroupBy(m => m.Entry.Position).Where(g => g.Count() > 1))
            {
                yield return $"{cmdlet}: in set '{set}' position {clash.Key} is taken by {string.Join(", ", clash.Select(m => m.Parameter.Name))}.";
            }

            foreach (var clash in members.Where(m => m.Entry.ValueFromPipeline).GroupBy(m => m.Parameter.TypeFullName).Where(g => g.Count() > 1))
            {
                yield return $"{cmdlet}: in set '{set}' more than one parameter takes {clash.Key} from the pipeline by value: {string.Join(", ", clash.Select(m => m.Parameter.Name))}.";
            }
        }
    }

    public static IEnumerable<string> OutputTypeShape(OutputTypeModel type, IReadOnlySet<string> typesWithView)
    {
        // A Test cmdlet's -Quiet answer is a bool, as Test-Connection -Quiet's is; PowerShell formats it itself.
        if (type.FullName == "System.Boolean")
        {
            yield break;
        }

        if (!type.IsSealed)
        {
            yield return $"{type.FullName}: output types must be sealed.";
        }

        foreach (var property in type.PropertiesWithPublicSetter)
        {
            yield return $"{type.FullName}.{property}: output properties must be get-only.";
        }

        if (!typesWithView.Contains(type.FullName))
        {
            yield return $"{type.FullName}: no <View> for it in OpenTofuOci.Format.ps1xml.";
        }
    }

    private static string LastWord(string noun)
    {
        var start = 0;
        for (var i = 1; i < noun.Length; i++)
        {
            if (char.IsUpper(noun[i]))
            {
                start = i;
            }
        }

        return noun[start..];
    }
}
