using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci;
using OpenTofuOci.Core.Oci.Targets;
using OpenTofuOci.Core.Packages;
using OpenTofuOci.Core.Providers;

namespace OpenTofuOci.Core.Auditing;

/// <summary>
/// Walks every version tag of a provider repository and reports, per version and platform, each reason
/// OpenTofu's OCI mirror source would refuse or misbehave (docs/opentofu-compatibility.md §12).
/// Reads manifests and checks blobs with HEAD; downloads zips only when asked to go deep.
/// </summary>
/// <remarks>
/// Tags are read as OpenTofu reads them (§1.2, §8.1–§8.3), each version's index and manifests with the rules of
/// §1.3, §1.4 and §8.5–§8.12, but every problem is collected instead of stopping at the first, so one run lists
/// everything to repair. Versions are audited a few at a time and blob checks at most
/// <see cref="BlobProbe.MaxConcurrentChecks"/> at once. Errors reaching the repository at all (authentication,
/// connection) are thrown, not reported: they say nothing about the mirror.
/// </remarks>
public static class ProviderMirrorAuditor
{
    private const int VersionParallelism = 4;

    // Problems of the version's own content: while one of these stands, re-pushing the index with the right
    // artifactType would not make the version installable, so that repair is not offered.
    private static readonly HashSet<string> ContentRules = new(StringComparer.Ordinal)
    {
        AuditRules.WrongIndexMediaType, AuditRules.InvalidManifest, AuditRules.PlatformMissing, AuditRules.AmbiguousPlatform,
        AuditRules.PlatformQualifier, AuditRules.WrongManifestMediaType, AuditRules.WrongManifestArtifactType, AuditRules.NoZipLayer,
        AuditRules.AmbiguousZipLayer, AuditRules.WrongLayerMediaType, AuditRules.BlobMissing, AuditRules.BlobSizeMismatch,
        AuditRules.BlobDigestMismatch, AuditRules.InvalidProviderPackage,
    };

    /// <summary>The findings for one repository (unsorted is fine: <see cref="AuditReports"/> orders them).</summary>
    public static async Task<IReadOnlyList<AuditFinding>> AuditAsync(ProviderAuditRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        return (await RunAsync(request, cancellationToken).ConfigureAwait(false)).Findings;
    }

    /// <summary>The findings for one repository with the counts a summary needs.</summary>
    public static async Task<ProviderAuditResult> RunAsync(ProviderAuditRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var target = request.Target;
        var address = request.Provider;
        var scope = new FindingScope(address.ToString(), target.DisplayName);
        if (request.PlainHttp)
        {
            scope.Warning(AuditRules.PlainHttpRegistry, null, null,
                $"{target.DisplayName} is reached over plain HTTP; tofu always speaks HTTPS to OCI registries, so it cannot use this mirror as it is.",
                "Serve the registry over HTTPS (with a certificate tofu trusts) before pointing an oci_mirror at it.");
        }

        var tags = await ListTagsAsync(target, scope, cancellationToken).ConfigureAwait(false);
        if (tags is null)
        {
            return new ProviderAuditResult(scope.Findings, 0, 0);
        }

        var (versions, lookalikes) = VersionTags.Classify(tags);
        var tagSet = new HashSet<string>(tags, StringComparer.Ordinal);
        if (versions.Count == 0)
        {
            scope.Error(AuditRules.NoVersionTags, null, null,
                tags.Count == 0
                    ? $"{target.DisplayName} has no tags, so OpenTofu finds no versions of {address}."
                    : $"{target.DisplayName} has no tag OpenTofu reads as a version (it has {string.Join(", ", tags.Order(StringComparer.Ordinal).Take(5).Select(UntrustedText.Escape))}{(tags.Count > 5 ? ", …" : string.Empty)}), so OpenTofu finds no versions of {address}.",
                "Tag each version with its plain version number (1.2.3, or 1.2.3-beta_build for build metadata).");
        }

        var lookalikeScopes = new List<FindingScope>();
        foreach (var lookalike in lookalikes)
        {
            lookalikeScopes.Add(await CheckLookalikeAsync(target, lookalike, tagSet, scope, cancellationToken).ConfigureAwait(false));
        }

        if (request.Locked is { } locked)
        {
            LockAudit.CheckVersion(locked, versions, address, scope);
        }

        var selected = versions.Where(v => request.Versions?.Allows(v.Version) ?? true).ToList();
        var platformCounts = new int[selected.Count];
        var versionScopes = new FindingScope[selected.Count];
        using var probe = new BlobProbe(target);
        await Parallel.ForEachAsync(Enumerable.Range(0, selected.Count),
            new ParallelOptions { MaxDegreeOfParallelism = VersionParallelism, CancellationToken = cancellationToken },
            async (i, ct) => (versionScopes[i], platformCounts[i]) = await AuditVersionAsync(request, selected[i], tagSet, scope, probe, ct).ConfigureAwait(false))
            .ConfigureAwait(false);

        IReadOnlyList<AuditFinding> findings = [.. scope.Findings, .. lookalikeScopes.SelectMany(s => s.Findings), .. versionScopes.SelectMany(s => s.Findings)];
        return new ProviderAuditResult(findings, selected.Count, platformCounts.Sum());
    }

