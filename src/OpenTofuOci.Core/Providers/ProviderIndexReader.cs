using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci;
using OpenTofuOci.Core.Oci.Targets;

namespace OpenTofuOci.Core.Providers;

/// <summary>
/// OpenTofu's <c>PackageMeta</c> for an OCI mirror (docs/opentofu-compatibility.md §1.3, §1.4): resolve
/// the version's tag, read the multi-platform index, select the platform manifest, select its one
/// <c>archive/zip</c> layer. Every check runs in OpenTofu's order and fails with OpenTofu's facts,
/// so what we install is what <c>tofu init</c> would install, and what it would refuse we refuse.
/// </summary>
/// <remarks>
/// Steps 1–2 run once for all platforms; steps 3–6 run per platform, in the order asked, and the
/// first failure is thrown. Manifests are read through <see cref="ContentReader"/>, which checks
/// the 4 MiB limit before fetching and the digest after (§1.4).
/// </remarks>
public static class ProviderIndexReader
{
    /// <summary>Reads the package of <paramref name="version"/> for each platform.</summary>
    public static async Task<IReadOnlyList<ProviderPackageMeta>> ReadAsync(IReadOnlyTarget target, ProviderAddress address, ProviderVersion version,
        IReadOnlyList<ProviderPlatform> platforms, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(platforms);
        var tag = version.ToTag();
        var context = new ProviderErrors.Context(address, version, target.DisplayName, tag);

        var indexDescriptor = await ResolveAsync(target, tag, context, cancellationToken).ConfigureAwait(false);
        var index = await ReadIndexAsync(target, indexDescriptor, context, cancellationToken).ConfigureAwait(false);

        var result = new List<ProviderPackageMeta>(platforms.Count);
        foreach (var platform in platforms)
        {
            var entry = SelectPlatform(index, platform, context);
            var manifest = await ReadPlatformManifestAsync(target, entry, context, cancellationToken).ConfigureAwait(false);
            var layer = SelectLayer(manifest, platform, context);
            var zipHash = ZipHash(layer, context);
            result.Add(new ProviderPackageMeta(address, version, platform.ToString(), indexDescriptor, entry, layer, zipHash,
                $"terraform-provider-{address.Type}_{version}_{platform.OS}_{platform.Arch}.zip"));
        }

        return result;
    }

    // Step 1.
    private static async Task<Descriptor> ResolveAsync(IReadOnlyTarget target, string tag, ProviderErrors.Context context, CancellationToken cancellationToken)
    {
        Descriptor descriptor;
        try
        {
            descriptor = await target.ResolveAsync(tag, cancellationToken).ConfigureAwait(false);
        }
        catch (TofuOciException ex)
        {
            throw new TofuOciException(ex.ErrorId, ex.Kind,
                $"{context.Subject}: resolving tag \"{tag}\": {ex.Message}"
                + (ex.Kind == ErrorKind.NotFound ? $" The version was listed from another tag spelling (e.g. \"1.0\"); OpenTofu looks it up as \"{tag}\", so tag it that way." : string.Empty),
                context.Reference, ex, ex.RegistryErrors, ex.StatusCode);
        }

        // Only layout stores report artifactType on resolve; a registry never does (§8.11).
        if (!string.IsNullOrEmpty(descriptor.ArtifactType) && descriptor.ArtifactType != MediaTypes.OpenTofuProvider)
        {
            throw descriptor.ArtifactType switch
            {
                MediaTypes.OpenTofuProviderTarget => context.NotAnIndex(
                    "tag refers directly to image manifest, but OpenTofu providers require an index manifest for multi-platform support",
                    "Publish the version as a multi-platform index of per-platform manifests."),
                MediaTypes.OpenTofuModulePackage => context.NotAnIndex(
                    "selected OCI artifact is an OpenTofu module package, not a provider package",
                    "Point the oci_mirror repository_template at the repository that holds the provider."),
                _ => context.NotAnIndex($"unsupported OCI artifact type \"{descriptor.ArtifactType}\"",
                    "This tag does not hold an OpenTofu provider."),
            };
        }

        if (descriptor.MediaType != MediaTypes.ImageIndex)
        {
            throw descriptor.MediaType switch
            {
                MediaTypes.ImageManifest => context.NotAnIndex(
                    "selected an OCI image manifest directly, but providers must be selected through a multi-platform index manifest",
                    "The tag holds a single manifest (a container image, a module package or a per-platform provider manifest); publish the version as a multi-platform index."),
                MediaTypes.Descriptor => context.NotAnIndex("found OCI descriptor but expected multi-platform index manifest", null),
                _ => context.NotAnIndex($"unsupported media type \"{descriptor.MediaType}\" for OCI index manifest",
                    "Only OCI image indexes are read (not Docker manifest lists)."),
            };
        }

        return descriptor with { ArtifactType = MediaTypes.OpenTofuProvider };
    }

