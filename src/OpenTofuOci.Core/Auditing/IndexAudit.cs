using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci;
using OpenTofuOci.Core.Oci.Targets;
using OpenTofuOci.Core.Providers;

namespace OpenTofuOci.Core.Auditing;

/// <summary>One platform's package as OpenTofu would select it: the manifest entry and its one zip layer.</summary>
/// <param name="Platform"><c>os_arch</c>.</param>
/// <param name="Manifest">The index entry.</param>
/// <param name="Layer">The <c>archive/zip</c> layer (its digest is sha256).</param>
/// <param name="Stored">True when the layer blob is there with its size (so it can be downloaded).</param>
internal sealed record AuditedPackage(ProviderPlatform Platform, Descriptor Manifest, Descriptor Layer, bool Stored)
{
    /// <summary><c>zh:</c> of the package: the hex of its sha256 digest (docs/opentofu-compatibility.md §1.3 step 6).</summary>
    public string ZipHash => "zh:" + Layer.ParsedDigest().Encoded;
}

/// <summary>What the structural checks of one version found usable.</summary>
/// <param name="Index">What the tag resolved to, when it resolved.</param>
/// <param name="Packages">One entry per platform that has exactly one entry and a selectable zip layer.</param>
/// <param name="Platforms">Every <c>os_arch</c> the index offers to OpenTofu (provider-target entries with a platform).</param>
internal sealed record IndexAuditResult(Descriptor? Index, IReadOnlyList<AuditedPackage> Packages, IReadOnlySet<string> Platforms)
{
    public static IndexAuditResult Nothing(Descriptor? index = null) => new(index, [], new HashSet<string>(StringComparer.Ordinal));
}

/// <summary>
/// The checks of OpenTofu's <c>PackageMeta</c> (docs/opentofu-compatibility.md §1.3, §1.4, §8.5–§8.12) for one version, run so
/// that every problem is reported, not only the first: the index, each provider-target entry, each platform
/// manifest and its layers, and a <c>HEAD</c> of every zip layer. <see cref="ProviderIndexReader"/> applies the same
/// rules at install time and stops at the first; the two are kept in step by the audit's tests, which plant each defect.
/// </summary>
internal static class IndexAudit
{
    public static async Task<IndexAuditResult> AuditAsync(IReadOnlyTarget target, ProviderAddress address, ProviderVersion version, string tag,
        FindingScope scope, BlobProbe probe, CancellationToken cancellationToken)
    {
        var reference = $"{scope.Repository}:{tag}";
        Descriptor resolved;
        try
        {
            resolved = await target.ResolveAsync(tag, cancellationToken).ConfigureAwait(false);
        }
        catch (TofuOciException ex) when (ex.Kind is ErrorKind.NotFound or ErrorKind.InvalidData)
        {
            scope.Error(ex.Kind == ErrorKind.NotFound ? AuditRules.BlobMissing : AuditRules.InvalidManifest, null, null,
                $"The tag {reference} is listed but cannot be resolved: {ex.Message}", "Publish or mirror the version again.");
            return IndexAuditResult.Nothing();
        }

        if (resolved.MediaType != MediaTypes.ImageIndex)
        {
            scope.Error(AuditRules.WrongIndexMediaType, null, resolved.Digest, NotAnIndexMessage(reference, resolved),
                $"Publish {address} {version} as a multi-platform OCI image index of per-platform manifests (as the publish and mirror commands do).");
            return IndexAuditResult.Nothing(resolved);
        }

        // Only layout stores report artifactType on resolve (§8.11); OpenTofu refuses a wrong one before reading.
        var resolvedArtifactType = resolved.ArtifactType;
        if (!string.IsNullOrEmpty(resolvedArtifactType) && resolvedArtifactType != MediaTypes.OpenTofuProvider)
        {
            scope.Error(AuditRules.WrongIndexArtifactType, null, resolved.Digest,
                $"The index {reference} is listed with artifactType \"{UntrustedText.Escape(resolvedArtifactType)}\"; OpenTofu needs \"{MediaTypes.OpenTofuProvider}\" (\"unsupported OCI artifact type\").",
                $"Re-push the index with artifactType \"{MediaTypes.OpenTofuProvider}\" and move the tag to it.");
        }

        var index = await ReadIndexAsync(target, resolved, reference, scope, resolvedArtifactType, cancellationToken).ConfigureAwait(false);
        if (index is null)
        {
            return IndexAuditResult.Nothing(resolved);
        }

        var lost = await LostArtifactTypesAsync(target, index, reference, cancellationToken).ConfigureAwait(false);
        var (candidates, platforms) = CheckEntries(index, lost, scope);
        var packages = await Task.WhenAll(candidates.Select(entry =>
            AuditManifestAsync(target, entry, candidates.Count(c => SamePlatform(c, entry)) == 1, scope, probe, cancellationToken))).ConfigureAwait(false);
        return new IndexAuditResult(resolved, packages.OfType<AuditedPackage>().OrderBy(p => p.Platform.ToString(), StringComparer.Ordinal).ToList(), platforms);
    }

