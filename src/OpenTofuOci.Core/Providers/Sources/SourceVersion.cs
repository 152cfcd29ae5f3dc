namespace OpenTofuOci.Core.Providers.Sources;

/// <summary>One version a source offers (docs/opentofu-compatibility.md §9.1, §9.2).</summary>
/// <param name="Version">The version.</param>
/// <param name="Platforms">Its platforms, sorted by OS then architecture.</param>
/// <param name="Protocols">Plugin protocol versions the registry lists (empty for mirrors).</param>
public sealed record SourceVersion(ProviderVersion Version, IReadOnlyList<ProviderPlatform> Platforms, IReadOnlyList<string> Protocols);
