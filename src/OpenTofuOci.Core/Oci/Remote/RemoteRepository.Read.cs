using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci.Transport;

namespace OpenTofuOci.Core.Oci.Remote;

public sealed partial class RemoteRepository
{
    private const string DigestHeader = "Docker-Content-Digest";

    /// <summary>Largest tag-list page read; ORAS uses the same 4 MiB.</summary>
    private const int MaxTagPageBytes = 4 * 1024 * 1024;

    /// <summary>
    /// <c>HEAD manifests/&lt;ref&gt;</c> with every manifest type accepted; falls back to a GET that
    /// hashes the body when the registry leaves out <c>Docker-Content-Digest</c> (docs/opentofu-compatibility.md §4.2).
    /// </summary>
    public async Task<Descriptor> ResolveAsync(string reference, CancellationToken cancellationToken = default)
    {
        var requested = ValidateReference(reference);
        var request = new RegistryRequest
        {
            Method = HttpMethod.Head,
            Uri = ManifestUri(reference),
            Scopes = PullScope,
            Accept = MediaTypes.AllManifests,
            Idempotent = true,
        };

        using (var response = await _client.SendAsync(request, cancellationToken).ConfigureAwait(false))
        {
            if (!IsSuccess(response))
            {
                throw await _client.ErrorAsync(response, request, Named(reference), "pull", cancellationToken).ConfigureAwait(false);
            }

            var mediaType = response.Content.Headers.ContentType?.MediaType;
            var size = response.Content.Headers.ContentLength;
            var header = Header(response, DigestHeader);
            if (header is not null && mediaType is not null && size is not null)
            {
                var digest = ParseDigestHeader(header, reference);
                if (requested is { } r && r != digest)
                {
                    throw new TofuOciException(ErrorIds.DigestMismatch, ErrorKind.InvalidData,
                        $"{DisplayName} answered {reference} with manifest {digest}; the registry is not serving the content asked for. Do not use it.", Named(reference));
                }

                return new Descriptor { MediaType = mediaType, Digest = digest.ToString(), Size = size.Value };
            }
        }

        return await ResolveByGetAsync(reference, requested, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A GET of the manifest, hashed; a body cut off, stalled or changed in transit (it does not match
    /// its length, the digest asked for or the registry's digest header) is read again.
    /// </summary>
    private async Task<Descriptor> ResolveByGetAsync(string reference, Digest? requested, CancellationToken cancellationToken)
    {
        var started = _client.Time.GetUtcNow();
        for (var retry = 0; ; retry++)
        {
            try
            {
                return await ResolveByGetOnceAsync(reference, requested, cancellationToken).ConfigureAwait(false);
            }
            catch (TofuOciException ex) when (ex.Code is ErrorCode.SizeMismatch or ErrorCode.DigestMismatch && !cancellationToken.IsCancellationRequested)
            {
                if (!_client.MayRetry(retry, started))
                {
                    throw RegistryErrors.AfterAttempts(ex, retry + 1);
                }

                await _client.WaitBeforeRetryAsync($"GET {SafeUrl.Format(ManifestUri(reference))}", retry, null, ex.Message, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<Descriptor> ResolveByGetOnceAsync(string reference, Digest? requested, CancellationToken cancellationToken)
    {
        var request = new RegistryRequest
        {
            Method = HttpMethod.Get,
            Uri = ManifestUri(reference),
            Scopes = PullScope,
            Accept = MediaTypes.AllManifests,
            Idempotent = true,
        };

        using var response = await _client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!IsSuccess(response))
        {
            throw await _client.ErrorAsync(response, request, Named(reference), "pull", cancellationToken).ConfigureAwait(false);
        }

        // One byte more than OpenTofu would read, to tell "too large" from "exactly at the limit".
        var limit = (int)(5L * 1024 * 1024);
        byte[] body;
        bool truncated;
        try
        {
            (body, truncated) = await HttpBody.ReadAsync(response.Content, limit, cancellationToken, _client.IdleTimeout).ConfigureAwait(false);
        }
        catch (Exception ex) when (RetryPolicy.IsTransientBodyFault(ex, cancellationToken))
        {
            throw new TofuOciException(ErrorIds.SizeMismatch, ErrorKind.InvalidData,
                $"Manifest {Named(reference)} from {Registry} broke off ({ex.Message.TrimEnd('.')}); nothing was used. Retry later.", Named(reference), ex);
        }

        if (truncated)
        {
            throw new TofuOciException(ErrorIds.ManifestTooLarge, ErrorKind.InvalidData,
                $"Manifest {Named(reference)} is larger than OpenTofu's limit of 4 MiB; OpenTofu would refuse it too.", Named(reference));
        }

        var declared = response.Content.Headers.ContentLength;
        if (declared is not null && declared != body.Length)
        {
            throw new TofuOciException(ErrorIds.SizeMismatch, ErrorKind.InvalidData,
                $"Manifest {Named(reference)} from {Registry} announced {declared} bytes but was {body.Length}; nothing was used. Retry; if it persists, republish it.", Named(reference));
        }

        var algorithm = requested?.Algorithm ?? DigestAlgorithm.Sha256;
        var actual = Digest.Compute(body, algorithm);
        if (requested is { } r && r != actual)
        {
            throw new TofuOciException(ErrorIds.DigestMismatch, ErrorKind.InvalidData,
                $"Manifest {Named(reference)} from {Registry} hashes to {actual}; the content was altered in storage or in transit. Do not use it.", Named(reference));
        }

        if (Header(response, DigestHeader) is { } header)
        {
            var claimed = ParseDigestHeader(header, reference);
            if (claimed != Digest.Compute(body, claimed.Algorithm))
            {
                throw new TofuOciException(ErrorIds.DigestMismatch, ErrorKind.InvalidData,
                    $"{DisplayName} said manifest {reference} is {claimed} but its bytes hash to {actual}; the content was altered in storage or in transit. Do not use it.", Named(reference));
            }
        }

        var mediaType = response.Content.Headers.ContentType?.MediaType ?? MediaTypeFromJson(body)
            ?? throw new TofuOciException(ErrorIds.UnsupportedMediaType, ErrorKind.InvalidData,
                $"{DisplayName} sent manifest {reference} without a Content-Type and it declares no mediaType; it cannot be used.", Named(reference));
        return new Descriptor { MediaType = mediaType, Digest = actual.ToString(), Size = body.Length };
    }

    /// <summary>
    /// Opens a manifest (<c>GET manifests/&lt;digest&gt;</c>, <c>Accept</c> = its media type) or a
    /// blob (<c>GET blobs/&lt;digest&gt;</c>, redirects followed without credentials) as a
    /// <see cref="VerifyingStream"/>, after checking the length and digest headers.
    /// </summary>
    public async Task<Stream> FetchAsync(Descriptor descriptor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        var digest = descriptor.ParsedDigest();
        var manifest = MediaTypes.IsManifest(descriptor.MediaType);
        var request = new RegistryRequest
        {
            Method = HttpMethod.Get,
            Uri = manifest ? ManifestUri(digest.ToString()) : BlobUri(digest.ToString()),
            Scopes = PullScope,
            Accept = manifest ? [descriptor.MediaType] : null,
            Idempotent = true,
        };

        var response = await _client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        try
        {
            if (!IsSuccess(response))
            {
                throw await _client.ErrorAsync(response, request, $"{DisplayName}@{digest}", "pull", cancellationToken).ConfigureAwait(false);
            }

            if (response.Content.Headers.ContentLength is { } length && length != descriptor.Size)
            {
                throw VerificationErrors.SizeMismatch(descriptor, DisplayName, $"announced as {length} bytes");
            }

            if (Header(response, DigestHeader) is { } header && !string.Equals(header, descriptor.Digest, StringComparison.Ordinal))
            {
                throw VerificationErrors.DigestMismatch(descriptor, DisplayName, $"{header} according to the registry");
            }

            var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            Task<HttpResponseMessage> Reopen(long from, CancellationToken token) => _client.SendAsync(new RegistryRequest
            {
                Method = request.Method,
                Uri = request.Uri,
                Scopes = request.Scopes,
                Accept = request.Accept,
                Idempotent = true,
                RangeFrom = from,
            }, token);
            return new VerifyingStream(new ResponseStream(response, body, descriptor, DisplayName, _client, request, Reopen), descriptor, DisplayName);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    /// <summary>
    /// <c>GET blobs/&lt;digest&gt;</c> with <c>Range: bytes=&lt;offset&gt;-</c>: the blob's last bytes when the
    /// registry answers 206 with exactly that range (at most <see cref="MaxTailBytes"/>); null for a 200
    /// (no range support), any other answer, or a failure, so the caller falls back to the whole blob.
    /// </summary>
    public async Task<byte[]?> TryFetchTailAsync(Descriptor descriptor, long offset, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        var length = descriptor.Size - offset;
        if (offset < 0 || length <= 0 || length > MaxTailBytes || MediaTypes.IsManifest(descriptor.MediaType))
        {
            return null;
        }

        var request = new RegistryRequest
        {
            Method = HttpMethod.Get,
            Uri = BlobUri(descriptor.ParsedDigest().ToString()),
            Scopes = PullScope,
            Idempotent = true,
            RangeFrom = offset,
        };
        try
        {
            using var response = await _client.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.PartialContent
                || response.Content.Headers.ContentRange is not { HasRange: true, From: { } from, To: { } to } range
                || from != offset || to != descriptor.Size - 1 || (range.Length is { } total && total != descriptor.Size))
            {
                return null;
            }

            var tail = new byte[length];
            var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (body.ConfigureAwait(false))
            {
                await body.ReadExactlyAsync(tail, cancellationToken).ConfigureAwait(false);
                // Exactly the range asked for: a longer body is not the blob these bytes claim to end.
                return await body.ReadAsync(new byte[1], cancellationToken).ConfigureAwait(false) == 0 ? tail : null;
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException && !cancellationToken.IsCancellationRequested)
        {
            Options.Log?.Invoke($"GET {SafeUrl.Format(request.Uri)} (last {length} bytes) failed ({ex.GetType().Name}); the whole blob will be read");
            return null;
        }
    }

    /// <summary>The most <see cref="TryFetchTailAsync"/> asks for: enough for the central directory of any provider zip.</summary>
    public const int MaxTailBytes = 1024 * 1024;

    /// <summary><c>HEAD blobs/&lt;digest&gt;</c> (or <c>manifests/</c> for manifest types): 200 true, 404 false.</summary>
    public async Task<bool> ExistsAsync(Descriptor descriptor, CancellationToken cancellationToken = default) =>
        await SizeAsync(descriptor, cancellationToken).ConfigureAwait(false) is not null;

    /// <summary>
    /// <c>GET tags/list</c>, then every <c>Link: &lt;…&gt;; rel="next"</c> page on the same origin.
    /// Tags come in the registry's order (distribution 2.8 does not sort them).
    /// </summary>
    public async IAsyncEnumerable<string> ListTagsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Uri? next = new(RepositoryUri, "tags/list");
        var visited = new HashSet<string>(StringComparer.Ordinal);
        long listed = 0;
        while (next is not null)
        {
            if (!visited.Add(next.AbsoluteUri))
            {
                throw RegistryErrors.Protocol(Registry, $"the tag list of {DisplayName} links back to a page already read.", DisplayName);
            }

            // A registry that links on forever, or pages millions of tags, must not hold us or our memory.
            if (visited.Count > Options.MaxTagPages)
            {
                throw RegistryErrors.TagListTooLarge(DisplayName, $"{Options.MaxTagPages:N0} pages");
            }

            var (tags, following) = await ReadTagPageAsync(next, cancellationToken).ConfigureAwait(false);
            foreach (var tag in tags)
            {
                if (++listed > Options.MaxTags)
                {
                    throw RegistryErrors.TagListTooLarge(DisplayName, $"{Options.MaxTags:N0} tags");
                }

                yield return tag;
            }

            next = following;
        }
    }

    /// <summary>One page, read again when it breaks off, stalls or is not valid JSON (a body cut short or garbled in transit).</summary>
    private async Task<(IReadOnlyList<string> Tags, Uri? Next)> ReadTagPageAsync(Uri page, CancellationToken cancellationToken)
    {
        var started = _client.Time.GetUtcNow();
        for (var retry = 0; ; retry++)
        {
            try
            {
                return await ReadTagPageOnceAsync(page, cancellationToken).ConfigureAwait(false);
            }
            catch (TransientPageException ex) when (!cancellationToken.IsCancellationRequested)
            {
                if (!_client.MayRetry(retry, started))
                {
                    throw RegistryErrors.AfterAttempts(RegistryErrors.Protocol(Registry, $"the tag list of {DisplayName} {ex.Message}.", DisplayName), retry + 1);
                }

                await _client.WaitBeforeRetryAsync($"GET {SafeUrl.Format(page)}", retry, null, ex.Message, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<(IReadOnlyList<string> Tags, Uri? Next)> ReadTagPageOnceAsync(Uri page, CancellationToken cancellationToken)
    {
        var request = new RegistryRequest
        {
            Method = HttpMethod.Get,
            Uri = page,
            Scopes = PullScope,
            Accept = ["application/json"],
            Idempotent = true,
        };

        using var response = await _client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!IsSuccess(response))
        {
            throw await _client.ErrorAsync(response, request, DisplayName, "listing tags", cancellationToken).ConfigureAwait(false);
        }

        byte[] body;
        bool truncated;
        try
        {
            (body, truncated) = await HttpBody.ReadAsync(response.Content, MaxTagPageBytes, cancellationToken, _client.IdleTimeout).ConfigureAwait(false);
        }
        catch (Exception ex) when (RetryPolicy.IsTransientBodyFault(ex, cancellationToken))
        {
            throw new TransientPageException($"broke off ({ex.Message.TrimEnd('.')})", ex);
        }

        if (truncated)
        {
            throw RegistryErrors.Protocol(Registry, $"a tag list page of {DisplayName} is larger than {MaxTagPageBytes} bytes.", DisplayName);
        }

        // No digest covers a tag list. A registry's tag list is ASCII, so a byte changed in transit
        // almost always leaves bytes that are not UTF-8, even where the JSON reader would not look
        // (a property name it skips): that is the one check a client can make.
        if (!System.Text.Unicode.Utf8.IsValid(body))
        {
            throw new TransientPageException("is not valid UTF-8", new InvalidDataException("invalid UTF-8"));
        }

        var tags = new List<string>();
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw RegistryErrors.Protocol(Registry, $"the tag list of {DisplayName} is not a JSON object.", DisplayName);
            }

            // "tags" may be null or missing for a repository without tags.
            if (doc.RootElement.TryGetProperty("tags", out var array) && array.ValueKind == JsonValueKind.Array)
            {
                foreach (var t in array.EnumerateArray())
                {
                    if (t.ValueKind == JsonValueKind.String && t.GetString() is { Length: > 0 } tag)
                    {
                        tags.Add(tag);
                    }
                }
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: a tag string that is not valid UTF-8.
            throw new TransientPageException("is not valid JSON", ex);
        }

        Uri? next = null;
        if (response.Headers.NonValidated.TryGetValues("Link", out var links) && LinkHeader.FindNext(links) is { } target)
        {
            if (!Uri.TryCreate(page, target, out next))
            {
                throw RegistryErrors.Protocol(Registry, "its tag list's Link header is not a valid URL.", DisplayName);
            }

            // A next page elsewhere would receive our credentials' token or lead us off the registry.
            if (!SafeUrl.SameOrigin(next, _client.Origin))
            {
                throw RegistryErrors.Protocol(Registry, $"its tag list links to another origin ({SafeUrl.Format(next)}); the listing was stopped.", DisplayName);
            }
        }

        return (tags, next);
    }

    /// <summary>A tag page cut short or garbled: worth reading again.</summary>
    private sealed class TransientPageException(string problem, Exception inner) : Exception(problem, inner);

    /// <summary>Validates a tag or digest before it becomes part of a URL path.</summary>
    private Digest? ValidateReference(string reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        if (reference.Contains(':', StringComparison.Ordinal))
        {
            return Digest.Parse(reference);
        }

        if (!Reference.IsValidTag(reference))
        {
            throw new TofuOciException(ErrorIds.InvalidReference, ErrorKind.InvalidArgument,
                $"Invalid tag \"{reference}\": a tag is 1 to 128 characters from A-Z a-z 0-9 _ . - and must not start with . or -.", $"{DisplayName}:{reference}");
        }

        return null;
    }

    private Digest ParseDigestHeader(string header, string reference)
    {
        if (!Digest.TryParse(header, out var digest, out var problem))
        {
            throw RegistryErrors.Protocol(Registry, $"its Docker-Content-Digest header for {reference} is not a valid digest ({problem}).", Named(reference));
        }

        return digest;
    }

    private static string? MediaTypeFromJson(byte[] body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("mediaType", out var m) && m.ValueKind == JsonValueKind.String
                ? m.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