    private static async Task<List<string>?> ListTagsAsync(IReadOnlyTarget target, FindingScope scope, CancellationToken cancellationToken)
    {
        var tags = new List<string>();
        try
        {
            await foreach (var tag in target.ListTagsAsync(cancellationToken).ConfigureAwait(false))
            {
                tags.Add(tag);
            }

            return tags;
        }
        catch (TofuOciException ex) when (ex.Kind == ErrorKind.NotFound || ex.Code == ErrorCode.InvalidLayout)
        {
            scope.Error(AuditRules.RepositoryNotFound, null, null,
                $"{target.DisplayName} does not exist or holds no repository: {ex.Message}",
                "Check the repository address or template; publish or mirror the provider there.");
            return null;
        }
    }

    // §8.3: OpenTofu drops these without a word; the version behind them is invisible to it.
    private static async Task<FindingScope> CheckLookalikeAsync(IReadOnlyTarget target, LookalikeTag lookalike, HashSet<string> tags, FindingScope repository,
        CancellationToken cancellationToken)
    {
        var scope = repository.ForVersion(lookalike.Tag, lookalike.Tag);
        var digest = await DigestOfAsync(target, lookalike.Tag, cancellationToken).ConfigureAwait(false);
        if (lookalike.CanonicalTag is null)
        {
            scope.Warning(AuditRules.UnparsableVersionTag, null, digest,
                $"The tag {UntrustedText.Escape(lookalike.Tag)} looks like a version, but OpenTofu does not read it as one (more than three parts, several \"_\", or numbers too large) and ignores it.",
                "Tag the version as MAJOR.MINOR.PATCH[-prerelease][_build].");
            return scope;
        }

        if (tags.Contains(lookalike.CanonicalTag))
        {
            var canonical = await DigestOfAsync(target, lookalike.CanonicalTag, cancellationToken).ConfigureAwait(false);
            if (canonical is not null && canonical == digest)
            {
                return scope;
            }

            scope.Warning(AuditRules.UnparsableVersionTag, null, digest,
                $"The tag {UntrustedText.Escape(lookalike.Tag)} is ignored by OpenTofu, and the tag {lookalike.CanonicalTag} it would read holds another index ({canonical}).",
                $"Make sure {lookalike.CanonicalTag} is the version you mean, and remove {UntrustedText.Escape(lookalike.Tag)} to avoid confusion.");
            return scope;
        }

        scope.Warning(AuditRules.UnparsableVersionTag, null, digest,
            $"The tag {UntrustedText.Escape(lookalike.Tag)} looks like a version, but OpenTofu does not read it (it refuses a \"v\" prefix) and ignores it, so that version is invisible to tofu init.",
            $"Tag the same index as {lookalike.CanonicalTag} (the old tag can stay).", fixable: digest is not null);
        return scope;
    }

