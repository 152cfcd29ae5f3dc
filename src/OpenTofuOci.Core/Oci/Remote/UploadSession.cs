using System.Net;
using OpenTofuOci.Core.Errors;

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
        await CompleteAsync(request, descriptor, cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>PATCH</c>es of <paramref name="chunkSize"/> bytes, then an empty <c>PUT ?digest=</c>.</summary>
    public async Task PutChunkedAsync(BlobSource source, Descriptor descriptor, int chunkSize, CancellationToken cancellationToken)
    {
        for (long offset = 0; offset < descriptor.Size; offset += chunkSize)
        {
            var length = Math.Min(chunkSize, descriptor.Size - offset);
            var start = offset;
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

        // The registry has every byte but commits only on the PUT; a source that does not match stops here.
        await source.VerifyEndAsync(cancellationToken).ConfigureAwait(false);
        var commit = new RegistryRequest
        {
            Method = HttpMethod.Put,
            Uri = WithDigest(Location, descriptor.Digest),
            Scopes = scopes,
            Content = () => new ByteArrayContent([]) { Headers = { ContentType = new("application/octet-stream") } },
            ContentReplayable = true,
        };
        await CompleteAsync(commit, descriptor, cancellationToken).ConfigureAwait(false);
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

    private async Task CompleteAsync(RegistryRequest request, Descriptor descriptor, CancellationToken cancellationToken)
    {
        using var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode is not (HttpStatusCode.Created or HttpStatusCode.OK or HttpStatusCode.NoContent))
        {
            throw await client.ErrorAsync(response, request, null, "push", cancellationToken).ConfigureAwait(false);
        }

        if (response.Headers.NonValidated.TryGetValues("Docker-Content-Digest", out var values)
            && values.FirstOrDefault()?.Trim() is { Length: > 0 } stored
            && !string.Equals(stored, descriptor.Digest, StringComparison.Ordinal))
        {
            throw new TofuOciException(ErrorIds.DigestMismatch, ErrorKind.InvalidData,
                $"{client.Registry} stored blob {descriptor.Digest} under digest {stored}; the upload was altered on the way. Push again, and check any proxy in between.",
                descriptor.Digest);
        }
    }

    /// <summary>Adds <c>digest=</c> to a session URL that may already carry a query (distribution 2.8 puts <c>_state</c> there).</summary>
    internal static Uri WithDigest(Uri location, string digest) =>
        RegistryHttpClient.AppendQuery(location, "digest=" + Uri.EscapeDataString(digest));
}
