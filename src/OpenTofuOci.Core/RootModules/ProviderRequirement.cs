using OpenTofuOci.Core.Providers;

namespace OpenTofuOci.Core.RootModules;

/// <summary>
/// One provider a configuration needs: its address, the version constraints of every module that names it
/// (all must hold), and the version the lock file pins, which wins over the constraints
/// (docs/opentofu-compatibility.md §11).
/// </summary>
/// <param name="Address">The normalised provider address.</param>
/// <param name="Constraint">Every module's constraints joined; <see cref="VersionConstraint.Any"/> when none gave one.</param>
/// <param name="LockedVersion">The version in the lock file, or null when it has none for this provider.</param>
/// <param name="DeclaredAt">Where each <c>required_providers</c> entry (or implied use) was found.</param>
public sealed record ProviderRequirement(
    ProviderAddress Address,
    VersionConstraint Constraint,
    string? LockedVersion,
    IReadOnlyList<ConfigLocation> DeclaredAt);
