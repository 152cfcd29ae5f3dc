using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci.Targets;

namespace OpenTofuOci.Core.Oci.Copy;

/// <summary>
/// Pushes one item of an artifact being published, skipping content the target has (unless it is
/// tagged on the way) and reporting bytes and items to the operation's <see cref="CopyProgress"/>.
/// </summary>
internal static class TrackedPush
{
    /// <summary>
    /// Sends <paramref name="descriptor"/>'s content from <paramref name="open"/>; with a
    /// <paramref name="tag"/>, always, as the tagged push. False when the target had it already.
    /// </summary>
    public static async Task<bool> PushIfMissingAsync(ITarget target, Descriptor descriptor, Func<Stream> open, string? tag, CopyProgress tracker, CancellationToken cancellationToken)
    {
        if (tag is null && await target.ExistsAsync(descriptor, cancellationToken).ConfigureAwait(false))
        {
            tracker.ItemSkipped(descriptor);
            return false;
        }

        await PushAsync(target, descriptor, open, tag, tracker, cancellationToken, foundMissing: tag is null).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// Sends <paramref name="descriptor"/>'s content without asking first, for content the target
    /// cannot be expected to have (a manifest naming a blob that was just uploaded): pushing content
    /// again under its digest changes nothing, and the question would cost a round trip per item.
    /// </summary>
    public static Task PushAsync(ITarget target, Descriptor descriptor, Func<Stream> open, CopyProgress tracker, CancellationToken cancellationToken) =>
        PushAsync(target, descriptor, open, null, tracker, cancellationToken);

    private static async Task PushAsync(ITarget target, Descriptor descriptor, Func<Stream> open, string? tag, CopyProgress tracker, CancellationToken cancellationToken,
        bool foundMissing = false)
    {
        // Reopenable, so an upload that fails part-way can resume or start over.
        var stream = new CountingReadStream(ReopeningStream.Of(open), n => tracker.Transferred(n, descriptor.Digest));
        await using (stream.ConfigureAwait(false))
        {
            if (foundMissing)
            {
                await target.PushMissingAsync(descriptor, stream, cancellationToken).ConfigureAwait(false);
            }
            else if (tag is null)
            {
                await target.PushAsync(descriptor, stream, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await target.PushAsync(descriptor, stream, tag, cancellationToken).ConfigureAwait(false);
            }
        }

        tracker.ItemCopied(descriptor.Digest);
    }

    /// <summary>
    /// Sends <paramref name="size"/> bytes from <paramref name="open"/> whose digest is not known yet and
    /// returns their descriptor: read once, hashed on the way, by a target that can
    /// (<see cref="IHashingPusher"/>); any other target gets them hashed first and pushed after (skipped
    /// when it has them). A source that fails at its end (a file that changed) stores nothing.
    /// </summary>
    public static async Task<Descriptor> PushHashingAsync(ITarget target, string mediaType, long size, Func<Stream> open, CopyProgress tracker, CancellationToken cancellationToken)
    {
        if (target is not IHashingPusher pusher)
        {
            var descriptor = await HashAsync(mediaType, size, open, cancellationToken).ConfigureAwait(false);
            await PushIfMissingAsync(target, descriptor, open, null, tracker, cancellationToken).ConfigureAwait(false);
            return descriptor;
        }

        // Reopenable, so an upload that fails part-way can resume or start over.
        var stream = new CountingReadStream(ReopeningStream.Of(open), n => tracker.Transferred(n, null));
        Descriptor pushed;
        await using (stream.ConfigureAwait(false))
        {
            pushed = await pusher.PushHashingAsync(mediaType, size, stream, cancellationToken).ConfigureAwait(false);
        }

        tracker.ItemCopied(pushed.Digest);
        return pushed;
    }

    private static async Task<Descriptor> HashAsync(string mediaType, long size, Func<Stream> open, CancellationToken cancellationToken)
    {
        long read = 0;
        var stream = new CountingReadStream(open(), n => read += n);
        Digest digest;
        await using (stream.ConfigureAwait(false))
        {
            digest = await Digest.ComputeAsync(stream, DigestAlgorithm.Sha256, cancellationToken).ConfigureAwait(false);
        }

        // The push verifies against this descriptor, so content that changes after here fails there.
        return read == size
            ? new Descriptor { MediaType = mediaType, Digest = digest.ToString(), Size = size }
            : throw new TofuOciException(ErrorIds.SizeMismatch, ErrorKind.InvalidData,
                $"The content given as {size} bytes is {read} bytes; nothing was stored. The source file changed while it was read: push it again once it is complete.", null);
    }
}
