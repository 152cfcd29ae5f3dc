using OpenTofuOci.Core.Oci.Targets;
using OpenTofuOci.Core.Providers.Sources;

namespace OpenTofuOci.Core.Providers.Mirroring;

/// <summary>
/// What <see cref="ProviderMirrorer"/> copies: which provider, versions and platforms, from which source,
/// checked against which keys, into which repository. See docs/opentofu-compatibility.md §9.7.
/// </summary>
public sealed class ProviderMirrorRequest
{
    /// <summary>The provider, e.g. <c>registry.opentofu.org/hashicorp/aws</c>.</summary>
    public required ProviderAddress Provider { get; init; }

    /// <summary>
    /// Which versions: every version the source offers that the constraint allows; null means only the
    /// newest released version (as <c>tofu init</c> would choose without a constraint).
    /// </summary>
    public VersionConstraint? Versions { get; init; }

    /// <summary>The platforms to copy; empty means every platform each version has.</summary>
    public IReadOnlyList<ProviderPlatform> Platforms { get; init; } = [];

    /// <summary>Where releases are read from; the default is the provider's origin registry.</summary>
    public ProviderSourceOptions Source { get; init; } = new();

    /// <summary>
    /// Public key files (armored or binary OpenPGP) the signer of a signed release must also be among,
    /// in addition to the registry's own keys. Empty: the registry's keys alone decide, as in OpenTofu.
    /// </summary>
    public IReadOnlyList<string> TrustedKeyFiles { get; init; } = [];

    /// <summary>
    /// Accept releases without a signature: every release of a network mirror or mirror directory, and
    /// registry releases that publish none. Their hashes are still checked, and the provenance records that
    /// they were unsigned. Off: such releases fail with <see cref="Errors.ErrorIds.UnsignedRelease"/>.
    /// </summary>
    public bool AllowUnsigned { get; init; }

    /// <summary>The repository (or layout) the provider's versions are published into.</summary>
    public required ITarget Target { get; init; }

    /// <summary>How the target is named in results and messages; defaults to <see cref="IReadOnlyTarget.DisplayName"/>.</summary>
    public string? TargetDisplay { get; init; }

    /// <summary>Most packages downloaded (and blobs uploaded) at once.</summary>
    public int MaxParallelism { get; init; } = 4;

    /// <summary>What is happening, per version and package (downloads report bytes); null: nothing is reported.</summary>
    public IProgress<ProviderMirrorProgress>? Progress { get; init; }

    /// <summary>
    /// Asked before each chosen version is read from the source, with the platforms that would be copied;
    /// false leaves the version out of the run and the result (PowerShell's -WhatIf and -Confirm). Null: every version.
    /// </summary>
    public Func<ProviderVersion, IReadOnlyList<ProviderPlatform>, Task<bool>>? ShouldMirror { get; init; }

    /// <summary>
    /// For tests: the source to read from instead of the one <see cref="Source"/> describes. The mirrorer
    /// does not dispose it.
    /// </summary>
    public IProviderReleaseSource? SourceOverride { get; init; }
}
