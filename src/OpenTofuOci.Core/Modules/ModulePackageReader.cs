using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci;
using OpenTofuOci.Core.Oci.Targets;

namespace OpenTofuOci.Core.Modules;

/// <summary>
/// Steps 2–5 of OpenTofu's OCI module getter (docs/opentofu-compatibility.md §3.3): resolve the tag or digest,
/// insist on an image manifest (never an index) with <c>artifactType</c>
/// <c>application/vnd.opentofu.modulepkg</c>, read it within the 4 MiB limit with its digest checked
/// (§1.4), and select its one <c>archive/zip</c> layer. Each refusal carries OpenTofu's facts.
/// </summary>
public static class ModulePackageReader
{
    /// <summary>The resolved manifest and its zip layer.</summary>
    public sealed record ModulePackage(Descriptor Manifest, Descriptor Layer);

    /// <summary>Reads the package <paramref name="address"/> names from <paramref name="target"/>.</summary>
    public static async Task<ModulePackage> ReadAsync(IReadOnlyTarget target, ModuleAddress address, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(address);
        var descriptor = await ResolveAsync(target, address, cancellationToken).ConfigureAwait(false);
        var bytes = await ReadManifestBytesAsync(target, address, descriptor, cancellationToken).ConfigureAwait(false);
        var manifest = Decode(bytes, address);
        return new ModulePackage(descriptor, SelectLayer(manifest, address));
    }

    private static async Task<Descriptor> ResolveAsync(IReadOnlyTarget target, ModuleAddress address, CancellationToken cancellationToken)
    {
        var what = address.Digest is null ? $"resolving tag \"{address.Tag}\"" : $"resolving digest {address.Digest}";
        Descriptor descriptor;
        try
        {
            descriptor = await target.ResolveAsync(address.Selector, cancellationToken).ConfigureAwait(false);
        }
        catch (TofuOciException ex)
        {
            var hint = ex.Kind == ErrorKind.NotFound
                ? address.Digest is null
                    ? $" Nothing is tagged \"{address.Tag}\" in {address.RepositoryText}; publish the module with that tag, or name an existing tag or digest."
                    : $" {address.RepositoryText} has no manifest {address.Digest}; check the digest (copy it from the publish output)."
                : string.Empty;
            throw new TofuOciException(ex.ErrorId, ex.Kind, $"Module source \"{address.Text}\": {what}: {ex.Message}{hint}",
                address.Text, ex, ex.RegistryErrors, ex.StatusCode);
        }

        if (descriptor.MediaType != MediaTypes.ImageManifest)
        {
            throw NotAPackage(address, "selected object is not an OCI image manifest",
                MediaTypes.IsIndex(descriptor.MediaType)
                    ? $"{address.Selector} is an index ({descriptor.MediaType}), e.g. a provider version or a multi-platform image; OpenTofu module packages are a single image manifest."
                    : $"{address.Selector} is {descriptor.MediaType}; OpenTofu module packages are an OCI image manifest.");
        }

        // Only layout stores report artifactType on resolve; a registry never does (§8.11).
        if (!string.IsNullOrEmpty(descriptor.ArtifactType) && descriptor.ArtifactType != MediaTypes.OpenTofuModulePackage)
        {
            throw NotAPackage(address, $"unexpected artifact type \"{descriptor.ArtifactType}\"", ArtifactTypeHint(descriptor.ArtifactType));
        }

        return descriptor with { ArtifactType = MediaTypes.OpenTofuModulePackage };
    }

    private static async Task<byte[]> ReadManifestBytesAsync(IReadOnlyTarget target, ModuleAddress address, Descriptor descriptor, CancellationToken cancellationToken)
    {
        try
        {
            return await ContentReader.ReadManifestAsync(target, descriptor, address.RepositoryText, cancellationToken).ConfigureAwait(false);
        }
        catch (TofuOciException ex)
        {
            throw new TofuOciException(ex.ErrorId, ex.Kind, $"Module source \"{address.Text}\": reading manifest {descriptor.Digest}: {ex.Message}",
                address.Text, ex, ex.RegistryErrors, ex.StatusCode);
        }
    }

