using OpenTofuOci.Core.Oci.Targets;

namespace OpenTofuOci.Core.Oci.Copy;

/// <summary>Moves single items for <see cref="ArtifactCopier"/>: skip what exists, mount when possible, else stream.</summary>
internal sealed class CopyTransfer
{
    private readonly IReadOnlyTarget _source;
    private readonly ITarget _destination;
    private readonly string? _mountFrom;
    private readonly CopyProgress _progress;

    public CopyTransfer(IReadOnlyTarget source, ITarget destination, string? mountFrom, CopyProgress progress)
    {
        _source = source;
        _destination = destination;
        _mountFrom = mountFrom;
        _progress = progress;
    }

    public async Task CopyBlobAsync(Descriptor descriptor, CancellationToken cancellationToken)
    {
        if (await _destination.ExistsAsync(descriptor, cancellationToken).ConfigureAwait(false))
        {
            _progress.ItemSkipped(descriptor);
            return;
        }

        if (_mountFrom is not null && _destination is IBlobMounter mounter
            && await mounter.MountAsync(descriptor, _mountFrom, cancellationToken).ConfigureAwait(false))
        {
            _progress.ItemMounted(descriptor);
            return;
        }

        // The source stream verifies as it is read and throws before its end when the bytes are wrong,
        // so the destination never sees a complete wrong blob; a blob changed in transit is fetched and
        // pushed again from its start, and an upload that fails part-way reads the blob again.
        await ContentRetry.ReadAsync(_source, descriptor, async (fetched, _, token) =>
        {
            var reopening = new ReopeningStream(fetched, ct => _source.FetchAsync(descriptor, ct));
            var counted = new CountingReadStream(reopening, n => _progress.Transferred(n, descriptor.Digest));
            await using (counted.ConfigureAwait(false))
            {
                await _destination.PushMissingAsync(descriptor, counted, token).ConfigureAwait(false);
            }

            return true;
        }, cancellationToken).ConfigureAwait(false);

        _progress.ItemCopied(descriptor.Digest);
    }

    /// <summary>Pushes a manifest's exact bytes; with a tag, tags it even when the destination already had it.</summary>
    public async Task CopyManifestAsync(Descriptor descriptor, byte[] bytes, string? tag, CancellationToken cancellationToken)
    {
        if (await _destination.ExistsAsync(descriptor, cancellationToken).ConfigureAwait(false))
        {
            if (tag is not null)
            {
                await _destination.TagAsync(descriptor, tag, cancellationToken).ConfigureAwait(false);
            }

            _progress.ItemSkipped(descriptor);
            return;
        }

        var content = new MemoryStream(bytes, writable: false);
        await using (content.ConfigureAwait(false))
        {
            if (tag is null)
            {
                await _destination.PushAsync(descriptor, content, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await _destination.PushAsync(descriptor, content, tag, cancellationToken).ConfigureAwait(false);
            }
        }

        _progress.Transferred(bytes.Length, descriptor.Digest);
        _progress.ItemCopied(descriptor.Digest);
    }
}
