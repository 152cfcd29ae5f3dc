using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.LockFiles;
using OpenTofuOci.Core.Oci;
using OpenTofuOci.Core.Oci.Targets;
using OpenTofuOci.Core.Packages;
using OpenTofuOci.Core.Providers.Provenance;
using OpenTofuOci.Core.Signing;

namespace OpenTofuOci.Core.Providers.Installing;

/// <summary>One package chosen for a provider and platform, checked and ready to download.</summary>
internal sealed record PlannedPackage(ProviderPackageMeta Meta, ProviderPlatform Platform, IReadOnlyTarget Source, IReadOnlySet<string> LockedHashes);

/// <summary>One provider's chosen version and its packages.</summary>
/// <param name="SignedHashes">With provenance required: <c>zh:</c> of every platform the signed checksum list names; else empty.</param>
internal sealed record PlannedProvider(ProviderRequirement Requirement, ProviderVersion Version, IReadOnlyList<PlannedPackage> Packages, IReadOnlyList<string> SignedHashes);

/// <summary>Provenance is required (docs/opentofu-compatibility.md §9.6); an empty ring trusts each artifact's own key.</summary>
internal sealed record ProvenanceRequirement(OpenPgpKeyRing TrustedKeys);

/// <summary>What planning decided: the providers ready to download and those that failed, each once.</summary>
internal sealed record InstallPlan(IReadOnlyList<PlannedProvider> Providers, IReadOnlyList<ProviderFailure> Failures);

/// <summary>
/// Everything an install or lock decides before the first download (docs/opentofu-compatibility.md §2.1
/// steps 1–2): the version, each platform's layer, the layer descriptor checks and the pre-download
/// lock check. A provider refused here downloads nothing and touches nothing; it is reported as that
/// provider's failure and the other providers go on.
/// </summary>
internal static class PackagePlanner
{
    public static async Task<InstallPlan> PlanAsync(ProviderSourceResolver sources, IReadOnlyList<ProviderRequirement> providers,
        IReadOnlyList<ProviderPlatform> platforms, DependencyLockFile lockFile, string? lockFilePath, ProvenanceRequirement? provenance, CancellationToken cancellationToken)
    {
        var duplicate = providers.GroupBy(p => p.Address).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new TofuOciException(ErrorIds.InvalidArgument, ErrorKind.InvalidArgument,
                $"Provider {duplicate.Key} is named {duplicate.Count()} times; name each provider once.", duplicate.Key.ToString());
        }

        var plan = new List<PlannedProvider>(providers.Count);
        var failures = new List<ProviderFailure>();
        foreach (var requirement in providers)
        {
            try
            {
                plan.Add(await PlanProviderAsync(sources, requirement, platforms, lockFile, lockFilePath, provenance, cancellationToken).ConfigureAwait(false));
            }
            catch (TofuOciException e)
            {
                failures.Add(new ProviderFailure(requirement.Address, e));
            }
            catch (Exception e) when (FileSystemErrors.Handles(e))
            {
                failures.Add(new ProviderFailure(requirement.Address, FileSystemErrors.Translate(e)));
            }
        }