    // Step 2.
    private static async Task<ImageIndex> ReadIndexAsync(IReadOnlyTarget target, Descriptor descriptor, ProviderErrors.Context context, CancellationToken cancellationToken)
    {
        var bytes = await ContentReader.ReadManifestAsync(target, descriptor, context.Reference, cancellationToken).ConfigureAwait(false);
        ImageIndex index;
        try
        {
            index = OciJson.ReadIndex(bytes, context.Reference);
        }
        catch (TofuOciException ex) when (ex.Code == ErrorCode.InvalidManifest)
        {
            throw Decodes(bytes, asIndex: false) && OciJson.ReadTypes(bytes).MediaType == MediaTypes.ImageManifest
                ? context.NotAnIndex("found image manifest but need index manifest", null)
                : context.Invalid(ErrorIds.InvalidManifest, $"invalid manifest content: {ex.InnerException?.Message ?? ex.Message}", "Republish the version.", ex);
        }

        // From the JSON itself: the model fills in a default mediaType, but OpenTofu requires the field.
        var (mediaType, artifactType) = OciJson.ReadTypes(bytes);
        if ((mediaType ?? string.Empty) != descriptor.MediaType)
        {
            throw context.NotAnIndex($"unexpected manifest media type \"{mediaType}\"",
                $"The index must contain \"mediaType\": \"{descriptor.MediaType}\".");
        }

        if ((artifactType ?? string.Empty) != MediaTypes.OpenTofuProvider)
        {
            throw context.NotAnIndex($"unexpected artifact type \"{artifactType}\"",
                string.IsNullOrEmpty(artifactType)
                    ? $"A provider index must say \"artifactType\": \"{MediaTypes.OpenTofuProvider}\". If the mirror was copied with `skopeo copy --all`, that dropped it (skopeo rewrites indexes without artifactType); copy it again with tofu-oci or `oras cp`. A container image index has no artifactType either."
                    : $"A provider index must say \"artifactType\": \"{MediaTypes.OpenTofuProvider}\".");
        }

        return index;
    }

    // Step 3.
    private static Descriptor SelectPlatform(ImageIndex index, ProviderPlatform platform, ProviderErrors.Context context)
    {
        string? lastWrongArtifactType = null;
        var wrongPlatforms = new List<string>();
        var candidates = new List<Descriptor>();
        foreach (var entry in index.Manifests ?? [])
        {
            if (entry.ArtifactType != MediaTypes.OpenTofuProviderTarget)
            {
                if (!string.IsNullOrEmpty(entry.ArtifactType))
                {
                    lastWrongArtifactType = entry.ArtifactType;
                }

                continue;
            }

            // These two abort at once, even for an entry of another platform, as in OpenTofu.
            if (entry.MediaType != MediaTypes.ImageManifest)
            {
                throw context.Invalid(ErrorIds.UnsupportedMediaType, $"provider image manifest has unsupported media type \"{entry.MediaType}\"",
                    $"Every provider-target entry of the index must be an OCI image manifest ({MediaTypes.ImageManifest}); republish the version.");
            }

            if (entry.Platform is null)
            {
                throw context.Invalid(ErrorIds.InvalidManifest, "provider image manifest lacks the required platform constraints",
                    "Every provider-target entry of the index needs a platform with os and architecture; republish the version.");
            }

            // variant and os.features are not looked at (§8.9); os.version makes an entry unusable.
            var p = entry.Platform;
            if (!string.IsNullOrEmpty(p.OSVersion) || p.OS != platform.OS || p.Architecture != platform.Arch)
            {
                wrongPlatforms.Add(string.IsNullOrEmpty(p.OSVersion) ? $"{p.OS}_{p.Architecture}" : $"{p.OS}_{p.Architecture} (os.version {p.OSVersion}, which OpenTofu never selects)");
                continue;
            }

            candidates.Add(entry);
        }

        if (candidates.Count == 1)
        {
            return candidates[0];
        }

        if (candidates.Count > 1)
        {
            throw context.Invalid(ErrorIds.AmbiguousPlatform, $"ambiguous manifest has multiple descriptors for platform {platform}",
                "The index has several entries for this os and architecture (OpenTofu ignores variant); keep one per platform.");
        }

        if (wrongPlatforms.Count > 0)
        {
            throw new TofuOciException(ErrorIds.PlatformNotSupported, ErrorKind.NotFound,
                $"provider {context.Address} {context.Version} is not available for {platform} (in {context.Reference}). It is published for: {string.Join(", ", wrongPlatforms)}. Choose another version or platform, or publish this platform.",
                context.Reference);
        }

        throw lastWrongArtifactType is not null
            ? context.NotAnIndex($"provider image manifest has unsupported artifact type \"{lastWrongArtifactType}\"",
                $"Provider index entries must have artifactType \"{MediaTypes.OpenTofuProviderTarget}\".")
            : context.NotAnIndex("provider image manifest has unsupported artifact type; is this a container image, rather than an OpenTofu provider?", null);
    }

