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
}

/// <summary>One progress report of <see cref="ProviderMirrorer"/>.</summary>
/// <param name="Version">The version concerned.</param>
/// <param name="Platform">The package concerned, or null for a step of the whole version.</param>
/// <param name="Step">What happens.</param>
/// <param name="Bytes">Bytes downloaded so far (for <see cref="ProviderMirrorStep.Downloading"/>), else 0.</param>
public sealed record ProviderMirrorProgress(ProviderVersion Version, ProviderPlatform? Platform, ProviderMirrorStep Step, long Bytes);
