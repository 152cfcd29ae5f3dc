using OpenTofuOci.Core.Bundles.Import;
using OpenTofuOci.Core.LockFiles;
using OpenTofuOci.Core.RootModules;

namespace OpenTofuOci.PowerShell.Output;

/// <summary>What <c>Import-TofuBundle</c> did and wrote (docs/opentofu-compatibility.md §13.6).</summary>
public sealed class TofuBundleImportInfo
{
    internal TofuBundleImportInfo(string path, BundleImportResult result, IReadOnlyList<ModuleSourceRewrite> rewrites, IReadOnlyList<ModuleSourceRewrite> applied)
    {
        Path = path;
        BundleDigest = result.BundleDigest;
        Items = [.. result.Items];
        Imported = result.Items.Count(i => i.Status is BundleImportStatus.Imported or BundleImportStatus.Replaced);
        AlreadyPresent = result.Items.Count(i => i.Status == BundleImportStatus.AlreadyPresent);
        BytesUploaded = result.BytesUploaded;
        Tofurc = result.Tofurc;
        TofurcPath = result.TofurcPath;
        LockFile = LockFileWriter.Format(result.LockFile);
        LockFilePath = result.LockFilePath;
        ModuleSources = result.ModuleSources.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => $"{m.Key} -> {m.Value}").ToArray();
        Rewrites = [.. rewrites];
        Applied = [.. applied];
    }

    /// <summary>The bundle imported.</summary>
    public string Path { get; }

    /// <summary>The bundle manifest's digest.</summary>
    public string BundleDigest { get; }

    /// <summary>One entry per provider version and module: where it went and what happened.</summary>
    public BundleImportItem[] Items { get; }

    /// <summary>Items pushed (or moved with -Force).</summary>
    public int Imported { get; }

    /// <summary>Items the registry already had under the same digest.</summary>
    public int AlreadyPresent { get; }

    /// <summary>Bytes sent.</summary>
    public long BytesUploaded { get; }

    /// <summary>The <c>provider_installation</c> block for the consumer's CLI configuration.</summary>
    public string Tofurc { get; }

    /// <summary>The file the block was written to, or null.</summary>
    public string? TofurcPath { get; }

    /// <summary>The bundled providers' lock entries as lock-file text.</summary>
    public string LockFile { get; }

    /// <summary>The lock file written, or null.</summary>
    public string? LockFilePath { get; }

    /// <summary>Each bundled module's source, <c>OLD -> NEW</c>.</summary>
    public string[] ModuleSources { get; }

    /// <summary>The module source rewrites planned for -ConfigurationPath.</summary>
    public ModuleSourceRewrite[] Rewrites { get; }

    /// <summary>The rewrites applied (those ShouldProcess allowed).</summary>
    public ModuleSourceRewrite[] Applied { get; }

    /// <inheritdoc/>
    public override string ToString() => Path;
}
