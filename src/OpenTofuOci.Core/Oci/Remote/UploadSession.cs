using System.Net;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci.Transport;

namespace OpenTofuOci.Core.Oci.Remote;

/// <summary>
/// One blob upload session (distribution-spec "Pushing blobs"): the <c>Location</c> the registry
/// handed out, updated after every <c>PATCH</c> because registries may return a new one each time,
/// and cancelled with <c>DELETE</c> when the upload is abandoned.
/// </summary>
internal sealed class UploadSession(RegistryHttpClient client, Uri location, IReadOnlyList<string> scopes, Action<string>? log)
{
    public Uri Location { get; private set; } = location;

    /// <summary>Reads the session URL of a 201/202 answer; relative values are relative to the request.</summary>
    public static Uri LocationOf(HttpResponseMessage response, Uri requestUri, string registry)
    {
        ArgumentNullException.ThrowIfNull(response);
        var location = response.Headers.Location
            ?? throw RegistryErrors.Protocol(registry, $"it answered {(int)response.StatusCode} to {SafeUrl.Format(requestUri)} without a Location header.");
        return location.IsAbsoluteUri ? location : new Uri(requestUri, location);
    }

    /// <summary>One <c>PUT &lt;location&gt;?digest=</c> carrying the whole blob.</summary>
    public async Task PutWholeAsync(BlobSource source, Descriptor descriptor, CancellationToken cancellationToken)
    {
        var request = new RegistryRequest
        {
            Method = HttpMethod.Put,
            Uri = WithDigest(Location, descriptor.Digest),
            Scopes = scopes,
            Content = () => source.Content(descriptor.Size, final: true),
        };
        await CompleteAsync(request, descriptor.Digest, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// <c>PATCH</c>es of <paramref name="chunkSize"/> bytes, then an empty <c>PUT ?digest=</c> with the
    /// digest the content turned out to have (which must be the descriptor's, for a source that has one);
    /// returns that digest. A <c>PATCH</c> that fails transiently is resumed where the registry says the
    /// upload stands (<c>GET</c> on the session: 204 with <c>Range: 0-&lt;last&gt;</c>), spending
    /// <paramref name="retries"/>; when the registry cannot say, or the source cannot be put back there,
    /// the failure is thrown for the caller to start over in a fresh session.
    /// </summary>
    public async Task<Digest> PutChunkedAsync(BlobSource source, long chunkSize, UploadRetries retries, CancellationToken cancellationToken)
    {
        var offset = 0L;
        while (offset < source.Size)
        {
            var length = Math.Min(chunkSize, source.Size - offset);
            try
            {
                await PatchAsync(source, offset, length, cancellationToken).ConfigureAwait(false);
                offset += length;
                continue;
            }
            catch (TofuOciException e) when (UploadRetries.IsTransient(e) && retries.TryTake())
            {
                await retries.WaitAsync(cancellationToken).ConfigureAwait(false);
                if (await StoredLengthAsync(cancellationToken).ConfigureAwait(false) is not { } stored
                    || stored > source.Size
                    || !await source.TryResumeAtAsync(stored, cancellationToken).ConfigureAwait(false))
                {
                    throw;
                }

                log?.Invoke($"resuming the upload of {source.Name} at byte {stored}");
                offset = stored;
            }
        }

        // The registry has every byte but commits only on the PUT; a source that does not match stops here.
        var digest = (await source.VerifyEndAsync(cancellationToken).ConfigureAwait(false)).ToString();
        var commit = new RegistryRequest
        {
            Method = HttpMethod.Put,
            Uri = WithDigest(Location, digest),
            Scopes = scopes,
            Content = () => new ByteArrayContent([]) { Headers = { ContentType = new("application/octet-stream") } },
            ContentReplayable = true,
        };
        await CompleteAsync(commit, digest, cancellationToken).ConfigureAwait(false);
        return Digest.Parse(digest);
    }

    private async Task PatchAsync(BlobSource source, long start, long length, CancellationToken cancellationToken)
    {
        var request = new RegistryRequest
        {
            Method = HttpMethod.Patch,
            Uri = Location,
            Scopes = scopes,
            Content = () =>
            {
                var content = source.Content(length, final: false);
                // Inclusive end, without "bytes ": the distribution-spec form, not RFC 9110's.
                content.Headers.TryAddWithoutValidation("Content-Range", $"{start}-{start + length - 1}");
                return content;
            },
        };

        using var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            throw await client.ErrorAsync(response, request, null, "push", cancellationToken).ConfigureAwait(false);
        }

        Location = LocationOf(response, Location, client.Registry);
    }

    /// <summary>
    /// How many bytes the registry holds for this session (<c>GET</c> on it: 204 with <c>Range: 0-&lt;last&gt;</c>,
    /// and a new <c>Location</c> carrying the session's state); null when it cannot say, e.g. because
    /// the failed request left the session invalid, so the upload must start over.
    /// </summary>
    private async Task<long?> StoredLengthAsync(CancellationToken cancellationToken)
    {
        var request = new RegistryRequest { Method = HttpMethod.Get, Uri = Location, Scopes = scopes, Idempotent = true };
        try
        {
            using var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.NoContent
                || !response.Headers.NonValidated.TryGetValues("Range", out var values)
                || ParseRangeEnd(values.FirstOrDefault()) is not { } last)
            {
                log?.Invoke($"GET {SafeUrl.Format(Location)} (upload status) answered {(int)response.StatusCode} without a usable Range; starting over");
                return null;
            }

            if (response.Headers.Location is not null)
            {
                Location = LocationOf(response, Location, client.Registry);
            }

            // "0-0" stands for both nothing and one byte (distribution writes the end as length - 1, or 0);
            // taking it as nothing costs at worst a 416 on the next PATCH, and then a fresh session.
            return last == 0 ? 0 : last + 1;
        }
        catch (TofuOciException e) when (UploadRetries.IsTransient(e))
        {
            return null;
        }
    }

