using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci;
using OpenTofuOci.Core.Oci.Copy;
using OpenTofuOci.Core.Oci.Layout;
using OpenTofuOci.Core.Oci.Targets;
using OpenTofuOci.Core.Packages;
using OpenTofuOci.Core.Providers;
using OpenTofuOci.Core.Providers.Mirroring;
using OpenTofuOci.Core.Providers.Provenance;
using OpenTofuOci.Core.Providers.Sources;
using OpenTofuOci.Core.RootModules;

namespace OpenTofuOci.Core.Bundles.Export;

/// <summary>
/// Puts one provider version into its repository view of the bundle, from an OCI mirror or an origin, and
/// describes it as the contents record it (docs/opentofu-compatibility.md §13).
/// </summary>
internal sealed class ProviderBundler(BundleExportRequest request, string layoutDirectory, IProviderReleaseSource? origin)
{
    private readonly List<ProviderPlatform> _platforms = request.Platforms
        .Distinct().OrderBy(p => p.OS, StringComparer.Ordinal).ThenBy(p => p.Arch, StringComparer.Ordinal).ToList();

    public async Task<BundleProvider> BundleAsync(ProviderRequirement requirement, CancellationToken cancellationToken)
    {
        var address = requirement.Address;
        var view = new OciLayoutStore(layoutDirectory, BundleFormat.ProviderRefNamePrefix(address.Hostname, address.Namespace, address.Type));
        var (constraint, pinned) = Constraint(requirement);
        ProviderVersion version;
        string source;
        if (request.Mirror is { } mirror)
        {
            var repository = mirror.Resolve(address);
            version = await FromMirrorAsync(repository, address, constraint, pinned, view, cancellationToken).ConfigureAwait(false);
            source = repository.DisplayName;
        }
        else
        {
            version = await FromOriginAsync(origin!, address, constraint, pinned, view, cancellationToken).ConfigureAwait(false);
            source = origin!.DisplayName;
        }

        return await DescribeAsync(view, address, version, source, cancellationToken).ConfigureAwait(false);
    }

    // The lock file's version wins over the constraints: the bundle must hold what tofu init will ask for.
    private static (VersionConstraint Constraint, ProviderVersion? Pinned) Constraint(ProviderRequirement requirement)
    {
        if (requirement.LockedVersion is { } locked && ProviderVersion.TryParse(locked, out var pinned))
        {
            return (VersionConstraint.Parse("= " + pinned), pinned);
        }

        return (requirement.Constraint, null);
    }

    private async Task<ProviderVersion> FromMirrorAsync(IReadOnlyTarget repository, ProviderAddress address, VersionConstraint constraint, ProviderVersion? pinned,
        OciLayoutStore view, CancellationToken cancellationToken)
    {
        ProviderSelectionResult selection;
        try
        {
            selection = await ProviderSelection.SelectAsync(repository, address, constraint, _platforms, cancellationToken).ConfigureAwait(false);
        }
        catch (TofuOciException e) when (e.Code == ErrorCode.NoMatchingVersion && pinned is not null)
        {
            throw PinMissing(e, address, pinned, repository.DisplayName);
        }

        var version = selection.Version;
        var tag = version.ToTag();
        var index = selection.Packages[0].IndexDescriptor;
        var reference = $"{repository.DisplayName}:{tag}";
        var indexBytes = await ContentReader.ReadManifestAsync(repository, index, reference, cancellationToken).ConfigureAwait(false);
        var published = OciJson.ReadIndex(indexBytes, reference).Manifests;
        var options = new CopyOptions { MaxParallelism = Math.Max(1, request.MaxParallelism) };
        Descriptor bundled;
        if (published.Count == _platforms.Count && published.All(m => _platforms.Any(p => p.ToString() == m.Platform?.ToString())))
        {
            // Every platform is wanted: the index is copied byte for byte, so its digest is the mirror's.
            var copy = await ArtifactCopier.CopyAsync(repository, index.Digest, view, tag, options, Progress($"{address} {version}"), cancellationToken).ConfigureAwait(false);
            bundled = copy.Root;
        }
        else
        {
            bundled = await SubsetAsync(repository, selection, view, tag, options, cancellationToken).ConfigureAwait(false);
        }

        await CopyProvenanceAsync(repository, index, bundled, view, cancellationToken).ConfigureAwait(false);
        return version;
    }

    // Only some platforms: an index naming manifests the bundle lacks would fail an audit and a later copy, so the
    // bundle gets a new index of just its platforms, written as the publisher writes one.
    private async Task<Descriptor> SubsetAsync(IReadOnlyTarget repository, ProviderSelectionResult selection, OciLayoutStore view, string tag,
        CopyOptions options, CancellationToken cancellationToken)
    {
        var entries = new List<Descriptor>();
        foreach (var package in selection.Packages)
        {
            await ArtifactCopier.CopyAsync(repository, package.ManifestDescriptor.Digest, view, null, options, Progress(package.Filename), cancellationToken).ConfigureAwait(false);
            var platform = ProviderPlatform.Parse(package.Platform);
            entries.Add(new Descriptor
            {
                MediaType = MediaTypes.ImageManifest,
                ArtifactType = MediaTypes.OpenTofuProviderTarget,
                Digest = package.ManifestDescriptor.Digest,
                Size = package.ManifestDescriptor.Size,
                Platform = new Platform { OS = platform.OS, Architecture = platform.Arch },
            });
        }

        var bytes = OciJson.Write(new ImageIndex { ArtifactType = MediaTypes.OpenTofuProvider, Manifests = entries });
        var descriptor = Descriptor.FromBytes(MediaTypes.ImageIndex, bytes, MediaTypes.OpenTofuProvider);
        using var content = new MemoryStream(bytes, writable: false);
        await view.PushAsync(descriptor, content, tag, cancellationToken).ConfigureAwait(false);
        return descriptor;
    }

