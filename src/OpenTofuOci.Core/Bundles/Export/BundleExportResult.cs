using OpenTofuOci.Core.Errors;

namespace OpenTofuOci.Core.Bundles.Export;

/// <summary>What kind of item of a bundle failed.</summary>
public enum BundleItemKind
{
    /// <summary>A provider (its address).</summary>
    Provider,
    /// <summary>A module source (its <c>oci://</c> address).</summary>
    Module,
}

/// <summary>A provider or module that could not be bundled, with its own error (e.g. <c>NoMatchingVersion</c>, <c>PlatformNotSupported</c>).</summary>
/// <param name="Kind">Provider or module.</param>
/// <param name="Item">The provider address or module source.</param>
/// <param name="Error">Why.</param>
public sealed record BundleExportFailure(BundleItemKind Kind, string Item, TofuOciException Error);

/// <summary>What <see cref="BundleExporter.ExportAsync"/> did (docs/opentofu-compatibility.md §13).</summary>
/// <param name="Path">The bundle's full path (a directory, or a tar file).</param>
/// <param name="IsArchive">True for a tar file.</param>
/// <param name="BundleDigest">The bundle manifest's digest: equal inputs give an equal digest. Null when nothing was written.</param>
/// <param name="Contents">What the bundle holds, as its contents layer says; empty lists when nothing was written.</param>
/// <param name="Failures">Each provider or module that failed; when any did, nothing was written.</param>
/// <param name="Bytes">The tar file's size, or the layout's file bytes; 0 when nothing was written.</param>
public sealed record BundleExportResult(
    string Path,
    bool IsArchive,
    string? BundleDigest,
    BundleContents Contents,
    IReadOnlyList<BundleExportFailure> Failures,
    long Bytes)
{
    /// <summary>True when everything was bundled and the bundle was written.</summary>
    public bool IsComplete => Failures.Count == 0;

    /// <summary><see cref="ErrorIds.BundleIncomplete"/> summarising <see cref="Failures"/> (each keeps its own error), or null.</summary>
    public TofuOciException? Incomplete => IsComplete
        ? null
        : new TofuOciException(ErrorIds.BundleIncomplete, ErrorKind.InvalidData,
            $"{Failures.Count} item(s) could not be bundled ({string.Join(", ", Failures.Select(f => $"{f.Item}: {f.Error.ErrorId}"))}); nothing was written to {Path}. "
            + "Fix what each error says (publish the missing version or platform, relax the constraint, or change the source) and export again.",
            Path);
}