    // Step 2 (§1.3, §1.4, §8.5, §8.6, §8.8): the index bytes, its JSON, its mediaType and artifactType.
    private static async Task<ImageIndex?> ReadIndexAsync(IReadOnlyTarget target, Descriptor resolved, string reference, FindingScope scope,
        string? resolvedArtifactType, CancellationToken cancellationToken)
    {
        var bytes = await ReadManifestAsync(target, resolved, reference, "The index", null, scope, cancellationToken).ConfigureAwait(false);
        if (bytes is null)
        {
            return null;
        }

        ImageIndex index;
        try
        {
            index = OciJson.ReadIndex(bytes, reference);
        }
        catch (TofuOciException ex) when (ex.Code == ErrorCode.InvalidManifest)
        {
            scope.Error(AuditRules.InvalidManifest, null, resolved.Digest,
                $"The index {reference} cannot be read as an OCI image index: {ex.InnerException?.Message ?? ex.Message}",
                "Publish or mirror the version again.");
            return null;
        }

        var (mediaType, artifactType) = OciJson.ReadTypes(bytes);
        if ((mediaType ?? string.Empty) != resolved.MediaType)
        {
            scope.Error(AuditRules.WrongIndexMediaType, null, resolved.Digest,
                $"The index {reference} says \"mediaType\": \"{UntrustedText.Escape(mediaType ?? string.Empty)}\" in its JSON, but OpenTofu requires it to be there and equal to \"{resolved.MediaType}\" (\"unexpected manifest media type\").",
                "Publish or mirror the version again with a complete index.");
        }

        if (string.IsNullOrEmpty(artifactType))
        {
            scope.Error(AuditRules.IndexMissingArtifactType, null, resolved.Digest,
                $"The index {reference} has no artifactType, so OpenTofu refuses it (\"unexpected artifact type \\\"\\\"\"); copying with `skopeo copy --all` drops it.",
                $"Re-push the index with \"artifactType\": \"{MediaTypes.OpenTofuProvider}\" and move the tag to it (content-preserving), or copy the version again with a tool that keeps artifactType.");
        }
        else if (artifactType != MediaTypes.OpenTofuProvider && artifactType != resolvedArtifactType)
        {
            scope.Error(AuditRules.WrongIndexArtifactType, null, resolved.Digest,
                $"The index {reference} has artifactType \"{UntrustedText.Escape(artifactType)}\"; OpenTofu needs \"{MediaTypes.OpenTofuProvider}\" (\"unexpected artifact type\").",
                $"Re-push the index with \"artifactType\": \"{MediaTypes.OpenTofuProvider}\" and move the tag to it, if it really holds provider packages.");
        }

        return index;
    }

    // Entries without artifactType whose manifest says provider-target: `skopeo copy --all` rewrites the index
    // and drops artifactType from it and from every entry, while the manifests themselves are copied unchanged.
    private static async Task<HashSet<string>> LostArtifactTypesAsync(IReadOnlyTarget target, ImageIndex index, string reference, CancellationToken cancellationToken)
    {
        var lost = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in (index.Manifests ?? []).Where(e => string.IsNullOrEmpty(e.ArtifactType) && e.MediaType == MediaTypes.ImageManifest && e.Platform is not null))
        {
            try
            {
                var bytes = await ContentReader.ReadManifestAsync(target, entry, reference, cancellationToken).ConfigureAwait(false);
                if (OciJson.ReadTypes(bytes).ArtifactType == MediaTypes.OpenTofuProviderTarget)
                {
                    lost.Add(entry.Digest);
                }
            }
            catch (TofuOciException ex) when (ex.Kind is ErrorKind.NotFound or ErrorKind.InvalidData)
            {
                // Reported when the entry is looked at as it stands.
            }
        }