    private static async Task<(FindingScope Scope, int Platforms)> AuditVersionAsync(ProviderAuditRequest request, VersionTag version, HashSet<string> tags,
        FindingScope repository, BlobProbe probe, CancellationToken cancellationToken)
    {
        var target = request.Target;
        var scope = repository.ForVersion(version.Version.ToString(), version.Tag);
        if (!version.IsCanonical && !await CheckSpellingAsync(target, version, tags, scope, cancellationToken).ConfigureAwait(false))
        {
            return (scope, 0);
        }

        var result = await IndexAudit.AuditAsync(target, request.Provider, version.Version, version.Tag, scope, probe, cancellationToken).ConfigureAwait(false);
        foreach (var expected in request.ExpectedPlatforms.Select(p => p.ToString()).Distinct(StringComparer.Ordinal).Where(p => !result.Platforms.Contains(p)))
        {
            scope.Error(AuditRules.ExpectedPlatformMissing, expected, result.Index?.Digest,
                $"{request.Provider} {version.Version} has no {expected} entry, so tofu init on {expected} fails (\"is not available for {expected}\").",
                $"Publish or mirror {version.Version} again with {expected}.");
        }

        await ProvenanceAudit.AuditAsync(target, request.Provider, version.Version, result, request.ExpectedPlatforms.Count > 0, scope, cancellationToken).ConfigureAwait(false);
        var locked = request.Locked is { } l && LockAudit.LockedVersion(l) == version.Version ? l : null;
        var wanted = request.ExpectedPlatforms.Select(p => p.ToString()).ToHashSet(StringComparer.Ordinal);
        foreach (var package in result.Packages)
        {
            IReadOnlyList<PackageHash>? contentHashes = null;
            if (request.Deep && package.Stored)
            {
                contentHashes = await DeepAudit.CheckProviderAsync(target, request.Provider, package, scope, cancellationToken).ConfigureAwait(false);
            }

            // With platforms named, only those matter to the user's tofu init; otherwise every platform the mirror has.
            if (locked is not null && (wanted.Count == 0 || wanted.Contains(package.Platform.ToString())))
            {
                LockAudit.CheckPackage(locked, package, contentHashes, request.Provider, scope);
            }
        }

        DecideFixable(scope, version);
        return (scope, result.Platforms.Count);
    }

    // §8.2: "1.0" is listed as 1.0.0 and looked up as the tag 1.0.0. True when the content behind the odd tag should be audited.
    private static async Task<bool> CheckSpellingAsync(IReadOnlyTarget target, VersionTag version, HashSet<string> tags, FindingScope scope, CancellationToken cancellationToken)
    {
        var digest = await DigestOfAsync(target, version.Tag, cancellationToken).ConfigureAwait(false);
        if (tags.Contains(version.CanonicalTag))
        {
            var canonical = await DigestOfAsync(target, version.CanonicalTag, cancellationToken).ConfigureAwait(false);
            if (canonical != digest)
            {
                scope.Warning(AuditRules.NonCanonicalVersionTag, null, digest,
                    $"The tag {UntrustedText.Escape(version.Tag)} is read as {version.Version}, which OpenTofu looks up as the tag {version.CanonicalTag}; that holds another index ({canonical}), so {UntrustedText.Escape(version.Tag)} is never installed.",
                    $"Remove the tag {UntrustedText.Escape(version.Tag)}, or make it point where {version.CanonicalTag} does.");
            }

            return false;
        }

        scope.Error(AuditRules.NonCanonicalVersionTag, null, digest,
            $"The tag {UntrustedText.Escape(version.Tag)} is read as {version.Version}, but OpenTofu looks the version up as the tag {version.CanonicalTag}, which does not exist, so tofu init fails on it (\"resolving tag\").",
            $"Tag the same index as {version.CanonicalTag} (the old tag can stay).", fixable: digest is not null);
        return true;
    }

    // An artifactType repair is offered only when nothing else is wrong with the version's content; entries that
    // lost their artifactType (marked fixable when found) are part of that same repair, not an obstacle to it.
    private static void DecideFixable(FindingScope scope, VersionTag version)
    {
        var findings = scope.Findings;
        var contentIntact = !findings.Any(f => f.Severity == AuditSeverity.Error && ContentRules.Contains(f.Rule) && !IsIndexRepair(f));
        scope.Update(f => IsIndexRepair(f) ? f with { Fixable = contentIntact && version.IsCanonical } : f);
    }

    private static bool IsIndexRepair(AuditFinding finding) =>
        finding.Rule is AuditRules.IndexMissingArtifactType or AuditRules.WrongIndexArtifactType
        || (finding.Rule == AuditRules.WrongManifestArtifactType && finding.Fixable);

    private static async Task<string?> DigestOfAsync(IReadOnlyTarget target, string tag, CancellationToken cancellationToken)
    {
        try
        {
            return (await target.ResolveAsync(tag, cancellationToken).ConfigureAwait(false)).Digest;
        }
        catch (TofuOciException ex) when (ex.Kind is ErrorKind.NotFound or ErrorKind.InvalidData)
        {
            return null;
        }
    }
}