    /// <summary>The last byte of <c>0-&lt;last&gt;</c> (also accepted with a <c>bytes=</c> prefix); null for anything else.</summary>
    internal static long? ParseRangeEnd(string? range)
    {
        var text = range?.Trim();
        if (text is null)
        {
            return null;
        }

        if (text.StartsWith("bytes=", StringComparison.OrdinalIgnoreCase))
        {
            text = text["bytes=".Length..];
        }

        return text.StartsWith("0-", StringComparison.Ordinal)
            && long.TryParse(text.AsSpan(2), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var last)
            ? last
            : null;
    }

    /// <summary>Best-effort <c>DELETE</c> of the session, so the registry can drop partial data now rather than at its next purge.</summary>
    public async Task CancelAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            var request = new RegistryRequest { Method = HttpMethod.Delete, Uri = Location, Scopes = scopes };
            using var response = await client.SendAsync(request, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TofuOciException or OperationCanceledException or HttpRequestException)
        {
            log?.Invoke($"DELETE {SafeUrl.Format(Location)} (cancelling the upload) failed: {ex.GetType().Name}");
        }
    }

    private async Task CompleteAsync(RegistryRequest request, string digest, CancellationToken cancellationToken)
    {
        using var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode is not (HttpStatusCode.Created or HttpStatusCode.OK or HttpStatusCode.NoContent))
        {
            throw await client.ErrorAsync(response, request, null, "push", cancellationToken).ConfigureAwait(false);
        }

        if (response.Headers.NonValidated.TryGetValues("Docker-Content-Digest", out var values)
            && values.FirstOrDefault()?.Trim() is { Length: > 0 } stored
            && !string.Equals(stored, digest, StringComparison.Ordinal))
        {
            throw new TofuOciException(ErrorIds.DigestMismatch, ErrorKind.InvalidData,
                $"{client.Registry} stored blob {digest} under digest {stored}; the upload was altered on the way. Push again, and check any proxy in between.",
                digest);
        }
    }

    /// <summary>Adds <c>digest=</c> to a session URL that may already carry a query (distribution 2.8 puts <c>_state</c> there).</summary>
    internal static Uri WithDigest(Uri location, string digest) =>
        RegistryHttpClient.AppendQuery(location, "digest=" + Uri.EscapeDataString(digest));
}
