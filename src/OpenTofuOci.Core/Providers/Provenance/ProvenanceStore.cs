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
    public static Task<Descriptor> PushAsync(ITarget target, Descriptor subject, ProviderProvenance provenance, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException(target.ToString() + subject + provenance + cancellationToken);

    /// <summary>
    /// The provenance artifacts that refer to <paramref name="subject"/>, newest first (by their
    /// <c>org.opencontainers.image.created</c> annotation), each read and checked for shape
    /// (<see cref="Errors.ErrorIds.InvalidProvenance"/>); empty when there are none.
    /// </summary>
    public static Task<IReadOnlyList<StoredProvenance>> FindAsync(IReadOnlyTarget target, Descriptor subject, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException(target.ToString() + subject + cancellationToken);
}

/// <summary>A provenance artifact found in a registry or layout.</summary>
/// <param name="Manifest">The artifact manifest's descriptor.</param>
/// <param name="Provenance">Its content.</param>
public sealed record StoredProvenance(Descriptor Manifest, ProviderProvenance Provenance);
