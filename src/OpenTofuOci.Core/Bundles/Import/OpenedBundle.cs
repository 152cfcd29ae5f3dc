using OpenTofuOci.Core.FileSystem;
using OpenTofuOci.Core.Oci;
using OpenTofuOci.Core.Oci.Stores;
using OpenTofuOci.Core.Oci.Targets;

namespace OpenTofuOci.Core.Bundles.Import;

/// <summary>
/// A bundle read and checked by <see cref="BundleReader"/>: its layout directory (the one given, or a private copy
/// unpacked from a <c>.tar</c>, removed on dispose), its manifest and its contents (docs/opentofu-compatibility.md §13).
/// </summary>
public sealed class OpenedBundle : IDisposable
{
    private readonly PrivateTempDirectory? _unpacked;

    internal OpenedBundle(string source, string directory, Descriptor manifest, BundleContents contents, PrivateTempDirectory? unpacked)
    {
        Source = source;
        Directory = directory;
        Manifest = manifest;
        Contents = contents;
        _unpacked = unpacked;
    }

    /// <summary>The bundle as given: a layout directory or a <c>.tar</c>, absolute.</summary>
    public string Source { get; }

    /// <summary>The layout directory the bundle is read from.</summary>
    public string Directory { get; }

    /// <summary>True when <see cref="Source"/> is an archive unpacked into a private directory.</summary>
    public bool IsArchive => _unpacked is not null;

    /// <summary>The bundle manifest (tagged <see cref="BundleFormat.ManifestRefName"/>); its digest is the bundle's digest.</summary>
    public Descriptor Manifest { get; }

    /// <summary>What the bundle says it holds.</summary>
    public BundleContents Contents { get; }

    /// <summary>The whole layout, every view's roots included.</summary>
    public ITarget Layout => TargetFactory.OpenLayout(Directory);

    /// <summary>The repository view of one bundled provider.</summary>
    public ITarget View(BundleProvider provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        return TargetFactory.OpenLayoutView(Directory, provider.RefNamePrefix);
    }

    /// <summary>The repository view of one bundled module.</summary>
    public ITarget View(BundleModule module)
    {
        ArgumentNullException.ThrowIfNull(module);
        return TargetFactory.OpenLayoutView(Directory, module.RefNamePrefix);
    }

    /// <summary>Where the layout keeps the blob <paramref name="digest"/> (already parsed, so it cannot name a file outside <c>blobs/</c>).</summary>
    public string BlobPath(Digest digest) => System.IO.Path.Combine(Directory, "blobs", digest.Algorithm.Name, digest.Encoded);

    public void Dispose() => _unpacked?.Dispose();
}
