using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.FileSystem;
using OpenTofuOci.Core.Modules;
using OpenTofuOci.Core.Oci;
using OpenTofuOci.Core.Oci.Stores;
using OpenTofuOci.Core.Oci.Targets;
using OpenTofuOci.Core.Providers;

namespace OpenTofuOci.Core.Bundles.Import;

/// <summary>
/// Opens a bundle for import and verification (docs/opentofu-compatibility.md §13 "Reading a bundle"): a layout
/// directory as it is, or a <c>.tar</c> unpacked safely into a private directory; then the <c>bundle</c> manifest
/// (its <c>artifactType</c>, one contents layer, size caps) and its <see cref="BundleContents"/>, every entry
/// checked for shape. Anything that does not fit is <see cref="ErrorIds.InvalidBundle"/> naming the part.
/// </summary>
public static class BundleReader
{
    /// <summary>Opens <paramref name="path"/> (a directory or a <c>.tar</c> file); dispose the result to remove an unpacked copy.</summary>
    public static async Task<OpenedBundle> OpenAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var source = Path.GetFullPath(path);
        if (System.IO.Directory.Exists(source))
        {
            return await ReadAsync(source, source, null, cancellationToken).ConfigureAwait(false);
        }

        if (!File.Exists(source))
        {
            throw new TofuOciException(ErrorIds.InvalidBundle, ErrorKind.NotFound,
                $"{source} does not exist; give the bundle directory or .tar written by the bundle export command.", source);
        }

        var unpacked = PrivateTempDirectory.Create();
        try
        {
            await BundleArchiveReader.ExtractAsync(source, unpacked.Path, cancellationToken: cancellationToken).ConfigureAwait(false);
            return await ReadAsync(source, unpacked.Path, unpacked, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            unpacked.Dispose();
            throw;
        }
    }

    private static async Task<OpenedBundle> ReadAsync(string source, string directory, PrivateTempDirectory? unpacked, CancellationToken cancellationToken)
    {
        if (!File.Exists(Path.Combine(directory, "oci-layout")))
        {
            throw Invalid(source, "oci-layout", "it is missing, so this is not an OCI image layout");
        }

        var layout = TargetFactory.OpenLayout(directory);
        Descriptor root;
        byte[] manifestBytes;
        try
        {
            root = await layout.ResolveAsync(BundleFormat.ManifestRefName, cancellationToken).ConfigureAwait(false);
            manifestBytes = await ContentReader.ReadManifestAsync(layout, root, source, cancellationToken).ConfigureAwait(false);
        }
        catch (TofuOciException e) when (e.Code != ErrorCode.Cancelled)
        {
            throw Invalid(source, $"the \"{BundleFormat.ManifestRefName}\" manifest", e.Message);
        }

        var manifest = ReadManifest(source, manifestBytes);
        var layer = manifest.Layers[0];
        if (layer.Size is < 0 or > ManifestLimits.MaxPublishSize)
        {
            throw Invalid(source, "the contents layer", $"its size {layer.Size} is outside 0 to {ManifestLimits.MaxPublishSize} bytes");
        }

        byte[] contentsBytes;
        try
        {
            contentsBytes = await ContentReader.ReadManifestAsync(layout, layer, source, cancellationToken).ConfigureAwait(false);
        }
        catch (TofuOciException e) when (e.Code != ErrorCode.Cancelled)
        {
            throw Invalid(source, "the contents layer", e.Message);
        }

        var contents = ParseContents(source, contentsBytes);
        return new OpenedBundle(source, directory, root with { ArtifactType = manifest.ArtifactType }, contents, unpacked);
    }

    private static ImageManifest ReadManifest(string source, byte[] bytes)
    {
        ImageManifest manifest;
        try
        {
            manifest = OciJson.ReadManifest(bytes, source);
        }
        catch (TofuOciException e)
        {
            throw Invalid(source, "the bundle manifest", e.Message);
        }

        if (manifest.MediaType != MediaTypes.ImageManifest || manifest.ArtifactType != BundleFormat.ArtifactType)
        {
            throw Invalid(source, "the bundle manifest",
                $"its mediaType is \"{UntrustedText.Escape(manifest.MediaType ?? "")}\" and artifactType \"{UntrustedText.Escape(manifest.ArtifactType ?? "")}\", not an image manifest of {BundleFormat.ArtifactType}");
        }

        if (manifest.Layers.Count != 1 || manifest.Layers[0].MediaType != BundleFormat.ContentsMediaType)
        {
            throw Invalid(source, "the bundle manifest", $"it must have exactly one layer of {BundleFormat.ContentsMediaType}");
        }

        return manifest;
    }

