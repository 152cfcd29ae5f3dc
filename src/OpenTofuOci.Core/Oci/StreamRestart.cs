namespace OpenTofuOci.Core.Oci;

/// <summary>Reads any content stream again from its first byte where that is possible.</summary>
internal static class StreamRestart
{
    /// <summary>
    /// Restarts an <see cref="IRestartableStream"/>, or seeks a seekable stream (a file, bytes in memory)
    /// back to 0; false for a forward-only stream, whose bytes once read are gone.
    /// </summary>
    public static ValueTask<bool> TryAsync(Stream stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (stream is IRestartableStream restartable)
        {
            return restartable.TryRestartAsync(cancellationToken);
        }

        if (!stream.CanSeek)
        {
            return ValueTask.FromResult(false);
        }

        stream.Position = 0;
        return ValueTask.FromResult(true);
    }
}
