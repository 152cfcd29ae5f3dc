namespace OpenTofuOci.Core.Oci.Targets;

/// <summary>
/// Lists the manifests whose <c>subject</c> is a given manifest (OCI distribution 1.1 "referrers"):
/// through the registry's referrers API where it has one, else through the referrers tag schema
/// (<see cref="ReferrersTag"/>). See docs/opentofu-compatibility.md §9.6.
/// </summary>
public interface IReferrerLister
{
    /// <summary>
    /// The descriptors of the manifests that refer to <paramref name="subject"/>, each with the
    /// <c>artifactType</c> and annotations the index lists; only those of <paramref name="artifactType"/>
    /// when it is given. Empty when nothing refers to it.
    /// </summary>
    Task<IReadOnlyList<Descriptor>> ListReferrersAsync(Descriptor subject, string? artifactType = null, CancellationToken cancellationToken = default);
}
