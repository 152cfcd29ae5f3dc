namespace OpenTofuOci.Core.Oci.Targets;

/// <summary>
/// Stores a manifest that has a <c>subject</c> so that <see cref="IReferrerLister"/> finds it: a registry
/// with the referrers API indexes it itself (it answers the push with <c>OCI-Subject</c>); otherwise the
/// referrers tag schema's index is updated (<see cref="ReferrersTag"/>). See docs/opentofu-compatibility.md §9.6.
/// </summary>
public interface IReferrerPusher
{
    /// <summary>
    /// Pushes <paramref name="content"/> (an image manifest with a <c>subject</c>) under its digest and
    /// makes it findable from its subject. Pushing the same manifest again changes nothing.
    /// </summary>
    Task PushReferrerAsync(Descriptor manifest, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default);
}
