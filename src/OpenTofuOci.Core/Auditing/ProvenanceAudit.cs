using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci.Targets;
using OpenTofuOci.Core.Providers;
using OpenTofuOci.Core.Providers.Provenance;
using OpenTofuOci.Core.Providers.Publishing;

namespace OpenTofuOci.Core.Auditing;

/// <summary>
/// Compares a version with the release's checksum list kept in its provenance artifact (docs/opentofu-compatibility.md §9.6),
/// when there is one: platforms the release lists that the index lacks, platforms the index has that the release
/// does not list, and packages whose digest is not the listed sha256. The signature is not checked here: that
/// needs the keys the user trusts, which install asks for when it requires provenance.
/// </summary>
internal static class ProvenanceAudit
{
    /// <param name="platformsChosen">True when the caller named the platforms it expects (a bundle's, <c>--platform</c>): the
    /// release's other platforms were left out on purpose and are not reported.</param>
    public static async Task AuditAsync(IReadOnlyTarget target, ProviderAddress address, ProviderVersion version, IndexAuditResult result,
        bool platformsChosen, FindingScope scope, CancellationToken cancellationToken)
    {
        if (result.Index is null)
        {
            return;
        }

        IReadOnlyList<StoredProvenance> found;
        try
        {
            found = await ProvenanceStore.FindAsync(target, result.Index, cancellationToken).ConfigureAwait(false);
        }
        catch (TofuOciException ex) when (ex.Kind == ErrorKind.InvalidData)
        {
            scope.Warning(AuditRules.InvalidProvenance, null, result.Index.Digest,
                $"The provenance of {address} {version} cannot be read: {ex.Message}",
                "Mirror the version again from its origin so its provenance is written anew.");
            return;
        }

        if (found.Count == 0)
        {
            return;
        }

        // The newest signed one is what install trusts when it requires provenance; otherwise the newest.
        var chosen = found.FirstOrDefault(p => p.Provenance.IsSigned) ?? found[0];
        var sums = UntrustedText.Escape(chosen.Provenance.ChecksumsFileName);
        var prefix = $"terraform-provider-{address.Type}_{version}_";
        var listed = ReleaseChecksums.ParseLenient(chosen.Provenance.Checksums)
            .Where(e => e.Key.StartsWith(prefix, StringComparison.Ordinal) && e.Key.EndsWith(".zip", StringComparison.Ordinal))
            .ToDictionary(e => e.Key[prefix.Length..^".zip".Length], e => e.Value, StringComparer.Ordinal);

        foreach (var platform in listed.Keys.Where(p => !platformsChosen && !result.Platforms.Contains(p)).Order(StringComparer.Ordinal))
        {
            // A mirror may hold a chosen subset of a release's platforms on purpose, so this is a warning.
            scope.Warning(AuditRules.ExpectedPlatformMissing, platform, chosen.Manifest.Digest,
                $"The release's {sums} (provenance {chosen.Manifest.Digest}) lists {platform}, but the index has no entry for it; tofu init on {platform} would fail.",
                $"Mirror the version again with {platform}, if it is needed.");
        }

        foreach (var platform in result.Platforms.Where(p => !listed.ContainsKey(p)).Order(StringComparer.Ordinal))
        {
            scope.Error(AuditRules.UnexpectedPlatform, platform, chosen.Manifest.Digest,
                $"The index offers {platform}, but the release's {sums} (provenance {chosen.Manifest.Digest}) does not list it, so its package is not one the provider's publisher released.",
                "Mirror the version again from its origin registry, or remove the platform.");
        }

        foreach (var package in result.Packages)
        {
            if (listed.TryGetValue(package.Platform.ToString(), out var hex) && !string.Equals(package.Layer.Digest, "sha256:" + hex, StringComparison.Ordinal))
            {
                scope.Error(AuditRules.ProvenanceMismatch, package.Platform.ToString(), package.Layer.Digest,
                    $"The {package.Platform} package is {package.Layer.Digest}, but the release's {sums} (provenance {chosen.Manifest.Digest}) lists sha256:{hex}; it is not the zip the publisher released.",
                    "Mirror the version again from its origin registry.");
            }
        }
    }
}