    // The newest provenance travels along: byte for byte when its subject is the bundled index, else re-pointed at the new index
    // (its checksum list and signature still cover every bundled zip).
    private static async Task CopyProvenanceAsync(IReadOnlyTarget repository, Descriptor index, Descriptor bundled, OciLayoutStore view, CancellationToken cancellationToken)
    {
        var found = await ProvenanceStore.FindAsync(repository, index, cancellationToken).ConfigureAwait(false);
        if (found.Count == 0)
        {
            return;
        }

        var newest = found[0];
        if (bundled.Digest == index.Digest)
        {
            await ArtifactCopier.CopyAsync(repository, newest.Manifest.Digest, view, null, new CopyOptions { MaxParallelism = 1 }, null, cancellationToken).ConfigureAwait(false);
            var bytes = await ContentReader.ReadManifestAsync(view, newest.Manifest, view.DisplayName, cancellationToken).ConfigureAwait(false);
            await view.PushReferrerAsync(newest.Manifest, bytes, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await ProvenanceStore.PushAsync(view, bundled, newest.Provenance, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<ProviderVersion> FromOriginAsync(IProviderReleaseSource source, ProviderAddress address, VersionConstraint constraint, ProviderVersion? pinned,
        OciLayoutStore view, CancellationToken cancellationToken)
    {
        var offered = await source.ListVersionsAsync(address, cancellationToken).ConfigureAwait(false);
        var version = VersionConstraint.NewestMatching(offered.Select(v => v.Version), constraint);
        if (version is null)
        {
            var listed = offered.Count == 0 ? "none" : string.Join(", ", offered.Select(v => v.Version).Order().TakeLast(10));
            var missing = new TofuOciException(ErrorIds.NoMatchingVersion, ErrorKind.NotFound,
                $"{UntrustedText.Escape(source.DisplayName)} has no version of {address} that matches \"{constraint.Text}\" (newest offered: {listed}). Relax the configuration's version constraint.",
                address.ToString());
            throw pinned is null ? missing : PinMissing(missing, address, pinned, source.DisplayName);
        }

        var origin = request.Origin!;
        var result = await ProviderMirrorer.MirrorAsync(new ProviderMirrorRequest
        {
            Provider = address,
            Versions = VersionConstraint.Parse("= " + version),
            Platforms = _platforms,
            SourceOverride = source,
            TrustedKeyFiles = origin.TrustedKeyFiles,
            AllowUnsigned = origin.AllowUnsigned,
            Target = view,
            MaxParallelism = Math.Max(1, request.MaxParallelism),
            Progress = request.Progress is { } progress ? new MirrorProgress(progress) : null,
        }, cancellationToken).ConfigureAwait(false);
        if (result.Failures.Count > 0)
        {
            throw result.Failures[0].Error;
        }

        return version;
    }

    private static TofuOciException PinMissing(TofuOciException e, ProviderAddress address, ProviderVersion pinned, string source) =>
        new(ErrorIds.NoMatchingVersion, ErrorKind.NotFound,
            $"The lock file pins {address} to {pinned}, but {UntrustedText.Escape(source)} does not have that version. Publish {pinned} there, or update the lock file. ({e.Message})",
            address.ToString(), e);

    // What the contents record: read back from the bundle itself with OpenTofu's rules, so a version that would not install is never recorded.
    private async Task<BundleProvider> DescribeAsync(OciLayoutStore view, ProviderAddress address, ProviderVersion version, string source, CancellationToken cancellationToken)
    {
        var packages = await ProviderIndexReader.ReadAsync(view, address, version, _platforms, cancellationToken).ConfigureAwait(false);
        var index = packages[0].IndexDescriptor;
        var platforms = new List<BundlePlatform>();
        foreach (var package in packages)
        {
            var blob = Path.Combine(layoutDirectory, "blobs", "sha256", package.LayerDescriptor.ParsedDigest().Encoded);
            var h1 = await DirHash.HashZipAsync(blob, cancellationToken).ConfigureAwait(false);
            platforms.Add(new BundlePlatform(package.Platform, package.ManifestDescriptor.Digest, package.LayerDescriptor.Digest, package.LayerDescriptor.Size,
                h1.ToString(), package.ZipHash));
        }

        var provenance = await ProvenanceStore.FindAsync(view, index, cancellationToken).ConfigureAwait(false);
        return new BundleProvider(address.ToString(), version.ToString(), view.RefNamePrefix, version.ToTag(), index.Digest,
            platforms.OrderBy(p => p.Platform, StringComparer.Ordinal).ToList(), provenance.Count == 0 ? null : provenance[0].Manifest.Digest, source);
    }

    private Forward? Progress(string item) =>
        request.Progress is { } progress ? new Forward(item, progress) : null;

    private sealed class Forward(string item, IProgress<BundleExportProgress> progress) : IProgress<TransferProgress>
    {
        public void Report(TransferProgress value) => progress.Report(new BundleExportProgress(item, value));
    }

    private sealed class MirrorProgress(IProgress<BundleExportProgress> progress) : IProgress<ProviderMirrorProgress>
    {
        public void Report(ProviderMirrorProgress value)
        {
            if (value is { FileName: { } name, Transfer: { } transfer })
            {
                progress.Report(new BundleExportProgress($"{(value.Step == ProviderMirrorStep.Uploading ? "bundle" : "download")} {name}", transfer));
            }
        }
    }
}
