using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Modules;
using OpenTofuOci.Core.Oci.Copy;
using OpenTofuOci.Core.Oci.Layout;
using OpenTofuOci.Core.Oci.Targets;
using OpenTofuOci.Core.RootModules;

namespace OpenTofuOci.Core.Bundles.Export;

/// <summary>
/// Copies the artifact of each distinct <c>oci://</c> module source (calls that differ only in <c>//subdir</c> share
/// one) into its repository view of the bundle, under its tag or, when pinned by digest, under
/// <see cref="BundleFormat.ModuleDigestTag"/> (docs/opentofu-compatibility.md §13).
/// </summary>
internal sealed class ModuleBundler(BundleExportRequest request, string layoutDirectory)
{
    /// <summary>The distinct sources (as the bundle records them, without <c>//subdir</c>) and the calls that use each, sorted by source.</summary>
    public static IReadOnlyList<(string Source, ModuleAddress Address, IReadOnlyList<string> UsedBy)> Sources(IReadOnlyList<ModuleCall> calls) =>
        calls.Where(c => c.OciAddress is not null)
            .GroupBy(c => SourceText(c.OciAddress!), StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (g.Key, g.First().OciAddress!, (IReadOnlyList<string>)g.Select(CallPath).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList()))
            .ToList();

    public async Task<BundleModule> BundleAsync(string source, ModuleAddress address, IReadOnlyList<string> usedBy, CancellationToken cancellationToken)
    {
        if (address.Remote is not { } remote)
        {
            throw new TofuOciException(ErrorIds.Unsupported, ErrorKind.InvalidData,
                $"Module source {source} is an OCI layout directory; OpenTofu reads oci:// modules from registries only, so a bundle takes only those. Publish the module to a registry and use its oci:// address.",
                source);
        }

        var view = new OciLayoutStore(layoutDirectory, BundleFormat.ModuleRefNamePrefix(remote.Registry, remote.Repository));
        var tag = address.Digest is { } digest ? BundleFormat.ModuleDigestTag(digest.Encoded) : address.Tag ?? ModuleAddress.DefaultTag;
        var repository = request.OpenModuleRepository(address);
        IProgress<TransferProgress>? progress = request.Progress is { } p ? new Forward(source, p) : null;
        var copy = await ArtifactCopier.CopyAsync(repository, address.Selector, view, tag,
            new CopyOptions { MaxParallelism = Math.Max(1, request.MaxParallelism) }, progress, cancellationToken).ConfigureAwait(false);
        return new BundleModule(source, view.RefNamePrefix, tag, copy.Root.Digest, usedBy);
    }

    private static string SourceText(ModuleAddress address) =>
        ModuleAddress.Format(address.RepositoryText, null, address.Digest is null ? address.Tag : null, address.Digest?.ToString());

    private static string CallPath(ModuleCall call) =>
        call.ModulePath.Length == 0 ? $"module.{call.Name}" : $"{call.ModulePath}.module.{call.Name}";

    private sealed class Forward(string item, IProgress<BundleExportProgress> progress) : IProgress<TransferProgress>
    {
        public void Report(TransferProgress value) => progress.Report(new BundleExportProgress(item, value));
    }
}
