using OpenTofuOci.Core.Modules;
using OpenTofuOci.Core.Oci.Targets;
using OpenTofuOci.Core.Providers;
using OpenTofuOci.Core.Providers.Installing;
using OpenTofuOci.Core.RootModules;

namespace OpenTofuOci.Core.Bundles.Export;

/// <summary>
/// What <see cref="BundleExporter"/> bundles: a root module's providers and <c>oci://</c> modules, for which
/// platforms, read from an OCI mirror or from an origin, written where (docs/opentofu-compatibility.md §13).
/// Exactly one of <see cref="Mirror"/> and <see cref="Origin"/> is given.
/// </summary>
public sealed class BundleExportRequest
{
    /// <summary>What the configuration asks for (<see cref="RootModuleReader"/>): provider requirements with lock pins, and module calls.</summary>
    public required RootModule RootModule { get; init; }

    /// <summary>The platforms every provider is bundled for; at least one.</summary>
    public required IReadOnlyList<ProviderPlatform> Platforms { get; init; }

    /// <summary>An OCI mirror: which repository holds each provider (a repository template or the CLI configuration's <c>oci_mirror</c> blocks).</summary>
    public ProviderSourceResolver? Mirror { get; init; }

    /// <summary>An origin (provider registry, network mirror or mirror directory), verified as a provider mirror run verifies it.</summary>
    public BundleOrigin? Origin { get; init; }

    /// <summary>Opens the repository of an <c>oci://</c> module source (without its tag or digest).</summary>
    public required Func<ModuleAddress, IReadOnlyTarget> OpenModuleRepository { get; init; }

    /// <summary>Where the bundle goes: a directory (an OCI image layout), or a tar file of it when the path ends in <c>.tar</c>.</summary>
    public required string OutputPath { get; init; }

    /// <summary>Replace whatever is at <see cref="OutputPath"/>; without it an existing path is <c>DestinationExists</c>.</summary>
    public bool Force { get; init; }

    /// <summary>Most blobs copied (or packages downloaded) at once.</summary>
    public int MaxParallelism { get; init; } = 4;

    /// <summary>Transfers as they happen, one item per copied artifact or package; null: nothing is reported.</summary>
    public IProgress<BundleExportProgress>? Progress { get; init; }

    /// <summary>True when <see cref="OutputPath"/> names a tar file rather than a directory.</summary>
    public bool IsArchive => OutputPath.EndsWith(".tar", StringComparison.OrdinalIgnoreCase);
}