    // Step 4.
    private static async Task<ImageManifest> ReadPlatformManifestAsync(IReadOnlyTarget target, Descriptor entry, ProviderErrors.Context context, CancellationToken cancellationToken)
    {
        var bytes = await ContentReader.ReadManifestAsync(target, entry, context.Reference, cancellationToken).ConfigureAwait(false);
        ImageManifest manifest;
        try
        {
            manifest = OciJson.ReadManifest(bytes, context.Reference);
        }
        catch (TofuOciException ex) when (ex.Code == ErrorCode.InvalidManifest)
        {
            throw Decodes(bytes, asIndex: true) && OciJson.ReadTypes(bytes).MediaType == MediaTypes.ImageIndex
                ? context.Invalid(ErrorIds.InvalidManifest, "found index manifest but need image manifest", "A platform entry must point at an image manifest, not at another index.")
                : context.Invalid(ErrorIds.InvalidManifest, $"invalid manifest content: {ex.InnerException?.Message ?? ex.Message}", "Republish the version.", ex);
        }

        var (mediaType, artifactType) = OciJson.ReadTypes(bytes);
        if ((mediaType ?? string.Empty) != entry.MediaType)
        {
            throw context.Invalid(ErrorIds.InvalidManifest, $"unexpected manifest media type \"{mediaType}\"",
                $"Platform manifest {entry.Digest} must contain \"mediaType\": \"{entry.MediaType}\".");
        }

        if ((artifactType ?? string.Empty) != entry.ArtifactType)
        {
            throw context.Invalid(ErrorIds.InvalidManifest, $"unexpected artifact type \"{artifactType}\"",
                $"Platform manifest {entry.Digest} must say \"artifactType\": \"{entry.ArtifactType}\", as its index entry does.");
        }

        return manifest;
    }

    // Step 5: the config is never looked at; only archive/zip layers count.
    private static Descriptor SelectLayer(ImageManifest manifest, ProviderPlatform platform, ProviderErrors.Context context)
    {
        var layers = manifest.Layers ?? [];
        var zips = layers.Where(l => l.MediaType == MediaTypes.Zip).ToList();
        return zips.Count switch
        {
            1 => zips[0],
            0 when layers.Count > 0 => throw context.Invalid(ErrorIds.NoZipLayer,
                "image manifest contains no layers of type \"archive/zip\", but has other unsupported formats; this OCI artifact might be intended for a different version of OpenTofu",
                $"The {platform} manifest has layers of type {string.Join(", ", layers.Select(l => $"\"{l.MediaType}\"").Distinct(StringComparer.Ordinal))}."),
            0 => throw context.Invalid(ErrorIds.NoZipLayer, "image manifest contains no layers of type \"archive/zip\"",
                $"The {platform} manifest has no layers; publish the provider zip as an \"archive/zip\" layer."),
            _ => throw context.Invalid(ErrorIds.AmbiguousZipLayer, "ambiguous manifest declares multiple eligible provider packages",
                $"The {platform} manifest has {zips.Count} \"archive/zip\" layers; keep exactly one."),
        };
    }

    // Step 6: the layer digest becomes the zh: hash, so it must be sha256.
    private static string ZipHash(Descriptor layer, ProviderErrors.Context context)
    {
        if (!Digest.TryParse(layer.Digest, out var digest, out var problem))
        {
            throw context.Invalid(problem == Digest.UnsupportedAlgorithmText ? ErrorIds.UnsupportedDigestAlgorithm : ErrorIds.InvalidDigest,
                $"invalid digest \"{layer.Digest}\": {problem}", "Republish the version.");
        }

        if (digest.Algorithm != DigestAlgorithm.Sha256)
        {
            throw context.Invalid(ErrorIds.UnsupportedDigestAlgorithm, $"unsupported digest algorithm \"{digest.Algorithm.Name}\"",
                "Provider packages must be addressed by sha256, because their zh: hash is the sha256 of the zip; republish with sha256.");
        }

        return "zh:" + digest.Encoded;
    }

    // The model's default mediaType would hide a missing field, so callers read the type from the JSON.
    private static bool Decodes(byte[] bytes, bool asIndex)
    {
        try
        {
            _ = asIndex ? (object)OciJson.ReadIndex(bytes) : OciJson.ReadManifest(bytes);
            return true;
        }
        catch (TofuOciException)
        {
            return false;
        }
    }
}
