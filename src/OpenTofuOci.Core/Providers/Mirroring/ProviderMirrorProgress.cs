using OpenTofuOci.Core.Oci.Targets;

namespace OpenTofuOci.Core.Providers.Mirroring;

/// <summary>The steps a mirrored version goes through (docs/opentofu-compatibility.md §9.7).</summary>
public enum ProviderMirrorStep
{
    /// <summary>The version's download metadata (and, for registries, its signed checksum list) is being read.</summary>
    Reading,
    /// <summary>A package is being downloaded; <see cref="ProviderMirrorProgress.Bytes"/> counts what arrived so far.</summary>
    Downloading,
    /// <summary>A package has been downloaded and matches the source's hashes.</summary>
    Verified,
    /// <summary>The version is being published into the target.</summary>
    Publishing,
    /// <summary>The version and its provenance are in the target.</summary>
    Done,
    /// <summary>The version failed; nothing of it was tagged.</summary>
    Failed,
    /// <summary>
    /// A package is being uploaded into the target; <see cref="ProviderMirrorProgress.Transfer"/> counts its bytes
    /// (a package the target already holds is reported once, complete).
    /// </summary>
    Uploading,
}

/// <summary>One progress report of <see cref="ProviderMirrorer"/>.</summary>
/// <param name="Version">The version concerned.</param>
/// <param name="Platform">The package concerned, or null for a step of the whole version.</param>
/// <param name="Step">What happens.</param>
/// <param name="Bytes">Bytes downloaded so far (for <see cref="ProviderMirrorStep.Downloading"/>), else 0.</param>
public sealed record ProviderMirrorProgress(ProviderVersion Version, ProviderPlatform? Platform, ProviderMirrorStep Step, long Bytes)
{
    /// <summary>
    /// The package's file name (<c>terraform-provider-TYPE_VERSION_OS_ARCH.zip</c>) for
    /// <see cref="ProviderMirrorStep.Downloading"/> and <see cref="ProviderMirrorStep.Uploading"/>; else null.
    /// </summary>
    public string? FileName { get; init; }

    /// <summary>
    /// The package's transfer, as copy, publish and install report theirs, for <see cref="ProviderMirrorStep.Downloading"/>
    /// and <see cref="ProviderMirrorStep.Uploading"/>; else null. One item per file; a download's total is 0 until it has
    /// finished (sources do not say how big a package is), then its last report has bytes done and total equal to the zip's size.
    /// </summary>
    public TransferProgress? Transfer { get; init; }
}
