namespace OpenTofuOci.Core.RootModules;

/// <summary>What one module directory declares, override files merged (docs/opentofu-compatibility.md §11).</summary>
internal sealed class ModuleContents
{
    /// <summary><c>required_providers</c> entries by local name, in the order first written.</summary>
    public List<RequiredProviderEntry> Required { get; } = [];

    /// <summary>Provider blocks and resources that name a provider by local name.</summary>
    public List<ProviderUse> Uses { get; } = [];

    /// <summary><c>module</c> blocks in file order.</summary>
    public List<ModuleBlock> Modules { get; } = [];

    /// <summary>SHA-256 of every file read, by path.</summary>
    public Dictionary<string, string> FileDigests { get; } = new(StringComparer.Ordinal);
}

/// <summary>One <c>required_providers</c> entry: <c>NAME = { source, version }</c> or the legacy <c>NAME = "version"</c>.</summary>
internal sealed record RequiredProviderEntry(string LocalName, string? Source, ConfigLocation? SourceAt, string? Version, ConfigLocation? VersionAt, ConfigLocation At);

/// <summary>A <c>provider "NAME"</c> block (with its deprecated <c>version</c>, if any) or a resource whose provider is <c>NAME</c>.</summary>
internal sealed record ProviderUse(string LocalName, string? Version, ConfigLocation? VersionAt, ConfigLocation At, bool IsProviderBlock);

/// <summary>A <c>module "NAME"</c> block; <see cref="Source"/> is null only in an override file that leaves it as it is.</summary>
internal sealed record ModuleBlock(string Name, string? Source, ConfigLocation? SourceAt, string? Version, ConfigLocation At);