    private static ImageManifest Decode(byte[] bytes, ModuleAddress address)
    {
        ImageManifest manifest;
        try
        {
            manifest = OciJson.ReadManifest(bytes, address.Text);
        }
        catch (TofuOciException ex) when (ex.Code == ErrorCode.InvalidManifest)
        {
            throw IsIndex(bytes)
                ? NotAPackage(address, "found index manifest but need image manifest", "OpenTofu module packages are a single image manifest.")
                : new TofuOciException(ErrorIds.InvalidManifest, ErrorKind.InvalidData,
                    $"Module source \"{address.Text}\": invalid manifest content: {ex.InnerException?.Message ?? ex.Message}. Publish the module again.", address.Text, ex);
        }

        // From the JSON itself: the model fills in a default mediaType, but OpenTofu requires the field (§8.5).
        var (mediaType, artifactType) = OciJson.ReadTypes(bytes);
        if ((mediaType ?? string.Empty) != MediaTypes.ImageManifest)
        {
            throw NotAPackage(address, $"unexpected manifest media type \"{mediaType}\"", $"The manifest must contain \"mediaType\": \"{MediaTypes.ImageManifest}\".");
        }

        if ((artifactType ?? string.Empty) != MediaTypes.OpenTofuModulePackage)
        {
            throw NotAPackage(address, $"unexpected artifact type \"{artifactType}\"", ArtifactTypeHint(artifactType));
        }

        return manifest;
    }

    // The config is never looked at; only archive/zip layers count, others are ignored (§3.3 step 5).
    private static Descriptor SelectLayer(ImageManifest manifest, ModuleAddress address)
    {
        var layers = manifest.Layers ?? [];
        var zips = layers.Where(l => l.MediaType == MediaTypes.Zip).ToList();
        return zips.Count switch
        {
            1 => zips[0],
            0 when layers.Count > 0 => throw new TofuOciException(ErrorIds.NoZipLayer, ErrorKind.InvalidData,
                $"Module source \"{address.Text}\": image manifest contains no layers of types supported as module packages by OpenTofu, but has other unsupported formats; this OCI artifact might be intended for a different version of OpenTofu. Its layers are {string.Join(", ", layers.Select(l => $"\"{l.MediaType}\"").Distinct(StringComparer.Ordinal))}; a module package needs one \"archive/zip\" layer.",
                address.Text),
            0 => throw new TofuOciException(ErrorIds.NoZipLayer, ErrorKind.InvalidData,
                $"Module source \"{address.Text}\": image manifest contains no layers of types supported as module packages by OpenTofu; it has no layers at all. Publish the module as one \"archive/zip\" layer.",
                address.Text),
            _ => throw new TofuOciException(ErrorIds.AmbiguousZipLayer, ErrorKind.InvalidData,
                $"Module source \"{address.Text}\": multiple layers with media type \"archive/zip\" ({zips.Count}); a module package has exactly one. Publish the module again.",
                address.Text),
        };
    }

    private static UserMessage ArtifactTypeHint(string? artifactType)
    {
        if (string.IsNullOrEmpty(artifactType))
        {
            return $"A module package must say \"artifactType\": \"{MediaTypes.OpenTofuModulePackage}\"; this one says nothing (a container image, or copied by a tool that dropped it).";
        }

        if (artifactType is MediaTypes.OpenTofuProvider or MediaTypes.OpenTofuProviderTarget)
        {
            return $"This is an OpenTofu provider, not a module; install it with {UserCommand.ProviderInstall}.";
        }

        return $"A module package must say \"artifactType\": \"{MediaTypes.OpenTofuModulePackage}\".";
    }

    private static bool IsIndex(byte[] bytes)
    {
        try
        {
            _ = OciJson.ReadIndex(bytes);
            return OciJson.ReadTypes(bytes).MediaType == MediaTypes.ImageIndex;
        }
        catch (TofuOciException)
        {
            return false;
        }
    }

    private static TofuOciException NotAPackage(ModuleAddress address, string fact, UserMessage hint) =>
        new(ErrorIds.NotAModulePackage, ErrorKind.InvalidData, $"Module source \"{address.Text}\": {fact}. {hint}", address.Text);
}
