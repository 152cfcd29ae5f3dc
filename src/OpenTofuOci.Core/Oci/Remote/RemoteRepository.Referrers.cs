using System.Net;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci.Targets;
using OpenTofuOci.Core.Oci.Transport;

namespace OpenTofuOci.Core.Oci.Remote;

/// <summary>
/// Referrers (OCI distribution 1.1): <c>GET referrers/&lt;digest&gt;</c> where the registry has the API,
/// the referrers tag schema where it answers 404 or something that is not an index.
/// See docs/opentofu-compatibility.md §9.6.
/// </summary>
public sealed partial class RemoteRepository : IReferrerLister, IReferrerPusher
{
    /// <summary>Pages of a referrers listing followed at most; each is up to 4 MiB.</summary>
    private const int MaxReferrerPages = 64;

    private const int ReferrersUnknown = 0;
    private const int ReferrersApi = 1;
    private const int ReferrersTagSchema = 2;

    // What this registry was found to do, so one listing does not probe the API again for every subject.
    private int _referrers = ReferrersUnknown;

    /// <summary>
    /// Pushes a manifest that has a <c>subject</c> under its digest; when the registry does not answer with
    /// <c>OCI-Subject</c> naming that subject, adds it to the subject's referrers tag index.
    /// </summary>
    public async Task PushReferrerAsync(Descriptor manifest, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        RequireManifest(manifest, "pushed as referrers");
        var parsed = OciJson.ReadManifest(content.Span, manifest.Digest);
        var subject = parsed.Subject ?? throw new ArgumentException($"Manifest {manifest.Digest} has no subject; it cannot be pushed as a referrer.", nameof(content));
        var bytes = await ReadManifestSourceAsync(manifest, new MemoryStream(content.ToArray(), writable: false), cancellationToken).ConfigureAwait(false);
        var answered = await PutManifestAsync(manifest, bytes, manifest.ParsedDigest().ToString(), cancellationToken).ConfigureAwait(false);
        if (string.Equals(answered, subject.Digest, StringComparison.Ordinal))
        {
            Volatile.Write(ref _referrers, ReferrersApi);
            return;
        }

        await ReferrersTag.AddAsync(this, ReferrersTag.EntryFor(manifest, parsed), subject.ParsedDigest(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The referrers of <paramref name="subject"/> from the referrers API, or from the referrers tag when the registry has no API.</summary>
    public async Task<IReadOnlyList<Descriptor>> ListReferrersAsync(Descriptor subject, string? artifactType = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subject);
        var digest = subject.ParsedDigest();
        if (Volatile.Read(ref _referrers) != ReferrersTagSchema)
        {
            var listed = await ListThroughApiAsync(digest, artifactType, cancellationToken).ConfigureAwait(false);
            if (listed is not null)
            {
                Volatile.Write(ref _referrers, ReferrersApi);
                // A registry may ignore the filter (it says so by leaving out OCI-Filters-Applied); filtering again is harmless.
                return ReferrersTag.Filter(listed, artifactType);
            }

            Volatile.Write(ref _referrers, ReferrersTagSchema);
        }

        return await ReferrersTag.ListAsync(this, digest, artifactType, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every page of the API's answer, or null when the registry has no referrers API.</summary>
    private async Task<List<Descriptor>?> ListThroughApiAsync(Digest subject, string? artifactType, CancellationToken cancellationToken)
    {
        var page = new Uri(RepositoryUri, "referrers/" + subject);
        if (artifactType is not null)
        {
            page = RegistryHttpClient.AppendQuery(page, "artifactType=" + Uri.EscapeDataString(artifactType));
        }

        var all = new List<Descriptor>();
        for (var pages = 0; page is not null; pages++)
        {
            if (pages == MaxReferrerPages)
            {
                throw RegistryErrors.Protocol(Registry, $"its referrers listing for {subject} in {DisplayName} goes on for more than {MaxReferrerPages} pages; the listing was stopped.", DisplayName);
            }

            var request = new RegistryRequest
            {
                Method = HttpMethod.Get,
                Uri = page,
                Scopes = PullScope,
                Accept = [MediaTypes.ImageIndex],
                Idempotent = true,
            };

            using var response = await _client.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var isIndex = string.Equals(response.Content.Headers.ContentType?.MediaType, MediaTypes.ImageIndex, StringComparison.OrdinalIgnoreCase);
            if (pages == 0 && (response.StatusCode == HttpStatusCode.NotFound || (IsSuccess(response) && !isIndex)))
            {
                // The distribution spec's signal for "no referrers API": use the tag schema instead.
                return null;
            }

            if (!IsSuccess(response))
            {
                throw await _client.ErrorAsync(response, request, $"{DisplayName}@{subject}", "listing referrers", cancellationToken).ConfigureAwait(false);
            }

            var (body, truncated) = await HttpBody.ReadAsync(response.Content, (int)ManifestLimits.MaxPublishSize + 1, cancellationToken, _client.IdleTimeout).ConfigureAwait(false);
            if (truncated || !isIndex)
            {
                throw RegistryErrors.Protocol(Registry, $"a page of its referrers listing for {subject} in {DisplayName} is {(truncated ? "larger than 4 MiB" : "not an image index")}.", DisplayName);
            }

            all.AddRange(OciJson.ReadIndex(body, $"{DisplayName} referrers of {subject}").Manifests);
            page = NextReferrersPage(response, page);
        }

        return all;
    }

    private Uri? NextReferrersPage(HttpResponseMessage response, Uri page)
    {
        if (!response.Headers.NonValidated.TryGetValues("Link", out var links) || LinkHeader.FindNext(links) is not { } target)
        {
            return null;
        }

        // A next page elsewhere would receive our credentials' token or lead us off the registry.
        if (!Uri.TryCreate(page, target, out var next) || !SafeUrl.SameOrigin(next, _client.Origin))
        {
            throw RegistryErrors.Protocol(Registry, "its referrers listing's Link header is not a URL on the same registry; the listing was stopped.", DisplayName);
        }

        return next;
    }
}
