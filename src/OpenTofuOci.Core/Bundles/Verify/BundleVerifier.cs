using OpenTofuOci.Core.Auditing;
using OpenTofuOci.Core.Bundles.Import;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.LockFiles;
using OpenTofuOci.Core.Modules;
using OpenTofuOci.Core.Oci;
using OpenTofuOci.Core.Packages;
using OpenTofuOci.Core.Providers;

namespace OpenTofuOci.Core.Bundles.Verify;

/// <summary>
/// Checks a bundle offline (docs/opentofu-compatibility.md §13 "Verify"): every blob of the layout is there and
/// hashes to its name, every contents entry resolves to what it records (index, platforms, zip digests and sizes,
/// <c>h1:</c> recomputed from each zip, <c>zh:</c>), and, given a lock file, every locked provider is in the bundle at
/// the locked version with hashes that accept each bundled package. Findings are <see cref="AuditFinding"/>s, as the
/// mirror audit reports them.
/// </summary>
public static class BundleVerifier
{
    /// <summary>Verifies <paramref name="bundle"/>, and against <paramref name="lockFile"/> when given.</summary>
    public static async Task<AuditReport> VerifyAsync(OpenedBundle bundle, DependencyLockFile? lockFile = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        var run = new Run(bundle);
        await run.CheckBlobsAsync(cancellationToken).ConfigureAwait(false);
        foreach (var provider in bundle.Contents.Providers)
        {
            await run.CheckProviderAsync(provider, cancellationToken).ConfigureAwait(false);
        }

        foreach (var module in bundle.Contents.Modules)
        {
            await run.CheckModuleAsync(module, cancellationToken).ConfigureAwait(false);
        }

        if (lockFile is not null)
        {
            run.CheckLockFile(lockFile);
        }

        var contents = bundle.Contents;
        var repositories = contents.Providers.Select(p => p.RefNamePrefix).Concat(contents.Modules.Select(m => m.RefNamePrefix)).Distinct(StringComparer.Ordinal).Count();
        return AuditReports.Create(run.Findings.Distinct(), repositories, contents.Providers.Count, contents.Providers.Sum(p => p.Platforms.Count), contents.Modules.Count);
    }

    /// <summary>The error a failed verification ends with (the CLI's last line, the cmdlet's terminating error).</summary>
    public static TofuOciException Failed(string source, AuditSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return new TofuOciException(ErrorIds.BundleVerificationFailed, ErrorKind.InvalidData,
            $"Bundle {source} failed verification with {summary.Errors} error(s) and {summary.Warnings} warning(s); each finding says what is wrong. Export the bundle again, or fix the lock file it was checked against.",
            source);
    }

    private sealed class Run(OpenedBundle bundle)
    {
        private readonly string _blobs = Path.Combine(bundle.Directory, "blobs");
        private readonly HashSet<string> _badBlobs = new(StringComparer.Ordinal);

        public List<AuditFinding> Findings { get; } = [];

        private string Repository(string prefix) => $"oci-layout:{bundle.Source} ({prefix.TrimEnd(':', '/')})";

        private void Error(string rule, string subject, string repository, string? version, string? platform, string? digest, string message, string fix) =>
            Findings.Add(new AuditFinding(AuditSeverity.Error, rule, subject, repository, version, platform, digest, message, fix, false));

        // The audit names the view by its private directory; the bundle is named as the user gave it. One problem found twice is told once.
        private void Add(IEnumerable<AuditFinding> findings, string repository)
        {
            foreach (var finding in findings)
            {
                if (!Findings.Any(f => f.Rule == finding.Rule && f.Subject == finding.Subject && f.Version == finding.Version && f.Platform == finding.Platform && f.Digest == finding.Digest))
                {
                    Findings.Add(finding with { Repository = repository });
                }
            }
        }

