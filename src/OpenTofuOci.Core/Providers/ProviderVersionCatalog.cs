using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci;
using OpenTofuOci.Core.Oci.Targets;

namespace OpenTofuOci.Core.Providers;

/// <summary>
/// What a provider mirror holds: every tag OpenTofu reads as a version (docs/opentofu-compatibility.md §1.2),
/// with the index it resolves to and the platforms that index offers (§1.3 steps 1–3). A version whose
/// tag does not hold a provider index is listed with the problem rather than failing the listing,
/// because one bad tag should not hide the good ones.
/// </summary>
public static class ProviderVersionCatalog
{
    private const int ReadParallelism = 4;

    /// <summary>Lists the versions, sorted by precedence (ties in tag order). A missing repository throws <see cref="ErrorIds.ProviderNotFound"/>.</summary>
    public static async Task<IReadOnlyList<ProviderVersionSummary>> ListAsync(IReadOnlyTarget target, ProviderAddress address, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(address);
        var tags = new List<(string Tag, ProviderVersion Version)>();
        try
        {
            await foreach (var tag in target.ListTagsAsync(cancellationToken).ConfigureAwait(false))
            {
                if (ProviderVersion.TryParseTag(tag, out var v))
                {
                    tags.Add((tag, v!));
                }
            }
        }
        catch (TofuOciException ex) when (ex.Kind == ErrorKind.NotFound)
        {
            throw new TofuOciException(ErrorIds.ProviderNotFound, ErrorKind.NotFound,
                $"Provider {address} is not in {target.DisplayName}: the repository does not exist. Check the address or template, or publish the provider there. ({ex.Message})",
                target.DisplayName, ex, ex.RegistryErrors, ex.StatusCode);
        }

        var sorted = tags.OrderBy(t => t.Version).ThenBy(t => t.Tag, StringComparer.Ordinal).ToList();
        var result = new ProviderVersionSummary[sorted.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, sorted.Count),
            new ParallelOptions { MaxDegreeOfParallelism = ReadParallelism, CancellationToken = cancellationToken },
            async (i, ct) => result[i] = await ReadAsync(target, sorted[i].Tag, sorted[i].Version, ct).ConfigureAwait(false)).ConfigureAwait(false);
        return result;
    }

    private static async Task<ProviderVersionSummary> ReadAsync(IReadOnlyTarget target, string tag, ProviderVersion version, CancellationToken cancellationToken)
    {
        var reference = $"{target.DisplayName}:{tag}";
        Descriptor resolved;
        try
        {
            resolved = await target.ResolveAsync(tag, cancellationToken).ConfigureAwait(false);
        }
        catch (TofuOciException ex) when (ex.Kind is ErrorKind.NotFound or ErrorKind.InvalidData)
        {
            return new ProviderVersionSummary(version, tag, null, [], ex.Message);
        }

        if (resolved.MediaType != MediaTypes.ImageIndex)
        {
            return new ProviderVersionSummary(version, tag, resolved.Digest, [], $"not a provider index: the tag holds {resolved.MediaType}");
        }

        try
        {
            var bytes = await ContentReader.ReadManifestAsync(target, resolved, reference, cancellationToken).ConfigureAwait(false);
            var (_, artifactType) = OciJson.ReadTypes(bytes);
            if (artifactType != MediaTypes.OpenTofuProvider)
            {
                return new ProviderVersionSummary(version, tag, resolved.Digest, [],
                    $"not a provider index: artifactType is \"{artifactType}\", OpenTofu needs \"{MediaTypes.OpenTofuProvider}\"");
            }

            var platforms = OciJson.ReadIndex(bytes, reference).Manifests
                .Where(m => m.ArtifactType == MediaTypes.OpenTofuProviderTarget && m.Platform is not null)
                .Select(m => new ProviderVersionPlatform(m.Platform!.ToString(), m.Digest))
                .ToList();
            return new ProviderVersionSummary(version, tag, resolved.Digest, platforms, null);
        }
        catch (TofuOciException ex) when (ex.Kind == ErrorKind.InvalidData)
        {
            return new ProviderVersionSummary(version, tag, resolved.Digest, [], ex.Message);
        }
    }
}

/// <summary>One version of a provider mirror, as <see cref="ProviderVersionCatalog"/> lists it.</summary>
/// <param name="Version">The version OpenTofu reads from the tag.</param>
/// <param name="Tag">The tag.</param>
/// <param name="IndexDigest">What the tag resolves to, when it resolves.</param>
/// <param name="Platforms">The provider-target entries of the index (<c>os_arch</c> and manifest digest).</param>
/// <param name="Problem">Why OpenTofu could not use this version, or null.</param>
public sealed record ProviderVersionSummary(ProviderVersion Version, string Tag, string? IndexDigest, IReadOnlyList<ProviderVersionPlatform> Platforms, string? Problem);

/// <summary>One platform entry of a provider index.</summary>
/// <param name="Platform"><c>os_arch</c>.</param>
/// <param name="ManifestDigest">The platform manifest's digest.</param>
public sealed record ProviderVersionPlatform(string Platform, string ManifestDigest);
