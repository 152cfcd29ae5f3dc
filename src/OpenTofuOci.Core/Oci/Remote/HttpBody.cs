namespace OpenTofuOci.Core.Oci.Remote;

/// <summary>Reads small response bodies (errors, tokens, tag pages) with a hard size cap.</summary>
internal static class HttpBody
{
    /// <summary>Reads at most <paramref name="maxBytes"/>, silently dropping the rest.</summary>
    public static async Task<byte[]> ReadCappedAsync(HttpContent content, int maxBytes, CancellationToken cancellationToken)
    {
        var (bytes, _) = await ReadAsync(content, maxBytes, cancellationToken).ConfigureAwait(false);
        return bytes;
    }

    /// <summary>
    /// Reads up to <paramref name="maxBytes"/> and tells whether more was there; with
    /// <paramref name="idleTimeout"/>, a read that gets no bytes for that long throws <see cref="TimeoutException"/>.
    /// </summary>
    public static async Task<(byte[] Bytes, bool Truncated)> ReadAsync(HttpContent content, int maxBytes, CancellationToken cancellationToken,
        TimeSpan? idleTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(content);
        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var buffer = new byte[Math.Min(maxBytes + 1, 81920)];
            using var ms = new MemoryStream();
            while (ms.Length <= maxBytes)
            {
                var n = await ReadWithinAsync(stream, buffer, idleTimeout, cancellationToken).ConfigureAwait(false);
                if (n == 0)
                {
                    return (ms.ToArray(), false);
                }

                ms.Write(buffer, 0, n);
            }

            var all = ms.GetBuffer();
            return (all.AsSpan(0, maxBytes).ToArray(), true);
        }
    }

    private static async Task<int> ReadWithinAsync(Stream stream, byte[] buffer, TimeSpan? idleTimeout, CancellationToken cancellationToken)
    {
        if (idleTimeout is not { } idle)
        {
            return await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }

        using var stall = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stall.CancelAfter(idle);
        try
        {
            return await stream.ReadAsync(buffer, stall.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"no bytes arrived for {idle.TotalSeconds} s", ex.InnerException);
        }
    }
}
