using OpenTofuOci.Core.Providers.Sources;

namespace OpenTofuOci.Core.Bundles.Export;

/// <summary>
/// Providers read from where they are released rather than from an OCI mirror, and checked exactly as a
/// provider mirror run checks them (docs/opentofu-compatibility.md §9.7, §13).
/// </summary>
public sealed class BundleOrigin
{
    /// <summary>Where releases are read from; the default is each provider's origin registry.</summary>
    public ProviderSourceOptions Source { get; init; } = new();

    /// <summary>Public key files a signed release's signer must also be among.</summary>
    public IReadOnlyList<string> TrustedKeyFiles { get; init; } = [];

    /// <summary>Accept releases without a signature (network mirrors, directories, registries that publish none).</summary>
    public bool AllowUnsigned { get; init; }

    /// <summary>For tests: the source to read instead of the one <see cref="Source"/> describes; not disposed by the exporter.</summary>
    public IProviderReleaseSource? SourceOverride { get; init; }
}
