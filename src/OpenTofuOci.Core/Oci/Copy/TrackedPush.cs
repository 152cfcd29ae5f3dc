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

        // Reopenable, so an upload that fails part-way can resume or start over.
        var stream = new CountingReadStream(ReopeningStream.Of(open), n => tracker.Transferred(n, descriptor.Digest));
        await using (stream.ConfigureAwait(false))
        {
            if (tag is null)
            {
                await target.PushAsync(descriptor, stream, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await target.PushAsync(descriptor, stream, tag, cancellationToken).ConfigureAwait(false);
            }
        }

        tracker.ItemCopied(descriptor.Digest);
        return true;
    }
}
