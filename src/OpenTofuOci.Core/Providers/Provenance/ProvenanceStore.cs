using OpenTofuOci.Core.Oci;
using OpenTofuOci.Core.Oci.Targets;

namespace OpenTofuOci.Core.Providers.Provenance;

/// <summary>
/// Writes and finds <see cref="ProviderProvenance"/> artifacts next to a version's index, through the
/// referrers API where the registry has one and the referrers tag schema (<c>sha256-HEX</c>) where it
/// does not, and in OCI layouts. See docs/opentofu-compatibility.md §9.6.
/// </summary>
public static class ProvenanceStore
{
    /// <summary>
    /// Pushes the artifact with <paramref name="subject"/> (the version's index) as its subject and makes it
    /// findable; pushing the same provenance again uploads nothing. Returns the artifact manifest's descriptor.
    /// </summary>
    public static async Task<Descriptor> PushAsync(ITarget target, Descriptor subject, ProviderProvenance provenance, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(provenance);
        var built = ProvenanceManifest.Build(subject, provenance);
        var existing = await ListAsync(target, subject, cancellationToken).ConfigureAwait(false);
        if (existing.Any(d => string.Equals(d.Digest, built.Descriptor.Digest, StringComparison.Ordinal)))
        {
            return built.Descriptor;
        }

        await PushBlobAsync(target, EmptyConfig.Descriptor, EmptyConfig.Content.ToArray(), cancellationToken).ConfigureAwait(false);
        foreach (var (layer, content) in built.Layers)
        {
            await PushBlobAsync(target, layer, content, cancellationToken).ConfigureAwait(false);
        }

        if (target is IReferrerPusher pusher)
        {
            await pusher.PushReferrerAsync(built.Descriptor, built.Bytes, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            using var content = new MemoryStream(built.Bytes, writable: false);
            await target.PushAsync(built.Descriptor, content, cancellationToken).ConfigureAwait(false);
            var entry = ReferrersTag.EntryFor(built.Descriptor, OciJson.ReadManifest(built.Bytes));
            await ReferrersTag.AddAsync(target, entry, subject.ParsedDigest(), cancellationToken).ConfigureAwait(false);
        }

        return built.Descriptor;
    }

    /// <summary>
    /// The provenance artifacts that refer to <paramref name="subject"/>, newest first (by their
    /// <c>org.opencontainers.image.created</c> annotation), each read and checked for shape
    /// (<see cref="Errors.ErrorIds.InvalidProvenance"/>); empty when there are none.
    /// </summary>
    public static async Task<IReadOnlyList<StoredProvenance>> FindAsync(IReadOnlyTarget target, Descriptor subject, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(subject);
        var found = new List<StoredProvenance>();
        foreach (var listed in await ListAsync(target, subject, cancellationToken).ConfigureAwait(false))
        {
            found.Add(await ProvenanceReader.ReadAsync(target, listed, subject, cancellationToken).ConfigureAwait(false));
        }

        // Undated artifacts last; equal dates in digest order so the answer does not depend on the listing's order.
        return found
            .OrderByDescending(p => p.Provenance.Created ?? DateTimeOffset.MinValue)
            .ThenBy(p => p.Manifest.Digest, StringComparer.Ordinal)
            .ToList();
    }

    private static Task<IReadOnlyList<Descriptor>> ListAsync(IReadOnlyTarget target, Descriptor subject, CancellationToken cancellationToken) =>
        target is IReferrerLister lister
            ? lister.ListReferrersAsync(subject, ProvenanceFormat.ArtifactType, cancellationToken)
            : ReferrersTag.ListAsync(target, subject.ParsedDigest(), ProvenanceFormat.ArtifactType, cancellationToken);

    private static async Task PushBlobAsync(ITarget target, Descriptor descriptor, byte[] content, CancellationToken cancellationToken)
    {
        if (await target.ExistsAsync(descriptor, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        using var stream = new MemoryStream(content, writable: false);
        await target.PushMissingAsync(descriptor, stream, cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>A provenance artifact found in a registry or layout.</summary>
/// <param name="Manifest">The artifact manifest's descriptor.</param>
/// <param name="Provenance">Its content.</param>
public sealed record StoredProvenance(Descriptor Manifest, ProviderProvenance Provenance);
