using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.FileSystem;
using OpenTofuOci.Core.LockFiles;
using OpenTofuOci.Core.Modules;
using OpenTofuOci.Core.Oci;
using OpenTofuOci.Core.Oci.Copy;
using OpenTofuOci.Core.Oci.Targets;
using OpenTofuOci.Core.Providers.Provenance;
using OpenTofuOci.Core.Providers.Publishing;
using OpenTofuOci.Core.RootModules;

namespace OpenTofuOci.Core.Bundles.Import;

/// <summary>
/// Pushes a bundle into an internal registry and writes what its consumers need (docs/opentofu-compatibility.md §13
/// "Import"): every provider version copied byte for byte (same index digest, its provenance referrer with it) into
/// the repository the template maps it to, every module under the module prefix, then the <c>.tofurc</c> block and
/// the lock file.
/// </summary>
/// <remarks>
/// Items are imported one after another, each on its own: a failure is recorded and the others go on, like
/// <c>provider mirror</c>. What a repository already holds under the same digest is not uploaded again, so a
/// re-run sends nothing. A tag that holds different content is refused unless forced. The CLI configuration and
/// the lock file are written only when every item was imported, so a consumer never gets a configuration that
/// points at something missing.
/// </remarks>
public static class BundleImporter
{
    /// <summary>Imports the bundle of <paramref name="request"/>; failures of single items are in the result.</summary>
    public static async Task<BundleImportResult> ImportAsync(BundleImportRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var bundle = request.Bundle;
        var plan = request.Plan;
        var items = new List<BundleImportItem>();
        foreach (var target in plan.Providers.OrderBy(p => p.Provider.Address, StringComparer.Ordinal).ThenBy(p => p.Provider.Version, StringComparer.Ordinal))
        {
            items.Add(await ImportProviderAsync(request, target, cancellationToken).ConfigureAwait(false));
        }

        foreach (var target in plan.Modules.OrderBy(m => m.Module.Source, StringComparer.Ordinal))
        {
            items.Add(await ImportModuleAsync(request, target, cancellationToken).ConfigureAwait(false));
        }

        var warnings = plan.Repositories
            .Select(r => r[..r.IndexOf('/', StringComparison.Ordinal)])
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Where(request.IsPlainHttp)
            .Select(r => $"{r} is reached over plain HTTP: tofu cannot install providers or modules from it, because OpenTofu always speaks HTTPS to OCI registries (docs/opentofu-compatibility.md §8.34). Serve it over HTTPS before pointing tofu at it.")
            .ToList();
        var tofurc = BundleOutputs.Tofurc(plan);
        var locks = BundleOutputs.LockFile(bundle.Contents);
        var complete = items.All(i => i.Status != BundleImportStatus.Failed);
        if (complete && request.TofurcPath is { } tofurcPath)
        {
            await AtomicFile.WriteAsync(Path.GetFullPath(tofurcPath), System.Text.Encoding.UTF8.GetBytes(tofurc), null, cancellationToken).ConfigureAwait(false);
        }

        if (complete && request.LockFilePath is { } lockPath)
        {
            // Merged as provider lock merges: the same version keeps the hashes it had and gains the bundle's.
            await LockFileUpdater.UpdateAsync(lockPath, existing => existing.Merge(locks), cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        return new BundleImportResult(bundle.Manifest.Digest, items, tofurc, locks, plan.ModuleSources, warnings,
            complete ? request.TofurcPath : null, complete ? request.LockFilePath : null);
    }

    /// <summary>
    /// The <c>source</c> rewrites that point every <c>module</c> call of the root module in <paramref name="configurationDirectory"/>
    /// (child modules on disk included) whose source names a bundled module at its new address; <c>//subdir</c> is kept.
    /// Apply them with <see cref="ModuleSourceRewriter.ApplyAsync"/>.
    /// </summary>
    public static async Task<IReadOnlyList<ModuleSourceRewrite>> PlanRewritesAsync(string configurationDirectory, BundleImportPlan plan, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(configurationDirectory);
        ArgumentNullException.ThrowIfNull(plan);
        var root = await RootModuleReader.ReadAsync(configurationDirectory, cancellationToken).ConfigureAwait(false);
        var byArtifact = plan.Modules.ToDictionary(m => Key(ModuleAddress.Parse(m.Module.Source)), m => m);
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var call in root.ModuleCalls)
        {
            if (call.OciAddress is { IsLayout: false } address && byArtifact.TryGetValue(Key(address), out var target))
            {
                map[call.Source] = ModuleAddress.Format(target.RepositoryText, address.Subdir, address.Digest is null ? address.Tag : null, address.Digest?.ToString());
            }
        }

        return ModuleSourceRewriter.Plan(root, map);
    }

    // Two spellings of one artifact (query order, ?tag=latest or none) are one key.
    private static string Key(ModuleAddress address) => $"{address.RepositoryText}|{address.Tag}|{address.Digest}";

    private static async Task<BundleImportItem> ImportProviderAsync(BundleImportRequest request, BundleProviderTarget target, CancellationToken cancellationToken)
    {
        var p = target.Provider;
        try
        {
            var view = request.Bundle.View(p);
            var destination = request.Open(target.Registry, target.Repository);
            var resolved = await view.ResolveAsync(p.Tag, cancellationToken).ConfigureAwait(false);
            if (resolved.Digest != p.IndexDigest)
            {
                throw BundleReader.Invalid(request.Bundle.Source, $"provider {p.Address} {p.Version}", $"its tag points at {resolved.Digest}, but the contents say {p.IndexDigest}");
            }

            var options = new CopyOptions { MaxParallelism = request.MaxParallelism };
            var copied = await ProviderVersionCopier.CopyAsync(view, p.Tag, destination, request.Force, options, null, cancellationToken).ConfigureAwait(false);
            var bytes = copied.BytesUploaded;
            if (p.ProvenanceDigest is { } provenance)
            {
                bytes += await CopyProvenanceAsync(request.Bundle, view, copied.Index, provenance, destination, cancellationToken).ConfigureAwait(false);
            }

            var status = copied.Status switch
            {
                ProviderPublishStatus.Unchanged => BundleImportStatus.AlreadyPresent,
                ProviderPublishStatus.Replaced => BundleImportStatus.Replaced,
                _ => BundleImportStatus.Imported,
            };
            return new BundleImportItem(BundleItemKind.Provider, p.Address, p.Version, target.RepositoryText, p.IndexDigest, null, status, bytes, null);
        }
        catch (TofuOciException e) when (IsItemFailure(e))
        {
            return new BundleImportItem(BundleItemKind.Provider, p.Address, p.Version, target.RepositoryText, p.IndexDigest, null, BundleImportStatus.Failed, 0, e);
        }
    }

    // Byte for byte, so the referrer keeps the digest the bundle lists; made findable from the index as provenance always is.
    private static async Task<long> CopyProvenanceAsync(OpenedBundle bundle, IReadOnlyTarget view, Descriptor index, string digest, ITarget destination, CancellationToken cancellationToken)
    {
        var listed = view is IReferrerLister lister
            ? await lister.ListReferrersAsync(index, ProvenanceFormat.ArtifactType, cancellationToken).ConfigureAwait(false)
            : await ReferrersTag.ListAsync(view, index.ParsedDigest(), ProvenanceFormat.ArtifactType, cancellationToken).ConfigureAwait(false);
        var descriptor = listed.FirstOrDefault(d => d.Digest == digest)
            ?? throw BundleReader.Invalid(bundle.Source, $"provenance {digest}", $"no provenance artifact with that digest refers to {index.Digest}");
        if (await destination.ExistsAsync(descriptor, cancellationToken).ConfigureAwait(false))
        {
            return 0;
        }

        var bytes = await ContentReader.ReadManifestAsync(view, descriptor, bundle.Source, cancellationToken).ConfigureAwait(false);
        var manifest = OciJson.ReadManifest(bytes, bundle.Source);
        long sent = 0;
        foreach (var blob in (manifest.Config is null ? manifest.Layers : [manifest.Config, .. manifest.Layers]).DistinctBy(b => b.Digest))
        {
            if (!await destination.ExistsAsync(blob, cancellationToken).ConfigureAwait(false))
            {
                var content = await view.FetchAsync(blob, cancellationToken).ConfigureAwait(false);
                await using (content.ConfigureAwait(false))
                {
                    await destination.PushMissingAsync(blob, content, cancellationToken).ConfigureAwait(false);
                }

                sent += blob.Size;
            }
        }

        if (destination is IReferrerPusher pusher)
        {
            await pusher.PushReferrerAsync(descriptor, bytes, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            using var content = new MemoryStream(bytes, writable: false);
            await destination.PushAsync(descriptor, content, cancellationToken).ConfigureAwait(false);
            await ReferrersTag.AddAsync(destination, ReferrersTag.EntryFor(descriptor, manifest), index.ParsedDigest(), cancellationToken).ConfigureAwait(false);
        }

        return sent + bytes.Length;
    }

    private static async Task<BundleImportItem> ImportModuleAsync(BundleImportRequest request, BundleModuleTarget target, CancellationToken cancellationToken)
    {
        var m = target.Module;
        var version = target.Tag;
        try
        {
            var view = request.Bundle.View(m);
            var destination = request.Open(target.Registry, target.Repository);
            var resolved = await view.ResolveAsync(m.Tag, cancellationToken).ConfigureAwait(false);
            if (resolved.Digest != m.Digest)
            {
                throw BundleReader.Invalid(request.Bundle.Source, $"module {m.Source}", $"its tag points at {resolved.Digest}, but the contents say {m.Digest}");
            }

            var status = BundleImportStatus.Imported;
            if (version is null)
            {
                if (await destination.ExistsAsync(resolved, cancellationToken).ConfigureAwait(false))
                {
                    return new BundleImportItem(BundleItemKind.Module, m.Source, null, target.RepositoryText, m.Digest, target.NewSource, BundleImportStatus.AlreadyPresent, 0, null);
                }
            }
            else
            {
                var guard = await ModuleTagGuard.CheckAsync(destination, target.RepositoryText, [version], m.Digest, request.Force, cancellationToken).ConfigureAwait(false);
                if (guard.Status == ModulePublishStatus.Unchanged)
                {
                    return new BundleImportItem(BundleItemKind.Module, m.Source, version, target.RepositoryText, m.Digest, target.NewSource, BundleImportStatus.AlreadyPresent, 0, null);
                }

                status = guard.Status == ModulePublishStatus.Replaced ? BundleImportStatus.Replaced : BundleImportStatus.Imported;
            }

            var copy = await ArtifactCopier.CopyAsync(view, m.Digest, destination, version,
                new CopyOptions { MaxParallelism = request.MaxParallelism }, null, cancellationToken).ConfigureAwait(false);
            return new BundleImportItem(BundleItemKind.Module, m.Source, version, target.RepositoryText, m.Digest, target.NewSource, status, copy.BytesCopied, null);
        }
        catch (TofuOciException e) when (IsItemFailure(e))
        {
            return new BundleImportItem(BundleItemKind.Module, m.Source, version, target.RepositoryText, m.Digest, target.NewSource, BundleImportStatus.Failed, 0, e);
        }
    }

    // A bad argument (an unreadable TLS file, a refused option) fails every item alike: it stops the import with its own id,
    // as it does every other command, instead of being reported once per item.
    private static bool IsItemFailure(TofuOciException e) => e.Code != ErrorCode.Cancelled && e.Kind != ErrorKind.InvalidArgument;
}
