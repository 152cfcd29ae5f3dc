namespace OpenTofuOci.Core.Modules;

/// <summary>What <see cref="ModuleSaver"/> saved.</summary>
/// <param name="Source">The module source as given.</param>
/// <param name="PinnedSource">The same source pinned to the manifest digest that was saved.</param>
/// <param name="ManifestDigest">The image manifest the tag or digest resolved to.</param>
/// <param name="LayerDigest">The zip layer that was downloaded and verified.</param>
/// <param name="LayerSize">The zip's size in bytes.</param>
/// <param name="Subdir">The <c>//subdir</c> selected (after glob expansion), or null for the whole package.</param>
/// <param name="Destination">Full path of the saved module directory.</param>
/// <param name="FileCount">Files in the saved directory.</param>
/// <param name="TotalBytes">Bytes of those files.</param>
public sealed record ModuleSaveResult(
    string Source,
    string PinnedSource,
    string ManifestDigest,
    string LayerDigest,
    long LayerSize,
    string? Subdir,
    string Destination,
    int FileCount,
    long TotalBytes);