        // Every file under blobs/ hashed: a tampered byte anywhere is found even in a blob no entry names.
        public async Task CheckBlobsAsync(CancellationToken cancellationToken)
        {
            if (!System.IO.Directory.Exists(_blobs))
            {
                return;
            }

            foreach (var file in System.IO.Directory.EnumerateFiles(_blobs, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                var relative = Path.GetRelativePath(_blobs, file).Replace(Path.DirectorySeparatorChar, '/');
                var parts = relative.Split('/');
                if (parts.Length != 2 || !Digest.TryParse($"{parts[0]}:{parts[1]}", out var digest, out _))
                {
                    Error(BundleRules.StrayFile, "bundle", $"oci-layout:{bundle.Source}", null, null, null,
                        $"blobs/{relative} in the bundle is not named by a digest, so no OCI reader will ever use it.", "Export the bundle again.");
                    continue;
                }

                var stream = File.OpenRead(file);
                Digest actual;
                await using (stream.ConfigureAwait(false))
                {
                    actual = await Digest.ComputeAsync(stream, digest.Algorithm, cancellationToken).ConfigureAwait(false);
                }

                if (actual != digest)
                {
                    _badBlobs.Add(digest.ToString());
                    Error(AuditRules.BlobDigestMismatch, "bundle", $"oci-layout:{bundle.Source}", null, null, digest.ToString(),
                        $"Blob {digest} in the bundle hashes to {actual}: it was changed or damaged after export.", "Export the bundle again, or copy it again from the exporter.");
                }
            }
        }

        public async Task CheckProviderAsync(BundleProvider p, CancellationToken cancellationToken)
        {
            var repository = Repository(p.RefNamePrefix);
            var view = bundle.View(p);
            Descriptor resolved;
            try
            {
                resolved = await view.ResolveAsync(p.Tag, cancellationToken).ConfigureAwait(false);
            }
            catch (TofuOciException e) when (e.Kind == ErrorKind.NotFound)
            {
                Error(BundleRules.BundleEntryMissing, p.Address, repository, p.Version, null, p.IndexDigest,
                    $"The bundle lists {p.Address} {p.Version} under tag {p.Tag}, but its layout has no such tag.", "Export the bundle again.");
                return;
            }

            if (resolved.Digest != p.IndexDigest)
            {
                Error(BundleRules.BundleContentsMismatch, p.Address, repository, p.Version, null, resolved.Digest,
                    $"Tag {p.Tag} of {p.Address} points at {resolved.Digest}, but the bundle's contents record {p.IndexDigest}.", "Export the bundle again.");
                return;
            }

            var index = await ReadJsonAsync(resolved, p.Address, repository, p.Version, null, cancellationToken).ConfigureAwait(false);
            if (index is null)
            {
                return;
            }

            var entries = OciJson.ReadIndex(index, repository).Manifests;
            foreach (var platform in p.Platforms)
            {
                await CheckPlatformAsync(p, platform, entries, repository, cancellationToken).ConfigureAwait(false);
            }

            // OpenTofu's reading rules over the view, as the mirror audit applies them to a registry (zips are hashed above).
            var audit = await ProviderMirrorAuditor.AuditAsync(new ProviderAuditRequest(view, ProviderAddress.Parse(p.Address))
            {
                ExpectedPlatforms = p.Platforms.Select(x => ProviderPlatform.Parse(x.Platform)).ToList(),
                Versions = VersionConstraint.Parse("= " + p.Version),
            }, cancellationToken).ConfigureAwait(false);
            Add(audit, repository);

            if (p.ProvenanceDigest is { } provenance && !File.Exists(bundle.BlobPath(Digest.Parse(provenance))))
            {
                Error(AuditRules.BlobMissing, p.Address, repository, p.Version, null, provenance,
                    $"The provenance artifact {provenance} of {p.Address} {p.Version} is not in the bundle.", "Export the bundle again.");
            }
        }

        private async Task CheckPlatformAsync(BundleProvider p, BundlePlatform platform, IReadOnlyList<Descriptor> entries, string repository, CancellationToken cancellationToken)
        {
            var entry = entries.FirstOrDefault(e => e.Digest == platform.ManifestDigest && e.Platform?.ToString() == platform.Platform);
            if (entry is null)
            {
                Error(BundleRules.BundleContentsMismatch, p.Address, repository, p.Version, platform.Platform, platform.ManifestDigest,
                    $"The index of {p.Address} {p.Version} has no {platform.Platform} entry for manifest {platform.ManifestDigest} that the bundle's contents record.", "Export the bundle again.");
                return;
            }

            var bytes = await ReadJsonAsync(entry, p.Address, repository, p.Version, platform.Platform, cancellationToken).ConfigureAwait(false);
            if (bytes is null)
            {
                return;
            }

            var layers = OciJson.ReadManifest(bytes, repository).Layers;
            var zip = layers.FirstOrDefault(l => l.Digest == platform.ZipDigest);
            if (zip is null || zip.Size != platform.ZipSize)
            {
                Error(BundleRules.BundleContentsMismatch, p.Address, repository, p.Version, platform.Platform, platform.ZipDigest,
                    $"The {platform.Platform} manifest of {p.Address} {p.Version} has no layer {platform.ZipDigest} of {platform.ZipSize} bytes, which the bundle's contents record.", "Export the bundle again.");
                return;
            }

            var path = bundle.BlobPath(zip.ParsedDigest());
            if (!File.Exists(path))
            {
                Error(AuditRules.BlobMissing, p.Address, repository, p.Version, platform.Platform, zip.Digest,
                    $"The {platform.Platform} package of {p.Address} {p.Version} ({zip.Digest}) is not in the bundle.", "Export the bundle again.");
                return;
            }

            if (_badBlobs.Contains(zip.Digest))
            {
                return;
            }

            var zh = ZipHash.FromDigest(zip.ParsedDigest()).ToString();
            if (zh != platform.Zh)
            {
                Error(BundleRules.BundleContentsMismatch, p.Address, repository, p.Version, platform.Platform, zip.Digest,
                    $"The bundle's contents record {platform.Zh} for the {platform.Platform} package of {p.Address} {p.Version}, but its zip gives {zh}.", "Export the bundle again.");
            }

            string h1;
            try
            {
                h1 = (await DirHash.HashZipAsync(path, cancellationToken).ConfigureAwait(false)).ToString();
            }
            catch (TofuOciException e) when (e.Code != ErrorCode.Cancelled)
            {
                Error(AuditRules.InvalidProviderPackage, p.Address, repository, p.Version, platform.Platform, zip.Digest,
                    $"The {platform.Platform} package of {p.Address} {p.Version} cannot be read as a provider package: {e.Message}", "Export the bundle again from a good mirror.");
                return;
            }

            if (h1 != platform.H1)
            {
                Error(BundleRules.BundleContentsMismatch, p.Address, repository, p.Version, platform.Platform, zip.Digest,
                    $"The bundle's contents record {platform.H1} for the {platform.Platform} package of {p.Address} {p.Version}, but its zip gives {h1}.", "Export the bundle again.");
            }
        }

        public async Task CheckModuleAsync(BundleModule m, CancellationToken cancellationToken)
        {
            var repository = Repository(m.RefNamePrefix);
            Descriptor resolved;
            try
            {
                resolved = await bundle.View(m).ResolveAsync(m.Tag, cancellationToken).ConfigureAwait(false);
            }
            catch (TofuOciException e) when (e.Kind == ErrorKind.NotFound)
            {
                Error(BundleRules.BundleEntryMissing, m.Source, repository, m.Tag, null, m.Digest,
                    $"The bundle lists module {m.Source} under tag {m.Tag}, but its layout has no such tag.", "Export the bundle again.");
                return;
            }

            if (resolved.Digest != m.Digest)
            {
                Error(BundleRules.BundleContentsMismatch, m.Source, repository, m.Tag, null, resolved.Digest,
                    $"Tag {m.Tag} of module {m.Source} points at {resolved.Digest}, but the bundle's contents record {m.Digest}.", "Export the bundle again.");
                return;
            }

            var bytes = await ReadJsonAsync(resolved, m.Source, repository, m.Tag, null, cancellationToken).ConfigureAwait(false);
            if (bytes is null)
            {
                return;
            }

            Add(await ModulePackageAuditor.AuditAsync(bundle.View(m), ModuleAddress.Parse(m.Source), deep: true, cancellationToken).ConfigureAwait(false), repository);
            var manifest = OciJson.ReadManifest(bytes, repository);
            foreach (var blob in manifest.Config is null ? manifest.Layers : [manifest.Config, .. manifest.Layers])
            {
                if (!File.Exists(bundle.BlobPath(blob.ParsedDigest())))
                {
                    Error(AuditRules.BlobMissing, m.Source, repository, m.Tag, null, blob.Digest,
                        $"Blob {blob.Digest} of module {m.Source} is not in the bundle.", "Export the bundle again.");
                }
            }
        }

        public void CheckLockFile(DependencyLockFile lockFile)
        {
            foreach (var locked in lockFile.Providers.Values)
            {
                var bundled = bundle.Contents.Providers.Where(p => p.Address == locked.Address).ToList();
                var match = bundled.FirstOrDefault(p => p.Version == locked.Version);
                if (match is null)
                {
                    Error(AuditRules.LockedVersionMissing, locked.Address, $"oci-layout:{bundle.Source}", locked.Version, null, null,
                        bundled.Count == 0
                            ? $"The lock file locks {locked.Address} {locked.Version}, but the bundle has no version of it."
                            : $"The lock file locks {locked.Address} {locked.Version}, but the bundle has {string.Join(", ", bundled.Select(b => b.Version))}.",
                        "Export the bundle again from this configuration and lock file, or update the lock file.");
                    continue;
                }

                foreach (var platform in match.Platforms)
                {
                    // tofu init accepts a package when any locked hash of a scheme it can check matches it (§2.3).
                    if (!locked.Hashes.Contains(platform.H1, StringComparer.Ordinal) && !locked.Hashes.Contains(platform.Zh, StringComparer.Ordinal))
                    {
                        Error(AuditRules.LockHashMismatch, locked.Address, Repository(match.RefNamePrefix), locked.Version, platform.Platform, platform.ZipDigest,
                            $"None of the lock file's hashes for {locked.Address} {locked.Version} matches the bundled {platform.Platform} package ({platform.H1}, {platform.Zh}); tofu init would refuse it.",
                            "Check where the bundle's package came from; if it is right, lock the provider again (provider lock) for this platform.");
                    }
                }
            }
        }

        // A manifest or index read from the layout; a missing or damaged one becomes a finding and null.
        private async Task<byte[]?> ReadJsonAsync(Descriptor descriptor, string subject, string repository, string? version, string? platform, CancellationToken cancellationToken)
        {
            if (!Digest.TryParse(descriptor.Digest, out var digest, out _) || !File.Exists(bundle.BlobPath(digest)))
            {
                Error(AuditRules.BlobMissing, subject, repository, version, platform, descriptor.Digest,
                    $"Manifest {descriptor.Digest} of {subject}{(version is null ? "" : " " + version)} is not in the bundle.", "Export the bundle again.");
                return null;
            }

            if (_badBlobs.Contains(descriptor.Digest))
            {
                return null;
            }

            try
            {
                return await Oci.Targets.ContentReader.ReadManifestAsync(bundle.Layout, descriptor, repository, cancellationToken).ConfigureAwait(false);
            }
            catch (TofuOciException e) when (e.Code != ErrorCode.Cancelled)
            {
                Error(AuditRules.InvalidManifest, subject, repository, version, platform, descriptor.Digest, e.Message, "Export the bundle again.");
                return null;
            }
        }
    }
}
