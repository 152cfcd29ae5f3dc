using OpenTofuOci.Core.Oci.Targets;

namespace OpenTofuOci.Core.Bundles.Import;

/// <summary>What to import and where (docs/opentofu-compatibility.md §13 "Import").</summary>
public sealed class BundleImportRequest
{
    /// <summary>The bundle, opened by <see cref="BundleReader"/>.</summary>
    public required OpenedBundle Bundle { get; init; }

    /// <summary>Where each item goes (<see cref="BundleImportPlan.Create"/>).</summary>
    public required BundleImportPlan Plan { get; init; }

    /// <summary>Opens a repository of the plan (<c>registry</c>, <c>repository</c>) for writing; the front end decides how it is reached.</summary>
    public required Func<string, string, ITarget> Open { get; init; }

    /// <summary>True for a registry reached over plain HTTP, which <c>tofu</c> cannot use: the result warns about it.</summary>
    public Func<string, bool> IsPlainHttp { get; init; } = _ => false;

    /// <summary>Replace a tag that holds different content instead of refusing the item.</summary>
    public bool Force { get; init; }

    /// <summary>Where to write the <c>provider_installation</c> block (atomically), or null to only return it.</summary>
    public string? TofurcPath { get; init; }

    /// <summary>The lock file to create or merge the bundled providers' hashes into, or null for none.</summary>
    public string? LockFilePath { get; init; }

    /// <summary>How many blobs to upload at once.</summary>
    public int MaxParallelism { get; init; } = 4;
}
