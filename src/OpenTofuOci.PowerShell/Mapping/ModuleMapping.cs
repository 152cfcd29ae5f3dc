using OpenTofuOci.Core.Access;
using OpenTofuOci.Core.Modules;
using OpenTofuOci.Core.Oci.Targets;

namespace OpenTofuOci.PowerShell.Mapping;

/// <summary>
/// Maps the parameters of <c>Publish-TofuModule</c> and <c>Save-TofuModule</c> (plain values, so tests need
/// no PowerShell host) to Core requests; where they are published or read from is an <see cref="AccessPlan"/>.
/// </summary>
internal static class ModuleMapping
{
    /// <summary>What Publish-TofuModule was asked for.</summary>
    internal sealed record PublishPlan(AccessPlan Access, string Directory, IReadOnlyList<string> Tags, IReadOnlyList<string> Exclude,
        bool UseDefaultExcludes, string? SourceUrl, string? ModuleVersion, DateTimeOffset? Created)
    {
        /// <summary>The repository or layout published to (layout directories absolute).</summary>
        public RepositoryLocation Repository => Access.Repository;

        /// <summary>The Core request for a target opened from <see cref="Access"/>; <paramref name="force"/> is -Force.</summary>
        public ModulePublishRequest ToRequest(ITarget target, bool force = false) => new()
        {
            Force = force,
            Directory = Directory,
            Target = target,
            RepositoryText = Repository.RepositoryText,
            Tags = Tags,
            Exclude = Exclude,
            UseDefaultExcludes = UseDefaultExcludes,
            SourceAnnotation = SourceUrl,
            VersionAnnotation = ModuleVersion,
            Created = Created,
        };

        /// <summary>The ShouldProcess target: every tag that will be written.</summary>
        public string ShouldProcessTarget => string.Join(", ", Tags.Select(t => $"{Repository.RepositoryText}:{t}"));
    }

    /// <summary>What Save-TofuModule was asked for.</summary>
    internal sealed record SavePlan(AccessPlan Access, ModuleAddress Address, string Destination, bool Force);

    /// <param name="access">Where -Repository is and how it is reached.</param>
    /// <param name="directory">-Path/-LiteralPath, already resolved to one file system directory.</param>
    /// <param name="tags">-Tag (null or empty: latest).</param>
    /// <param name="exclude">-Exclude globs.</param>
    /// <param name="noDefaultExclude">-NoDefaultExclude.</param>
    /// <param name="sourceUrl">-SourceUrl annotation.</param>
    /// <param name="moduleVersion">-ModuleVersion annotation.</param>
    /// <param name="created">-Created annotation.</param>
    public static PublishPlan CreatePublish(AccessPlan access, string directory, IReadOnlyList<string>? tags, IReadOnlyList<string>? exclude, bool noDefaultExclude,
        string? sourceUrl, string? moduleVersion, DateTimeOffset? created)
    {
        ArgumentNullException.ThrowIfNull(access);
        var checkedTags = ModulePublisher.CheckTags(tags);
        foreach (var pattern in exclude ?? [])
        {
            _ = ExcludePattern.Parse(pattern);
        }

        return new PublishPlan(access, directory, checkedTags, exclude ?? [], !noDefaultExclude, sourceUrl, moduleVersion, created);
    }

    /// <param name="access">Where the module source's repository is and how it is reached.</param>
    /// <param name="source">-Source, parsed.</param>
    /// <param name="destination">-Destination, already absolute.</param>
    /// <param name="force">-Force.</param>
    public static SavePlan CreateSave(AccessPlan access, ModuleAddress source, string destination, bool force)
    {
        ArgumentNullException.ThrowIfNull(access);
        ArgumentNullException.ThrowIfNull(source);
        if (source.IsLayout)
        {
            // Output and messages name the absolute layout, so they still mean the same from another location.
            source = source.WithLayoutDirectory(access.Repository.LayoutDirectory!);
        }

        return new SavePlan(access, source, destination, force);
    }
}
