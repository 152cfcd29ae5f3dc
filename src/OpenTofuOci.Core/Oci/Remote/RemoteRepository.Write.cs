using System.Net;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci.Targets;

namespace OpenTofuOci.Core.Oci.Remote;

public sealed partial class RemoteRepository
{
    /// <summary>
    /// Pushes a blob (skipped when the registry already has it) or, for a manifest media type, a
    /// manifest under its digest. The content is verified against the descriptor before the registry
    /// commits it.
    /// </summary>
    public Task PushAsync(Descriptor descriptor, Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        ArgumentNullException.ThrowIfNull(content);
        return MediaTypes.IsManifest(descriptor.MediaType)
            ? PushManifestAsync(descriptor, content, descriptor.ParsedDigest().ToString(), cancellationToken)
            : PushBlobAsync(descriptor, content, cancellationToken);
    }

    /// <summary>Pushes a manifest and tags it in one <c>PUT manifests/&lt;tag&gt;</c>.</summary>
    public Task PushAsync(Descriptor descriptor, Stream content, string tag, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        ArgumentNullException.ThrowIfNull(content);
        RequireManifest(descriptor, "tagged");
        ValidateTag(tag);
        return PushManifestAsync(descriptor, content, tag, cancellationToken);
    }

    /// <summary>Points <paramref name="tag"/> at an existing manifest: fetches it (verified) and PUTs the same bytes under the tag.</summary>
    public async Task TagAsync(Descriptor descriptor, string tag, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        RequireManifest(descriptor, "tagged");
        ValidateTag(tag);
        var bytes = await ContentReader.ReadManifestAsync(this, descriptor, DisplayName, cancellationToken).ConfigureAwait(false);
        await PutManifestAsync(descriptor, bytes, tag, cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>DELETE manifests/&lt;digest&gt;</c> or <c>blobs/&lt;digest&gt;</c>; registries often disable it (405).</summary>
    public async Task DeleteAsync(Descriptor descriptor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        var digest = descriptor.ParsedDigest().ToString();
        var request = new RegistryRequest
        {
            Method = HttpMethod.Delete,
            Uri = MediaTypes.IsManifest(descriptor.MediaType) ? ManifestUri(digest) : BlobUri(digest),
            Scopes = [AuthScopes.Repository(Repository, AuthScopes.Delete)],
            Accept = MediaTypes.IsManifest(descriptor.MediaType) ? MediaTypes.AllManifests : null,
        };

        using var response = await _client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.MethodNotAllowed)
        {
            var details = await RegistryErrorBody.ReadAsync(response, cancellationToken).ConfigureAwait(false);
            throw new TofuOciException(ErrorIds.Unsupported, ErrorKind.InvalidOperation,
                $"Cannot delete {DisplayName}@{digest}: deletion is disabled on this registry ({Registry}). Ask its administrator to enable it, or leave the content in place.",
                $"{DisplayName}@{digest}", registryErrors: details, statusCode: 405);
        }

        if (!IsSuccess(response))
        {
            throw await _client.ErrorAsync(response, request, $"{DisplayName}@{digest}", "delete", cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// <c>DELETE manifests/&lt;tag&gt;</c> (OCI distribution 1.1). Registries that predate it answer
    /// 400 <c>DIGEST_INVALID</c> or <c>UNSUPPORTED</c>, or 405: they can only delete a manifest by
    /// digest, which removes every tag pointing at it, so we say so instead of doing that silently.
    /// </summary>
    public async Task DeleteTagAsync(string tag, CancellationToken cancellationToken = default)
    {
        ValidateTag(tag);
        var request = new RegistryRequest
        {
            Method = HttpMethod.Delete,
            Uri = ManifestUri(tag),
            Scopes = [AuthScopes.Repository(Repository, AuthScopes.Delete)],
            Accept = MediaTypes.AllManifests,
        };

        using var response = await _client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (IsSuccess(response))
        {
            return;
        }

        if (response.StatusCode is HttpStatusCode.MethodNotAllowed or HttpStatusCode.BadRequest)
        {
            var details = await RegistryErrorBody.ReadAsync(response, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.MethodNotAllowed
                || details.Any(d => d.Code is "DIGEST_INVALID" or "UNSUPPORTED"))
            {
                throw new TofuOciException(ErrorIds.Unsupported, ErrorKind.InvalidOperation,
                    $"Cannot delete the tag {DisplayName}:{tag}: this registry ({Registry}) cannot remove a tag on its own (that needs OCI distribution 1.1). " +
                    "Deleting the manifest by digest would remove every tag pointing at it; do that deliberately if it is what you want.",
                    $"{DisplayName}:{tag}", registryErrors: details, statusCode: (int)response.StatusCode);
            }

            throw new TofuOciException(ErrorIds.RegistryError, ErrorKind.InvalidOperation,
                $"Deleting the tag {DisplayName}:{tag} failed with HTTP {(int)response.StatusCode}{(details.Count > 0 ? ": " + string.Join("; ", details) : string.Empty)}.",
                $"{DisplayName}:{tag}", registryErrors: details, statusCode: (int)response.StatusCode);
        }

        throw await _client.ErrorAsync(response, request, $"{DisplayName}:{tag}", "delete", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// <c>POST blobs/uploads/?mount=&lt;digest&gt;&amp;from=&lt;repo&gt;</c>: 201 means mounted; 202 means
    /// the registry opened an upload instead, which is cancelled so the caller can upload normally.
    /// </summary>
    public async Task<bool> MountAsync(Descriptor descriptor, string fromRepository, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        ArgumentNullException.ThrowIfNull(fromRepository);
        var digest = descriptor.ParsedDigest().ToString();
        if (!Reference.IsValidRepository(fromRepository))
        {
            throw new TofuOciException(ErrorIds.InvalidReference, ErrorKind.InvalidArgument,
                $"Invalid repository name \"{fromRepository}\" to mount from.", $"{Registry}/{fromRepository}");
        }

        string[] scopes = [.. PushScope, AuthScopes.Repository(fromRepository, AuthScopes.Pull)];
        var request = new RegistryRequest
        {
            Method = HttpMethod.Post,
            Uri = RegistryHttpClient.AppendQuery(UploadsUri, $"mount={Uri.EscapeDataString(digest)}&from={Uri.EscapeDataString(fromRepository)}"),
            Scopes = scopes,
        };

        using var response = await _client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.Created)
        {
            return true;
        }

        if (response.StatusCode == HttpStatusCode.Accepted)
        {
            if (response.Headers.Location is not null)
            {
                var session = new UploadSession(_client, UploadSession.LocationOf(response, request.Uri, Registry), scopes, Options.Log);
                await session.CancelAsync().ConfigureAwait(false);
            }

            return false;
        }

        throw await _client.ErrorAsync(response, request, $"{Registry}/{fromRepository}@{digest}", "mount", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Uploads a blob the caller has just found missing (<c>HEAD</c> answered 404): no second <c>HEAD</c>.</summary>
    public Task PushMissingAsync(Descriptor descriptor, Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        ArgumentNullException.ThrowIfNull(content);
        return MediaTypes.IsManifest(descriptor.MediaType)
            ? PushManifestAsync(descriptor, content, descriptor.ParsedDigest().ToString(), cancellationToken)
            : PushBlobAsync(descriptor, content, askFirst: false, cancellationToken);
    }

    private Task PushBlobAsync(Descriptor descriptor, Stream content, CancellationToken cancellationToken) =>
        PushBlobAsync(descriptor, content, askFirst: true, cancellationToken);

    private async Task PushBlobAsync(Descriptor descriptor, Stream content, bool askFirst, CancellationToken cancellationToken)
    {
        if (descriptor.Size < 0)
        {
            throw new TofuOciException(ErrorIds.SizeMismatch, ErrorKind.InvalidArgument, $"Descriptor {descriptor.Digest} has a negative size.", descriptor.Digest);
        }

        if (askFirst && await ExistsAsync(descriptor, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        using var source = new BlobSource(content, descriptor, DisplayName);
        await UploadAsync(source, descriptor.Size <= Options.ChunkedUploadThreshold
            ? async (session, _) =>
            {
                await session.PutWholeAsync(source, descriptor, cancellationToken).ConfigureAwait(false);
                return descriptor.ParsedDigest();
            }
            : (session, retries) => session.PutChunkedAsync(source, Options.ChunkSize, retries, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Uploads a blob whose digest is not known yet, reading <paramref name="content"/> once: <c>POST</c>
    /// opens a session, one streamed <c>PATCH</c> (chunks of <see cref="RemoteRepositoryOptions.ChunkSize"/>
    /// above <see cref="RemoteRepositoryOptions.ChunkedUploadThreshold"/>) carries the bytes while they
    /// are hashed, and <c>PUT ?digest=</c> commits them under the digest they turned out to have. A source
    /// of another size, or one that fails at its end, is caught before that <c>PUT</c>, so nothing is
    /// stored. Unlike <see cref="PushAsync(Descriptor, Stream, CancellationToken)"/> there is no
    /// <c>HEAD</c> first: without a digest there is nothing to ask about, which is why callers that can
    /// expect the blob to be there hash first instead.
    /// </summary>
    public async Task<Descriptor> PushHashingAsync(string mediaType, long size, Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(mediaType);
        ArgumentNullException.ThrowIfNull(content);
        if (size < 0)
        {
            throw new TofuOciException(ErrorIds.SizeMismatch, ErrorKind.InvalidArgument, $"A blob of negative size ({size}) cannot be pushed to {DisplayName}.", DisplayName);
        }

        using var source = BlobSource.Hashing(content, size, DisplayName);
        var chunk = size <= Options.ChunkedUploadThreshold ? Math.Max(1, size) : Options.ChunkSize;
        var digest = await UploadAsync(source, (session, retries) => session.PutChunkedAsync(source, chunk, retries, cancellationToken), cancellationToken).ConfigureAwait(false);
        return new Descriptor { MediaType = mediaType, Digest = digest.ToString(), Size = size };
    }

    /// <summary>
    /// Runs <paramref name="attempt"/> in a fresh upload session until it succeeds or the retry budget is
    /// spent. A failed attempt is resumed (chunked) or started over in a fresh session, never repeated
    /// blindly: the pipeline cannot replay a streamed body, and a POST opens a new session each time.
    /// </summary>
    private async Task<Digest> UploadAsync(BlobSource source, Func<UploadSession, UploadRetries, Task<Digest>> attempt, CancellationToken cancellationToken)
    {
        var retries = new UploadRetries(Options);
        while (true)
        {
            UploadSession? session = null;
            try
            {
                session = await StartUploadAsync(cancellationToken).ConfigureAwait(false);
                return await attempt(session, retries).ConfigureAwait(false);
            }
            catch (TofuOciException e) when (UploadRetries.IsTransient(e) && retries.TryTake())
            {
                if (session is not null)
                {
                    await session.CancelAsync().ConfigureAwait(false);
                }

                await retries.WaitAsync(cancellationToken).ConfigureAwait(false);
                // The registry may have committed the blob before its answer was lost (a blob whose digest
                // is learnt while it is read can have been committed only once all of it was read).
                if (source.Committable is { } committable && await ExistsAsync(committable, cancellationToken).ConfigureAwait(false))
                {
                    return committable.ParsedDigest();
                }

                if (!await source.TryResumeAtAsync(0, cancellationToken).ConfigureAwait(false))
                {
                    throw CannotRetry(source, e);
                }

                Options.Log?.Invoke($"starting the upload of {source.Name} to {DisplayName} over in a fresh session");
            }
            catch
            {
                if (session is not null)
                {
                    await session.CancelAsync().ConfigureAwait(false);
                }

                throw;
            }
        }
    }

    private TofuOciException CannotRetry(BlobSource source, TofuOciException failure) =>
        new(failure.ErrorId, failure.Kind,
            $"{failure.Message} The upload of {source.Name} to {DisplayName} was not retried: its content was given as a stream that can be read only once. Push it again.",
            failure.Target, failure, failure.RegistryErrors, failure.StatusCode);

    private async Task<UploadSession> StartUploadAsync(CancellationToken cancellationToken)
    {
        var request = new RegistryRequest { Method = HttpMethod.Post, Uri = UploadsUri, Scopes = PushScope };
        using var response = await _client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            throw await _client.ErrorAsync(response, request, DisplayName, "push", cancellationToken).ConfigureAwait(false);
        }

        return new UploadSession(_client, UploadSession.LocationOf(response, request.Uri, Registry), PushScope, Options.Log);
    }

    private async Task PushManifestAsync(Descriptor descriptor, Stream content, string reference, CancellationToken cancellationToken)
    {
        if (descriptor.Size > ManifestLimits.MaxPublishSize)
        {
            throw new TofuOciException(ErrorIds.ManifestTooLarge, ErrorKind.InvalidData,
                $"Manifest {descriptor.Digest} is {descriptor.Size} bytes, above the 4 MiB registries are required to accept; it was not pushed to {DisplayName}. Split the artifact into fewer platforms or layers per manifest.",
                descriptor.Digest);
        }

        var bytes = await ReadManifestSourceAsync(descriptor, content, cancellationToken).ConfigureAwait(false);
        await PutManifestAsync(descriptor, bytes, reference, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>PUTs a manifest; returns the <c>OCI-Subject</c> header a registry with the referrers API answers with, or null.</summary>
    private async Task<string?> PutManifestAsync(Descriptor descriptor, byte[] bytes, string reference, CancellationToken cancellationToken)
    {
        var request = new RegistryRequest
        {
            Method = HttpMethod.Put,
            Uri = ManifestUri(reference),
            Scopes = PushScope,
            Content = () => new ByteArrayContent(bytes) { Headers = { ContentType = new(descriptor.MediaType) } },
            ContentReplayable = true,
            // The same bytes under the same name: repeating the PUT cannot change the outcome.
            Idempotent = true,
        };

        using var response = await _client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!IsSuccess(response))
        {
            throw await _client.ErrorAsync(response, request, Named(reference), "push", cancellationToken).ConfigureAwait(false);
        }

        if (Header(response, "Docker-Content-Digest") is { Length: > 0 } stored && !string.Equals(stored, descriptor.Digest, StringComparison.Ordinal))
        {
            throw new TofuOciException(ErrorIds.DigestMismatch, ErrorKind.InvalidData,
                $"{Registry} stored manifest {Named(reference)} as {stored}, not {descriptor.Digest}; the registry rewrote it or a proxy altered it. The pushed artifact should not be used.",
                descriptor.Digest);
        }

        return Header(response, "OCI-Subject");
    }

    /// <summary>Reads a manifest to push into memory (at most 4 MiB), verified against its descriptor.</summary>
    private async Task<byte[]> ReadManifestSourceAsync(Descriptor descriptor, Stream content, CancellationToken cancellationToken)
    {
        var digest = descriptor.ParsedDigest();
        var bytes = new byte[descriptor.Size];
        var filled = 0;
        while (filled < bytes.Length)
        {
            var n = await content.ReadAsync(bytes.AsMemory(filled), cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                break;
            }

            filled += n;
        }

        var extra = filled == bytes.Length && await content.ReadAsync(new byte[1], cancellationToken).ConfigureAwait(false) > 0;
        if (filled != bytes.Length || extra)
        {
            throw new TofuOciException(ErrorIds.SizeMismatch, ErrorKind.InvalidData,
                $"The manifest given for {descriptor.Digest} should be {descriptor.Size} bytes but is {(extra ? "longer" : $"{filled} bytes")}; nothing was pushed to {DisplayName}. Its descriptor is wrong: rebuild the artifact.",
                descriptor.Digest);
        }

        var actual = Digest.Compute(bytes, digest.Algorithm);
        if (actual != digest)
        {
            throw new TofuOciException(ErrorIds.DigestMismatch, ErrorKind.InvalidData,
                $"The manifest given for {descriptor.Digest} hashes to {actual}; nothing was pushed to {DisplayName}. Its descriptor is wrong: rebuild the artifact.",
                descriptor.Digest);
        }

        return bytes;
    }

    private void RequireManifest(Descriptor descriptor, string what)
    {
        if (!MediaTypes.IsManifest(descriptor.MediaType))
        {
            throw new TofuOciException(ErrorIds.UnsupportedMediaType, ErrorKind.InvalidArgument,
                $"Only manifests can be {what}; {descriptor.Digest} in {DisplayName} is {descriptor.MediaType}.", descriptor.Digest);
        }
    }

    private void ValidateTag(string tag)
    {
        ArgumentNullException.ThrowIfNull(tag);
        if (!Reference.IsValidTag(tag))
        {
            throw new TofuOciException(ErrorIds.InvalidReference, ErrorKind.InvalidArgument,
                $"Invalid tag \"{tag}\": a tag is 1 to 128 characters from A-Z a-z 0-9 _ . - and must not start with . or -.", $"{DisplayName}:{tag}");
        }
    }
}
