using OpenTofuOci.Core.Modules;
using OpenTofuOci.PowerShell.Output;

namespace OpenTofuOci.PowerShell.Mapping;

/// <summary>Maps Core's module results to the output objects of the module cmdlets.</summary>
internal static class ModuleOutputMapping
{
    public static TofuModulePublishInfo ToPublishInfo(ModulePublishResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new TofuModulePublishInfo(result.Repository, result.Tags.ToArray(), result.ManifestDigest, result.Source, result.LayerDigest,
            result.LayerSize, result.Files.Count, result.BytesUploaded, result.Status.ToString(), result.ReplacedTags.Select(r => r.Tag).ToArray());
    }

    public static TofuModuleSaveInfo ToSaveInfo(ModuleSaveResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new TofuModuleSaveInfo(result.Source, result.PinnedSource, result.ManifestDigest, result.LayerDigest, result.Subdir,
            result.Destination, result.FileCount, result.TotalBytes);
    }
}
