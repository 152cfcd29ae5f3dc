using OpenTofuOci.Core.Bundles;

namespace OpenTofuOci.PowerShell.Output;

/// <summary>An air-gap bundle written by <c>Export-TofuBundle</c> (docs/opentofu-compatibility.md §13).</summary>
public sealed class TofuBundleExportInfo
{
    internal TofuBundleExportInfo(string path, bool isArchive, string bundleDigest, long bytes, BundleContents contents)
    {
        Path = path;
        IsArchive = isArchive;
        BundleDigest = bundleDigest;
        Bytes = bytes;
        Contents = contents;
        Providers = contents.Providers.Select(p => $"{p.Address} {p.Version}").ToArray();
        Platforms = contents.Providers.SelectMany(p => p.Platforms.Select(x => x.Platform)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        Modules = contents.Modules.Select(m => m.Source).ToArray();
    }

    /// <summary>Full path of the bundle: a layout directory or a tar file.</summary>
    public string Path { get; }

    /// <summary>True when the bundle is a tar file.</summary>
    public bool IsArchive { get; }

    /// <summary>The bundle manifest's digest; the same inputs give the same digest.</summary>
    public string BundleDigest { get; }

    /// <summary>The tar file's size, or the layout's file bytes.</summary>
    public long Bytes { get; }

    /// <summary>Each bundled provider version, <c>ADDRESS VERSION</c>.</summary>
    public string[] Providers { get; }

    /// <summary>The platforms bundled.</summary>
    public string[] Platforms { get; }

    /// <summary>Each bundled <c>oci://</c> module source.</summary>
    public string[] Modules { get; }

    /// <summary>Everything the bundle's manifest records: versions, digests, h1:/zh: hashes, module uses.</summary>
    public BundleContents Contents { get; }

    /// <inheritdoc/>
    public override string ToString() => Path;
}
