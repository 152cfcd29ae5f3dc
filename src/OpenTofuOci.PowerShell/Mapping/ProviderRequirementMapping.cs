using OpenTofuOci.Core.Providers;
using OpenTofuOci.Core.Providers.Installing;

namespace OpenTofuOci.PowerShell.Mapping;

/// <summary>Maps -Source, -Version and -Platform to Core's requirements and platforms.</summary>
internal static class ProviderRequirementMapping
{
    /// <summary>One requirement per address (duplicates removed), each with the -Version constraint (any version when empty).</summary>
    public static IReadOnlyList<ProviderRequirement> Requirements(IReadOnlyList<string> sources, string? version)
    {
        ArgumentNullException.ThrowIfNull(sources);
        var constraint = string.IsNullOrWhiteSpace(version) ? VersionConstraint.Any : VersionConstraint.Parse(version);
        return sources.Select(ProviderAddress.Parse).Distinct().Select(a => new ProviderRequirement(a, constraint)).ToList();
    }

    /// <summary>Exactly <paramref name="version"/> of <paramref name="source"/> (a version piped from Get-TofuProviderVersion).</summary>
    public static IReadOnlyList<ProviderRequirement> Exact(string source, string version) =>
        [new ProviderRequirement(ProviderAddress.Parse(source), VersionConstraint.Parse("= " + version))];

    /// <summary>The -Platform values (duplicates removed); empty means this machine's platform.</summary>
    public static IReadOnlyList<ProviderPlatform> Platforms(IReadOnlyList<string>? platforms) =>
        platforms is null ? [] : platforms.Select(ProviderPlatform.Parse).Distinct().ToList();

    /// <summary>How the platforms read in -WhatIf and -Verbose messages.</summary>
    public static string PlatformsText(IReadOnlyList<ProviderPlatform> platforms) =>
        platforms.Count == 0 ? ProviderPlatforms.Current + " (this machine)" : string.Join(", ", platforms);

    /// <summary>The ShouldProcess target for one requirement.</summary>
    public static string ShouldProcessTarget(ProviderRequirement requirement, IReadOnlyList<ProviderPlatform> platforms) =>
        $"{requirement.Address} {(requirement.Constraint.Clauses.Count == 0 ? "(newest version)" : requirement.Constraint.ToString())} for {PlatformsText(platforms)}";
}
