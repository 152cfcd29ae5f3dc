using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci.Targets;

namespace OpenTofuOci.Core.Providers;

/// <summary>
/// Chooses what to install from a provider's OCI repository the way <c>tofu init</c> does: list the
/// tags as versions (docs/opentofu-compatibility.md §1.2), take the newest that meets the constraint, then
/// read its index for each platform (§1.3, <see cref="ProviderIndexReader"/>).
/// </summary>
public static class ProviderSelection
{
    /// <summary>
    /// The versions the repository's tags name, sorted by precedence (stable, duplicates kept).
    /// Tags that are not versions are skipped silently, as OpenTofu does. A repository that does not
    /// exist throws <see cref="ErrorIds.ProviderNotFound"/>.
    /// </summary>
    public static async Task<IReadOnlyList<ProviderVersion>> ListVersionsAsync(IReadOnlyTarget target, ProviderAddress address, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(address);
        var versions = new List<ProviderVersion>();
        try
        {
            await foreach (var tag in target.ListTagsAsync(cancellationToken).ConfigureAwait(false))
            {
                if (ProviderVersion.TryParseTag(tag, out var v))
                {
                    versions.Add(v!);
                }
            }
        }
        catch (TofuOciException ex) when (RepresentsNotFound(ex))
        {
            throw new TofuOciException(ErrorIds.ProviderNotFound, ErrorKind.NotFound,
                $"Provider {address} is not in the OCI mirror at {target.DisplayName}. Check the repository_template of the oci_mirror block, or publish the provider there. ({ex.Message})",
                target.DisplayName, ex, ex.RegistryErrors, ex.StatusCode);
        }

        return ProviderVersion.Sort(versions);
    }

    /// <summary>
    /// Lists versions, picks the newest meeting <paramref name="constraint"/>, and reads its package
    /// for every platform in <paramref name="platforms"/>.
    /// </summary>
    public static async Task<ProviderSelectionResult> SelectAsync(IReadOnlyTarget target, ProviderAddress address, VersionConstraint constraint,
        IReadOnlyList<ProviderPlatform> platforms, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(constraint);
        var versions = await ListVersionsAsync(target, address, cancellationToken).ConfigureAwait(false);
        if (versions.Count == 0)
        {
            // OpenTofu lists such a repository as having no versions; one that holds no provider
            // versions at all is better reported as "not there" than as "nothing matches".
            throw new TofuOciException(ErrorIds.ProviderNotFound, ErrorKind.NotFound,
                $"Provider {address} is not in the OCI mirror: {target.DisplayName} has no version tags (tags like 1.2.3, with \"_\" for \"+\"). Publish the provider there, or check the repository_template of the oci_mirror block.",
                target.DisplayName);
        }

        var chosen = VersionConstraint.NewestMatching(versions, constraint)
            ?? throw new TofuOciException(ErrorIds.NoMatchingVersion, ErrorKind.NotFound,
                $"No version of provider {address} in {target.DisplayName} meets the constraint \"{constraint.Text}\". Available versions: {string.Join(", ", versions)}. Relax the constraint or publish a matching version."
                + (versions.Any(v => v.IsPrerelease) ? " Pre-release versions are only selected when the constraint names them exactly, e.g. \"= 1.0.0-beta1\"." : string.Empty),
                target.DisplayName);

        var packages = await ProviderIndexReader.ReadAsync(target, address, chosen, platforms, cancellationToken).ConfigureAwait(false);
        return new ProviderSelectionResult(chosen, versions, packages);
    }

    // OpenTofu's errRepresentsOCIProviderNotFound (§1.2 step 3): a recognised NAME_UNKNOWN or
    // NAME_INVALID anywhere in the registry's list wins; without details only "not found" counts.
    private static bool RepresentsNotFound(TofuOciException ex) =>
        ex.RegistryErrors.Count > 0
            ? ex.RegistryErrors.Any(e => e.Code is "NAME_UNKNOWN" or "NAME_INVALID")
            : ex.Kind == ErrorKind.NotFound;
}
