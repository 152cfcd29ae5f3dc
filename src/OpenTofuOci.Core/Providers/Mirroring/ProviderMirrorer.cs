using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Providers.Sources;
using OpenTofuOci.Core.Signing;

namespace OpenTofuOci.Core.Providers.Mirroring;

/// <summary>
/// Fills an OCI provider mirror from where providers come from: reads each chosen version from an origin
/// registry, network mirror or mirror directory, checks it as OpenTofu would, publishes it exactly as
/// <c>provider publish</c> does, and adds a provenance artifact next to its index.
/// See docs/opentofu-compatibility.md §9.7.
/// </summary>
/// <remarks>
/// Versions are mirrored one after another, oldest first, each on its own: a version that fails any check
/// publishes nothing (its packages are downloaded into a private temporary directory and checked before
/// the first byte is uploaded) and the others go on. The result lists every version and platform, and
/// <see cref="ProviderMirrorResult.Incomplete"/> says when any failed. What the target already holds is
/// not uploaded again, so a re-run of a complete mirror sends nothing.
/// </remarks>
public static class ProviderMirrorer
{
    /// <summary>Mirrors the versions <paramref name="request"/> chooses; see <see cref="ProviderMirrorRequest"/>.</summary>
    /// <exception cref="TofuOciException">
    /// Only for what stops every version: an unreadable trusted key file, a source that does not know the
    /// provider (<see cref="ErrorIds.ProviderNotFound"/>) or has no version the constraint allows
    /// (<see cref="ErrorIds.NoMatchingVersion"/>). Failures of single versions are in the result.
    /// </exception>
    public static async Task<ProviderMirrorResult> MirrorAsync(ProviderMirrorRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.Provider);
        ArgumentNullException.ThrowIfNull(request.Target);
        var trusted = request.TrustedKeyFiles.Count == 0 ? null : OpenPgpKeyRing.Combine(request.TrustedKeyFiles.Select(OpenPgpKeyRing.Load).ToList());
        var display = request.TargetDisplay ?? request.Target.DisplayName;
        var owned = request.SourceOverride is null ? ProviderSources.Open(request.Source) : null;
        var source = request.SourceOverride ?? owned!;
        try
        {
            var offered = await source.ListVersionsAsync(request.Provider, cancellationToken).ConfigureAwait(false);
            var chosen = Choose(offered, request, source.DisplayName);
            var items = new List<ProviderMirrorItem>();
            var failures = new List<ProviderMirrorFailure>();
            long bytes = 0;
            var mirror = new VersionMirror(request, source, trusted, display);
            foreach (var version in chosen)
            {
                var platforms = request.Platforms.Count == 0 ? version.Platforms : Sorted(request.Platforms);
                if (request.ShouldMirror is { } ask && !await ask(version.Version, platforms).ConfigureAwait(false))
                {
                    continue;
                }

                try
                {
                    var done = await mirror.RunAsync(version.Version, platforms, cancellationToken).ConfigureAwait(false);
                    items.AddRange(done.Items);
                    bytes += done.BytesUploaded;
                }
                catch (TofuOciException e) when (e.Code != ErrorCode.Cancelled)
                {
                    request.Progress?.Report(new ProviderMirrorProgress(version.Version, null, ProviderMirrorStep.Failed, 0));
                    failures.Add(new ProviderMirrorFailure(version.Version, e));
                    items.AddRange(platforms.Select(p => new ProviderMirrorItem(version.Version, p, null, null, null, null, null, ProviderMirrorStatus.Failed, e)));
                }
            }

            return new ProviderMirrorResult(request.Provider, source.DisplayName, source.Kind, display, items, failures, bytes);
        }
        finally
        {
            owned?.Dispose();
        }
    }

    // Without a constraint only the newest release, as tofu init would pick; with one, every version it allows.
    private static List<SourceVersion> Choose(IReadOnlyList<SourceVersion> offered, ProviderMirrorRequest request, string source)
    {
        var constraint = request.Versions ?? VersionConstraint.Any;
        var allowed = offered.Where(v => constraint.Allows(v.Version)).OrderBy(v => v.Version).ToList();
        if (request.Versions is null && allowed.Count > 0)
        {
            allowed = [allowed[^1]];
        }

        if (allowed.Count == 0)
        {
            var listed = offered.Count == 0 ? "none" : string.Join(", ", offered.Select(v => v.Version).Order().TakeLast(10));
            throw new TofuOciException(ErrorIds.NoMatchingVersion, ErrorKind.NotFound,
                $"{UntrustedText.Escape(source)} has no version of {request.Provider} that {(request.Versions is null ? "is a release (not a pre-release)" : $"matches \"{request.Versions}\"")} (newest offered: {listed}). Change the version constraint.",
                request.Provider.ToString());
        }

        return allowed;
    }

    private static List<ProviderPlatform> Sorted(IEnumerable<ProviderPlatform> platforms) =>
        platforms.Distinct().OrderBy(p => p.OS, StringComparer.Ordinal).ThenBy(p => p.Arch, StringComparer.Ordinal).ToList();
}
