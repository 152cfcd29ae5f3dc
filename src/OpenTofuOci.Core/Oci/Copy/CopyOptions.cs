namespace OpenTofuOci.Core.Oci.Copy;

/// <summary>Options for <see cref="ArtifactCopier"/>.</summary>
public sealed class CopyOptions
{
    /// <summary>Most blobs transferred at once.</summary>
    public int MaxParallelism { get; init; } = 4;

    /// <summary>When source and destination are repositories on one registry: the source repository
    /// to mount blobs from instead of uploading them.</summary>
    public string? MountFromRepository { get; init; }
}