        return lost;
    }

    // Step 3 (§1.3, §8.9): which entries OpenTofu would consider, for all platforms at once.
    private static (List<Descriptor> Candidates, HashSet<string> Platforms) CheckEntries(ImageIndex index, HashSet<string> lost, FindingScope scope)
    {
        var candidates = new List<Descriptor>();
        var qualified = new List<Descriptor>();
        var foreign = new List<Descriptor>();
        var aborting = 0;
        foreach (var entry in index.Manifests ?? [])
        {
            if (lost.Contains(entry.Digest))
            {
                // Repairable with the index (the fixer copies the manifest's own artifactType into the entry), so the
                // entry is checked further as OpenTofu would check it once repaired.
                scope.Error(AuditRules.WrongManifestArtifactType, entry.Platform!.ToString(), entry.Digest,
                    $"The index entry {entry.Digest} ({entry.Platform}) has no artifactType although its manifest says \"{MediaTypes.OpenTofuProviderTarget}\" (typical after `skopeo copy --all`); OpenTofu skips such entries, so {entry.Platform} is not available.",
                    "Re-push the index with each entry's artifactType taken from its manifest and move the tag to it (content-preserving).", fixable: true);
                candidates.Add(entry);
                continue;
            }

            if (entry.ArtifactType != MediaTypes.OpenTofuProviderTarget)
            {
                foreign.Add(entry);
                continue;
            }

            if (entry.MediaType != MediaTypes.ImageManifest)
            {
                aborting++;
                scope.Error(AuditRules.WrongManifestMediaType, entry.Platform?.ToString(), entry.Digest,
                    $"The index entry {entry.Digest} has mediaType \"{UntrustedText.Escape(entry.MediaType)}\"; OpenTofu stops at it for every platform (\"provider image manifest has unsupported media type\").",
                    $"Every provider-target entry must be an OCI image manifest ({MediaTypes.ImageManifest}); publish the version again.");
                continue;
            }

            if (entry.Platform is null)
            {
                aborting++;
                scope.Error(AuditRules.PlatformMissing, null, entry.Digest,
                    $"The index entry {entry.Digest} has no platform; OpenTofu stops at it for every platform (\"provider image manifest lacks the required platform constraints\").",
                    "Give every provider-target entry a platform with os and architecture; publish the version again.");
                continue;
            }

            if (!string.IsNullOrEmpty(entry.Platform.OSVersion))
            {
                qualified.Add(entry);
                continue;
            }

            if (!string.IsNullOrEmpty(entry.Platform.Variant) || entry.Platform.OSFeatures is { Count: > 0 })
            {
                scope.Warning(AuditRules.PlatformQualifier, entry.Platform.ToString(), entry.Digest,
                    $"The {entry.Platform} entry {entry.Digest} carries a variant or os.features, which OpenTofu does not look at; two entries that differ only there are ambiguous to it.",
                    "Publish one entry per os and architecture without variant or os.features.");
            }

            candidates.Add(entry);
        }

        var platforms = new HashSet<string>(candidates.Select(c => c.Platform!.ToString()), StringComparer.Ordinal);
        foreach (var group in candidates.GroupBy(c => c.Platform!.ToString(), StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            scope.Error(AuditRules.AmbiguousPlatform, group.Key, null,
                $"The index has {group.Count()} entries for {group.Key} ({string.Join(", ", group.Select(g => g.Digest))}); OpenTofu refuses the platform (\"ambiguous manifest has multiple descriptors for platform {group.Key}\").",
                "Keep exactly one entry per os and architecture; publish the version again.");
        }

        foreach (var entry in qualified)
        {
            var platform = entry.Platform!.ToString();
            if (platforms.Contains(platform))
            {
                scope.Warning(AuditRules.PlatformQualifier, platform, entry.Digest,
                    $"The {platform} entry {entry.Digest} has os.version \"{UntrustedText.Escape(entry.Platform.OSVersion!)}\", so OpenTofu never selects it; another entry serves {platform}.",
                    "Remove the entry or its os.version.");
            }
            else
            {
                scope.Error(AuditRules.PlatformQualifier, platform, entry.Digest,
                    $"The only {platform} entry {entry.Digest} has os.version \"{UntrustedText.Escape(entry.Platform.OSVersion!)}\", which OpenTofu never selects, so {platform} is not available.",
                    "Publish the platform's manifest without os.version.");
            }
        }

        foreach (var entry in foreign)
        {
            var platform = entry.Platform?.ToString();
            var what = string.IsNullOrEmpty(entry.ArtifactType) ? "no artifactType" : $"artifactType \"{UntrustedText.Escape(entry.ArtifactType)}\"";
            if (platform is not null && platforms.Contains(platform))
            {
                scope.Warning(AuditRules.WrongManifestArtifactType, platform, entry.Digest,
                    $"The index entry {entry.Digest} ({platform}) has {what}, so OpenTofu skips it; another entry serves {platform}.",
                    "Remove the entry, or give it the provider-target artifactType if it is a provider package.");
            }
            else
            {
                scope.Error(AuditRules.WrongManifestArtifactType, platform, entry.Digest,
                    $"The index entry {entry.Digest}{(platform is null ? string.Empty : $" ({platform})")} has {what}; OpenTofu only selects entries with \"{MediaTypes.OpenTofuProviderTarget}\", so {(platform is null ? "it is never used" : $"{platform} is not available")}.",
                    $"Publish the version again so each platform's entry says \"artifactType\": \"{MediaTypes.OpenTofuProviderTarget}\".");
            }
        }

        if (candidates.Count == 0 && aborting == 0 && qualified.Count == 0 && foreign.Count == 0)
        {
            scope.Error(AuditRules.PlatformMissing, null, null,
                "The index lists no manifests, so OpenTofu finds no platform in it.", "Publish the version again with its platforms.");
        }

        // Entries that abort OpenTofu's selection were reported; the others are still checked, so one run shows everything.
        return (candidates, platforms);
    }

    // Steps 4–6 (§1.3, §8.12) for one entry, and a HEAD of its zip layer.
    private static async Task<AuditedPackage?> AuditManifestAsync(IReadOnlyTarget target, Descriptor entry, bool unique, FindingScope scope, BlobProbe probe,
        CancellationToken cancellationToken)
    {
        var platform = entry.Platform!.ToString();
        var reference = $"{scope.Repository}@{entry.Digest}";
        var bytes = await ReadManifestAsync(target, entry, reference, $"The {platform} manifest", platform, scope, cancellationToken).ConfigureAwait(false);
        if (bytes is null)
        {
            return null;
        }

        ImageManifest manifest;
        try
        {
            manifest = OciJson.ReadManifest(bytes, reference);
        }
        catch (TofuOciException ex) when (ex.Code == ErrorCode.InvalidManifest)
        {
            scope.Error(AuditRules.InvalidManifest, platform, entry.Digest,
                $"The {platform} manifest {entry.Digest} cannot be read as an OCI image manifest: {ex.InnerException?.Message ?? ex.Message}",
                "Publish or mirror the version again.");
            return null;
        }

        var (mediaType, artifactType) = OciJson.ReadTypes(bytes);
        if ((mediaType ?? string.Empty) != entry.MediaType)
        {
            scope.Error(AuditRules.WrongManifestMediaType, platform, entry.Digest,
                $"The {platform} manifest {entry.Digest} says \"mediaType\": \"{UntrustedText.Escape(mediaType ?? string.Empty)}\", but OpenTofu requires \"{entry.MediaType}\" (\"unexpected manifest media type\").",
                "Publish the version again.");
        }

        if ((artifactType ?? string.Empty) != MediaTypes.OpenTofuProviderTarget)
        {
            scope.Error(AuditRules.WrongManifestArtifactType, platform, entry.Digest,
                $"The {platform} manifest {entry.Digest} has artifactType \"{UntrustedText.Escape(artifactType ?? string.Empty)}\"; OpenTofu requires \"{MediaTypes.OpenTofuProviderTarget}\", as its index entry says (\"unexpected artifact type\").",
                "Publish the version again.");
        }

        var layer = SelectLayer(manifest, entry, platform, scope);
        if (layer is null)
        {
            return null;
        }

        var stored = await probe.ReportAsync(scope, platform, layer, $"The {platform} zip layer", cancellationToken).ConfigureAwait(false);
        return unique ? new AuditedPackage(new ProviderPlatform(entry.Platform.OS, entry.Platform.Architecture), entry, layer, stored) : null;
    }

    private static Descriptor? SelectLayer(ImageManifest manifest, Descriptor entry, string platform, FindingScope scope)
    {
        var layers = manifest.Layers ?? [];
        var zips = layers.Where(l => l.MediaType == MediaTypes.Zip).ToList();
        if (zips.Count == 0 && layers.Count > 0)
        {
            scope.Error(AuditRules.WrongLayerMediaType, platform, entry.Digest,
                $"The {platform} manifest {entry.Digest} has layers of type {string.Join(", ", layers.Select(l => $"\"{UntrustedText.Escape(l.MediaType)}\"").Distinct(StringComparer.Ordinal))} and none of type \"{MediaTypes.Zip}\", the only one OpenTofu installs.",
                $"Publish the provider zip as a layer of media type \"{MediaTypes.Zip}\".");
            return null;
        }

        if (zips.Count == 0)
        {
            scope.Error(AuditRules.NoZipLayer, platform, entry.Digest,
                $"The {platform} manifest {entry.Digest} has no layers, so OpenTofu finds no package (\"image manifest contains no layers of type \\\"{MediaTypes.Zip}\\\"\").",
                $"Publish the provider zip as one layer of media type \"{MediaTypes.Zip}\".");
            return null;
        }

        if (zips.Count > 1)
        {
            scope.Error(AuditRules.AmbiguousZipLayer, platform, entry.Digest,
                $"The {platform} manifest {entry.Digest} has {zips.Count} \"{MediaTypes.Zip}\" layers ({string.Join(", ", zips.Select(z => z.Digest))}); OpenTofu refuses it (\"ambiguous manifest declares multiple eligible provider packages\").",
                "Keep exactly one zip layer per platform manifest; publish the version again.");
            return null;
        }

        var layer = zips[0];
        if (!Digest.TryParse(layer.Digest, out var digest, out var problem) || digest.Algorithm != DigestAlgorithm.Sha256)
        {
            scope.Error(AuditRules.InvalidManifest, platform, entry.Digest,
                $"The {platform} zip layer's digest \"{UntrustedText.Escape(layer.Digest)}\" is not a valid sha256 digest ({problem ?? $"algorithm {digest.Algorithm.Name}"}); OpenTofu derives the package's zh: hash from it and refuses anything else.",
                "Publish the version again with sha256 digests.");
            return null;
        }

        if (layer.Platform is { } lp && (lp.OS != entry.Platform!.OS || lp.Architecture != entry.Platform.Architecture))
        {
            scope.Error(AuditRules.InvalidManifest, platform, layer.Digest,
                $"The {platform} zip layer {layer.Digest} says it is for {lp}; OpenTofu refuses to install it (\"selected OCI artifact is for {lp}, but was expected to be for {platform}\").",
                "Remove the layer's platform or make it match; publish the version again.");
            return null;
        }

        return layer;
    }

    private static async Task<byte[]?> ReadManifestAsync(IReadOnlyTarget target, Descriptor descriptor, string reference, string what, string? platform,
        FindingScope scope, CancellationToken cancellationToken)
    {
        try
        {
            return await ContentReader.ReadManifestAsync(target, descriptor, reference, cancellationToken).ConfigureAwait(false);
        }
        catch (TofuOciException ex) when (ex.Kind == ErrorKind.NotFound)
        {
            scope.Error(AuditRules.BlobMissing, platform, descriptor.Digest,
                $"{what} {descriptor.Digest} is not in {scope.Repository}.",
                "Publish or mirror the version again so every manifest is uploaded.");
        }
        catch (TofuOciException ex) when (ex.Kind == ErrorKind.InvalidData)
        {
            scope.Error(AuditRules.InvalidManifest, platform, descriptor.Digest,
                $"{what} {descriptor.Digest} cannot be read as OpenTofu reads it: {ex.Message}",
                "Publish or mirror the version again.");
        }

        return null;
    }

    private static bool SamePlatform(Descriptor a, Descriptor b) => a.Platform!.ToString() == b.Platform!.ToString();

    private static string NotAnIndexMessage(string reference, Descriptor resolved) => resolved.MediaType switch
    {
        MediaTypes.ImageManifest => resolved.ArtifactType switch
        {
            MediaTypes.OpenTofuModulePackage => $"The tag {reference} holds an OpenTofu module package, not a provider index.",
            MediaTypes.OpenTofuProviderTarget => $"The tag {reference} points directly at a per-platform provider manifest; OpenTofu needs a multi-platform index.",
            _ => $"The tag {reference} holds a single image manifest; OpenTofu selects providers only through a multi-platform index (\"selected an OCI image manifest directly\").",
        },
        MediaTypes.DockerManifestList => $"The tag {reference} holds a Docker manifest list; OpenTofu reads only OCI image indexes (\"unsupported media type\").",
        _ => $"The tag {reference} holds \"{UntrustedText.Escape(resolved.MediaType)}\", not an OCI image index (\"unsupported media type … for OCI index manifest\").",
    };
}
