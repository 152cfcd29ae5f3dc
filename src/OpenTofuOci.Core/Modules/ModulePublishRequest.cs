using OpenTofuOci.Core.Oci.Targets;

namespace OpenTofuOci.Core.Modules;

/// <summary>What <see cref="ModulePublisher"/> publishes, and where (docs/opentofu-compatibility.md §3.3, issue 5).</summary>
public sealed class ModulePublishRequest
{
    /// <summary>The module directory to package.</summary>
    public required string Directory { get; init; }

    /// <summary>The repository or layout to publish into.</summary>
    public required ITarget Target { get; init; }

    /// <summary>The repository as users write it (<c>host/repo</c> or <c>oci-layout:&lt;dir&gt;</c>); it makes the pinned address.</summary>
    public required string RepositoryText { get; init; }

    /// <summary>Tags to point at the package; empty means <c>latest</c>.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Extra exclude globs (see <see cref="ExcludePattern"/>).</summary>
    public IReadOnlyList<string> Exclude { get; init; } = [];

    /// <summary>False to package even what <see cref="ExcludePattern.Defaults"/> leaves out.</summary>
    public bool UseDefaultExcludes { get; init; } = true;

    /// <summary>Optional <c>org.opencontainers.image.source</c> annotation.</summary>
    public string? SourceAnnotation { get; init; }

    /// <summary>Optional <c>org.opencontainers.image.version</c> annotation.</summary>
    public string? VersionAnnotation { get; init; }

    /// <summary>Optional <c>org.opencontainers.image.created</c> annotation (written in UTC, RFC 3339, whole seconds).</summary>
    public DateTimeOffset? Created { get; init; }

    /// <summary>
    /// Move tags that point at other content. Without it such a publish is refused
    /// (<see cref="Errors.ErrorIds.ModuleTagExists"/>) before anything is written.
    /// </summary>
    public bool Force { get; init; }
}
