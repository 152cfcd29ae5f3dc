namespace OpenTofuOci.Core.Tags;

/// <summary>STUB (pwsh branch only; replaced by the real Core implementation on merge).</summary>
public sealed record TagEntry(string Repository, string Tag, OpenTofuOci.Core.Providers.ProviderVersion? Version);