        return new InstallPlan(plan, failures);
    }

    private static async Task<PlannedProvider> PlanProviderAsync(ProviderSourceResolver sources, ProviderRequirement requirement,
        IReadOnlyList<ProviderPlatform> platforms, DependencyLockFile lockFile, string? lockFilePath, ProvenanceRequirement? provenance, CancellationToken cancellationToken)
    {
        var target = sources.Resolve(requirement.Address);
        var prior = lockFile.Find(requirement.Address.ToString());
        var (version, metas) = await SelectAsync(target, requirement, prior, platforms, lockFilePath, cancellationToken).ConfigureAwait(false);
        var locked = prior is not null && ProviderVersion.TryParse(prior.Version, out var priorVersion) && priorVersion == version
            ? prior.Hashes.Where(h => PackageHash.TryParse(h, out var p) && p.IsSupported).ToHashSet(StringComparer.Ordinal)
            : new HashSet<string>(StringComparer.Ordinal);
        var packages = new List<PlannedPackage>(metas.Count);
        for (var i = 0; i < metas.Count; i++)
        {
            CheckLayer(metas[i], platforms[i], target);
        }

        IReadOnlyList<string> signedHashes = [];
        if (provenance is not null && metas.Count > 0)
        {
            // Before the lock check: a package the publisher did not sign is refused as such, whatever the lock file says.
            var verified = await ProvenanceVerifier.VerifyAsync(target, requirement.Address, version, metas[0].IndexDescriptor, provenance.TrustedKeys, cancellationToken).ConfigureAwait(false);
            foreach (var meta in metas)
            {
                ProvenanceVerifier.CheckPackage(verified, meta, target.DisplayName);
            }

            signedHashes = ProvenanceVerifier.ZipHashes(verified, requirement.Address, version);
        }

        for (var i = 0; i < metas.Count; i++)
        {
            CheckLocked(metas[i], platforms, locked, lockFilePath!);
            packages.Add(new PlannedPackage(metas[i], platforms[i], target, locked));
        }

        return new PlannedProvider(requirement, version, packages, signedHashes);
    }

    /// <summary>The lock file entries for what was planned, with the hashes found (merged into prior ones of the same version by the caller).</summary>
    public static DependencyLockFile Record(DependencyLockFile lockFile, IEnumerable<(PlannedProvider Provider, IEnumerable<string> Hashes)> recorded) =>
        recorded.Aggregate(lockFile, (file, r) => file.Merge(new LockedProvider(
            r.Provider.Requirement.Address.ToString(),
            r.Provider.Version.ToString(),
            LockFileConstraintText.Format(r.Provider.Requirement.Constraint),
            r.Hashes)));

    // No digest covers a tag list, so a byte changed in transit can make a version vanish or another
    // appear. A negative answer (no such provider, no matching version, the chosen version missing)
    // is therefore given only after the selection, tag list included, was made once more.
    private static async Task<(ProviderVersion Version, IReadOnlyList<ProviderPackageMeta> Packages)> SelectAsync(IReadOnlyTarget target,
        ProviderRequirement requirement, LockedProvider? prior, IReadOnlyList<ProviderPlatform> platforms, string? lockFilePath, CancellationToken cancellationToken)
    {
        try
        {
            return await SelectOnceAsync(target, requirement, prior, platforms, lockFilePath, cancellationToken).ConfigureAwait(false);
        }
        catch (TofuOciException ex) when (ex.Code is ErrorCode.ProviderNotFound or ErrorCode.NoMatchingVersion or ErrorCode.NotFound
            && !cancellationToken.IsCancellationRequested)
        {
            return await SelectOnceAsync(target, requirement, prior, platforms, lockFilePath, cancellationToken).ConfigureAwait(false);
        }
    }

    // Like `tofu init` without -upgrade: a locked version the constraint still allows is kept, even
    // when the mirror has a newer one; otherwise the newest allowed version is chosen.
    private static async Task<(ProviderVersion Version, IReadOnlyList<ProviderPackageMeta> Packages)> SelectOnceAsync(IReadOnlyTarget target,
        ProviderRequirement requirement, LockedProvider? prior, IReadOnlyList<ProviderPlatform> platforms, string? lockFilePath, CancellationToken cancellationToken)
    {
        if (prior is not null && ProviderVersion.TryParse(prior.Version, out var locked) && requirement.Constraint.Allows(locked!))
        {
            var versions = await ProviderSelection.ListVersionsAsync(target, requirement.Address, cancellationToken).ConfigureAwait(false);
            if (!versions.Contains(locked!))
            {
                throw new TofuOciException(ErrorIds.NoMatchingVersion, ErrorKind.NotFound,
                    $"Provider {requirement.Address} is locked to version {locked} in {lockFilePath}, but {target.DisplayName} does not have that version (it has: {(versions.Count == 0 ? "none" : string.Join(", ", versions))}). "
                    + $"Publish {locked} to the mirror, or delete the provider \"{requirement.Address}\" block from the lock file to choose another version.",
                    target.DisplayName);
            }

            return (locked!, await ProviderIndexReader.ReadAsync(target, requirement.Address, locked!, platforms, cancellationToken).ConfigureAwait(false));
        }

        var selection = await ProviderSelection.SelectAsync(target, requirement.Address, requirement.Constraint, platforms, cancellationToken).ConfigureAwait(false);
        return (selection.Version, selection.Packages);
    }

    // §2.1 step 1 (checkOCIBlobDescriptor).
    private static void CheckLayer(ProviderPackageMeta meta, ProviderPlatform platform, IReadOnlyTarget target)
    {
        var layer = meta.LayerDescriptor;
        if (layer.MediaType != MediaTypes.Zip)
        {
            throw new TofuOciException(ErrorIds.UnexpectedProviderLayer, ErrorKind.InvalidData,
                $"Provider {meta.Address} {meta.Version} ({target.DisplayName}): selected OCI artifact manifest has unexpected media type \"{layer.MediaType}\". Republish the provider with its zip as an \"{MediaTypes.Zip}\" layer.",
                layer.Digest);
        }

        if (layer.Platform is { } p && (p.OS != platform.OS || p.Architecture != platform.Arch))
        {
            throw new TofuOciException(ErrorIds.UnexpectedProviderLayer, ErrorKind.InvalidData,
                $"Provider {meta.Address} {meta.Version} ({target.DisplayName}): selected OCI artifact is for {p.OS}_{p.Architecture}, but was expected to be for {platform}. The mirror's {platform} manifest points at another platform's package; republish the provider.",
                layer.Digest);
        }
    }

    // §2.1 step 2: only zh: is compared, so a lock entry with only h1: hashes refuses too (§8.14).
    private static void CheckLocked(ProviderPackageMeta meta, IReadOnlyList<ProviderPlatform> platforms, HashSet<string> locked, string lockFilePath)
    {
        if (locked.Count == 0 || locked.Contains(meta.ZipHash))
        {
            return;
        }

        var lockCommand = new UserInvocation(UserCommand.ProviderLock, meta.Address.ToString(),
        [
            new UserInvocationOption(UserOption.Platform, platforms.Select(p => p.ToString()).ToList()),
            new UserInvocationOption(UserOption.LockFile, [lockFilePath]),
        ]);
        throw new TofuOciException(ErrorIds.LockedChecksumMismatch, ErrorKind.InvalidData,
            $"the current package for {meta.Address} {meta.Version} doesn't match any of the checksums previously recorded in the dependency lock file; for more information: https://opentofu.org/docs/language/files/dependency-lock/#checksum-verification. "
            + $"The mirror's {meta.Platform} package is {meta.ZipHash}, which {lockFilePath} does not list for {meta.Version}; nothing was downloaded. "
            + $"If the mirror's package is the one you trust, delete the provider \"{meta.Address}\" block from {lockFilePath} and record the new hashes with {lockCommand} (and {UserOption.Repository} or {UserOption.RepositoryTemplate} as for this install), or run the install again.",
            meta.Address.ToString());
    }
}
