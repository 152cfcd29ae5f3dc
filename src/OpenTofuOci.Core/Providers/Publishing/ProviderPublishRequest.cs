using OpenTofuOci.Core.Oci.Targets;

namespace OpenTofuOci.Core.Providers.Publishing;

/// <summary>What <see cref="ProviderPublisher"/> publishes, and where.</summary>
public sealed class ProviderPublishRequest
{
    /// <summary>The release zips and, optionally, the release's <c>SHA256SUMS</c> (see <see cref="ProviderReleaseFile.FromPaths"/>).</summary>
    public required IReadOnlyList<ProviderReleaseFile> Files { get; init; }

    /// <summary>The version expected; when given, the file names must carry it.</summary>
    public string? Version { get; init; }

    /// <summary>Replace a version whose tag already holds different content.</summary>
    public bool Force { get; init; }

    /// <summary>The repository or layout to publish into.</summary>
    public required ITarget Target { get; init; }

    /// <summary>How the target is named in messages; defaults to <see cref="IReadOnlyTarget.DisplayName"/>.</summary>
    public string? TargetDisplay { get; init; }

    /// <summary>Most blobs uploaded at once.</summary>
    public int MaxParallelism { get; init; } = 4;
}
