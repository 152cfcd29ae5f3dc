using OpenTofuOci.Core.Providers;

namespace OpenTofuOci.Core.Tags;

/// <summary>One tag of a repository, with the provider version OpenTofu would read from it (docs/opentofu-compatibility.md §1.2).</summary>
/// <param name="Repository">The repository as the user wrote it (<c>host/repo</c> or <c>oci-layout:dir</c>).</param>
/// <param name="Tag">The tag.</param>
/// <param name="Version">The provider version, or null when OpenTofu would ignore this tag.</param>
public sealed record TagEntry(string Repository, string Tag, ProviderVersion? Version);
