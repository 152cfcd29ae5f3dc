using OpenTofuOci.Core.Oci.Targets;

namespace OpenTofuOci.Core.Bundles.Export;

/// <summary>One transfer of a bundle export (docs/opentofu-compatibility.md §13).</summary>
/// <param name="Item">What moves: a provider version and platform package, a provider index, or a module source.</param>
/// <param name="Transfer">Its bytes so far.</param>
public sealed record BundleExportProgress(string Item, TransferProgress Transfer);
