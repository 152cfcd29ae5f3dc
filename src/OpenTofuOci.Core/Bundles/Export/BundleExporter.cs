using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Providers.Sources;

namespace OpenTofuOci.Core.Bundles.Export;

/// <summary>
/// Writes everything a configuration needs into one OCI image layout, or one tar of it: each provider it requires at
/// the lock file's version (else the newest its constraints allow) for every asked platform, with provenance where the
/// source has it; each <c>oci://</c> module artifact; and a manifest describing the whole (docs/opentofu-compatibility.md §13).
/// </summary>
/// <remarks>
/// Every provider and module is tried, and each that fails is reported with its own error; when any failed nothing is
/// written (the result's <see cref="BundleExportResult.Incomplete"/> is <see cref="ErrorIds.BundleIncomplete"/>). The
/// bundle is built aside and moved into place only when complete, so an interrupted or failed export leaves nothing at
/// the output path. Nothing in it depends on time or order of work: the same inputs give the same bytes.
/// </remarks>
public static class BundleExporter
{
    /// <summary>Exports the bundle <paramref name="request"/> describes.</summary>
    /// <exception cref="TofuOciException">
    /// For what stops the whole export: no platform, neither or both of a mirror and an origin, an existing output
    /// without force (<see cref="ErrorIds.DestinationExists"/>), a file system failure, and any error of the kind
    /// <see cref="ErrorKind.InvalidArgument"/> (a TLS file that cannot be read, an insecure origin, a template that cannot map a provider). Failures of single items are in the result.
    /// </exception>
    public static async Task<BundleExportResult> ExportAsync(BundleExportRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.RootModule);
        ArgumentException.ThrowIfNullOrEmpty(request.OutputPath);
        Validate(request);
        var output = Path.GetFullPath(request.OutputPath);
        var isArchive = request.IsArchive;
        using var staging = BundleStaging.Create(output, isArchive, request.Force);
        using var ownedOrigin = request.Origin is { SourceOverride: null } o ? ProviderSources.Open(o.Source) : null;
        var origin = request.Origin?.SourceOverride ?? ownedOrigin;

        var failures = new List<BundleExportFailure>();
        var providers = new List<BundleProvider>();
        var providerBundler = new ProviderBundler(request, staging.LayoutDirectory, origin);
        foreach (var requirement in request.RootModule.Providers.OrderBy(p => p.Address.ToString(), StringComparer.Ordinal))
        {
            try
            {
                providers.Add(await providerBundler.BundleAsync(requirement, cancellationToken).ConfigureAwait(false));
            }
            catch (TofuOciException e) when (IsItemFailure(e))
            {
                failures.Add(new BundleExportFailure(BundleItemKind.Provider, requirement.Address.ToString(), e));
            }
        }

        var modules = new List<BundleModule>();
        var moduleBundler = new ModuleBundler(request, staging.LayoutDirectory);
        foreach (var (source, address, usedBy) in ModuleBundler.Sources(request.RootModule.ModuleCalls))
        {
            try
            {
                modules.Add(await moduleBundler.BundleAsync(source, address, usedBy, cancellationToken).ConfigureAwait(false));
            }
            catch (TofuOciException e) when (IsItemFailure(e))
            {
                failures.Add(new BundleExportFailure(BundleItemKind.Module, source, e));
            }
        }

        if (failures.Count > 0)
        {
            return new BundleExportResult(output, isArchive, null, new BundleContents(), failures, 0);
        }

        var contents = new BundleContents
        {
            Providers = providers.OrderBy(p => p.Address, StringComparer.Ordinal).ThenBy(p => p.Version, StringComparer.Ordinal).ToList(),
            Modules = modules.OrderBy(m => m.Source, StringComparer.Ordinal).ToList(),
        };
        var manifest = await BundleManifestWriter.WriteAsync(staging.LayoutDirectory, contents, cancellationToken).ConfigureAwait(false);
        var bytes = await staging.CommitAsync(request.Force, cancellationToken).ConfigureAwait(false);
        return new BundleExportResult(output, isArchive, manifest.Digest, contents, [], bytes);
    }

    // What the user set up wrong (a TLS file, an insecure origin, a template that cannot name a provider) is no fault of one
    // provider or module: it stops the export with its own id, as every other command reports it.
    private static bool IsItemFailure(TofuOciException e) => e.Code != ErrorCode.Cancelled && e.Kind != ErrorKind.InvalidArgument;

    private static void Validate(BundleExportRequest request)
    {
        if (request.Platforms.Count == 0)
        {
            throw new TofuOciException(ErrorIds.InvalidArgument, ErrorKind.InvalidArgument,
                $"A bundle needs at least one platform: give each platform tofu init will run on with {UserOption.Platform} (e.g. linux_amd64).");
        }

        if (request.Mirror is null && request.Origin is null)
        {
            throw new TofuOciException(ErrorIds.InvalidArgument, ErrorKind.InvalidArgument,
                $"Say where providers come from: an OCI mirror ({UserOption.RepositoryTemplate}, or the CLI configuration's oci_mirror blocks) or an origin registry, network mirror or directory.");
        }

        if (request.Mirror is not null && request.Origin is not null)
        {
            throw new TofuOciException(ErrorIds.InvalidArgument, ErrorKind.InvalidArgument,
                "Providers come from an OCI mirror or from an origin, not both; drop one of them.");
        }
    }
}