    /// <summary>Parses and checks contents JSON: schema version 1, every entry complete and consistent with its view's prefix.</summary>
    internal static BundleContents ParseContents(string source, byte[] bytes)
    {
        // The exporter's reader: the schema version and the JSON; the shape of every entry is checked below.
        var contents = BundleContentsJson.Read(bytes, source);
        if (contents.Providers is null || contents.Modules is null)
        {
            throw Invalid(source, "the contents", "providers or modules is missing");
        }

        foreach (var provider in contents.Providers)
        {
            CheckProvider(source, provider);
        }

        foreach (var module in contents.Modules)
        {
            CheckModule(source, module);
        }

        return contents;
    }

    private static void CheckProvider(string source, BundleProvider? provider)
    {
        if (provider is null || provider.Address is null || provider.Version is null || provider.RefNamePrefix is null || provider.Tag is null
            || provider.IndexDigest is null || provider.Platforms is null || provider.Source is null)
        {
            throw Invalid(source, "the contents", "a provider entry lacks address, version, refNamePrefix, tag, indexDigest, platforms or source");
        }

        var what = $"provider {UntrustedText.Escape(provider.Address)} {UntrustedText.Escape(provider.Version)}";
        if (!ProviderAddress.TryParse(provider.Address, out var address, out var problem) || address!.ToString() != provider.Address)
        {
            throw Invalid(source, what, problem ?? "its address is not written as hostname/namespace/type");
        }

        if (provider.RefNamePrefix != BundleFormat.ProviderRefNamePrefix(address.Hostname, address.Namespace, address.Type)
            || !Reference.IsValidTag(provider.Tag) || !ProviderVersion.TryParseTag(provider.Tag, out var version) || version!.ToString() != provider.Version
            || !Digest.TryParse(provider.IndexDigest, out _, out _))
        {
            throw Invalid(source, what, "its refNamePrefix, tag, version or indexDigest do not agree");
        }

        if (provider.ProvenanceDigest is not null && !Digest.TryParse(provider.ProvenanceDigest, out _, out _))
        {
            throw Invalid(source, what, "its provenanceDigest is not a digest");
        }

        foreach (var platform in provider.Platforms)
        {
            if (platform is null || platform.Platform is null || platform.H1 is null || platform.Zh is null
                || !Digest.TryParse(platform.ManifestDigest, out _, out _) || !Digest.TryParse(platform.ZipDigest, out _, out _) || platform.ZipSize < 0)
            {
                throw Invalid(source, what, "a platform entry lacks platform, manifestDigest, zipDigest, zipSize, h1 or zh");
            }
        }
    }

    private static void CheckModule(string source, BundleModule? module)
    {
        if (module is null || module.Source is null || module.RefNamePrefix is null || module.Tag is null || module.Digest is null)
        {
            throw Invalid(source, "the contents", "a module entry lacks source, refNamePrefix, tag or digest");
        }

        var what = $"module {UntrustedText.Escape(module.Source)}";
        ModuleAddress address;
        try
        {
            address = ModuleAddress.Parse(module.Source);
        }
        catch (TofuOciException e)
        {
            throw Invalid(source, what, e.Message);
        }

        if (address.IsLayout || address.Subdir is not null
            || module.RefNamePrefix != BundleFormat.ModuleRefNamePrefix(address.Remote!.Registry, address.Remote.Repository)
            || !Reference.IsValidTag(module.Tag) || !Digest.TryParse(module.Digest, out _, out _))
        {
            throw Invalid(source, what, "its source, refNamePrefix, tag or digest do not agree");
        }
    }

    internal static TofuOciException Invalid(string source, string part, string why) =>
        new(ErrorIds.InvalidBundle, ErrorKind.InvalidData,
            $"{source} is not a usable bundle: {part}: {why}. Export the bundle again with the bundle export command.", source);
}
