namespace OpenTofuOci.Core.Providers;

/// <summary>The outcome of <see cref="ProviderSelection.SelectAsync"/>: the chosen version and one package per platform.</summary>
/// <param name="Version">The newest version that meets the constraint.</param>
/// <param name="AvailableVersions">Every version the repository's tags name, sorted, duplicates kept.</param>
/// <param name="Packages">One package per requested platform, in the order asked.</param>
public sealed record ProviderSelectionResult(
    ProviderVersion Version,
    IReadOnlyList<ProviderVersion> AvailableVersions,
    IReadOnlyList<ProviderPackageMeta> Packages);
