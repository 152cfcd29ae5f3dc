using OpenTofuOci.Core.FileSystem;
using OpenTofuOci.Core.Oci;
using OpenTofuOci.Core.Oci.Layout;

namespace OpenTofuOci.Core.Bundles.Export;

/// <summary>
/// Finishes a bundle layout (docs/opentofu-compatibility.md §13): the contents as the one layer of a manifest with
/// <c>artifactType</c> <see cref="BundleFormat.ArtifactType"/> and the empty config, tagged
/// <see cref="BundleFormat.ManifestRefName"/>; then <c>index.json</c> with its roots sorted by ref name and the
/// writers' lock file removed, so the layout's bytes depend only on what it holds.
/// </summary>
internal static class BundleManifestWriter
{
    /// <summary>The title of the contents layer.</summary>
    public const string ContentsTitle = "bundle.json";

    /// <summary>Writes the manifest and returns its descriptor (its digest is the bundle's digest).</summary>
    public static async Task<Descriptor> WriteAsync(string layoutDirectory, BundleContents contents, CancellationToken cancellationToken)
    {
        var layout = new OciLayoutStore(layoutDirectory);
        var contentsBytes = BundleContentsJson.Write(contents);
        var layer = Descriptor.FromBytes(BundleFormat.ContentsMediaType, contentsBytes) with
        {
            Annotations = new Dictionary<string, string> { [AnnotationKeys.Title] = ContentsTitle },
        };
        await PushBlobAsync(layout, EmptyConfig.Descriptor, EmptyConfig.Content.ToArray(), cancellationToken).ConfigureAwait(false);
        await PushBlobAsync(layout, layer, contentsBytes, cancellationToken).ConfigureAwait(false);
        var manifestBytes = OciJson.Write(new ImageManifest { ArtifactType = BundleFormat.ArtifactType, Config = EmptyConfig.Descriptor, Layers = [layer] });
        var manifest = Descriptor.FromBytes(MediaTypes.ImageManifest, manifestBytes, BundleFormat.ArtifactType);
        using (var content = new MemoryStream(manifestBytes, writable: false))
        {
            await layout.PushAsync(manifest, content, BundleFormat.ManifestRefName, cancellationToken).ConfigureAwait(false);
        }

        await layout.SortRootsAsync(cancellationToken).ConfigureAwait(false);
        Cleanup.DeleteFile(Path.Combine(layoutDirectory, "index.json.lock"));
        return manifest;
    }

    private static async Task PushBlobAsync(OciLayoutStore layout, Descriptor descriptor, byte[] bytes, CancellationToken cancellationToken)
    {
        using var content = new MemoryStream(bytes, writable: false);
        await layout.PushAsync(descriptor, content, cancellationToken).ConfigureAwait(false);
    }
}
