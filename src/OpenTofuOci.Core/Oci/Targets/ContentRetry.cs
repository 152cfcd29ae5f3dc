using OpenTofuOci.Core.Errors;

namespace OpenTofuOci.Core.Oci.Targets;

/// <summary>
/// Reads fetched content and, when the content stream itself rejects a complete body (it does not
/// hash to its digest: a byte changed in transit), fetches it again from the start under the
/// fetcher's <see cref="IRetryingFetcher.Retries"/>. Bodies cut off or stalled are resumed below,
/// in the registry client; here the consumer starts over, so it must throw away what the failed
/// attempt produced (the attempt number tells it). Faults of the consumer's own (a full disk, a
/// failed upload) are never retried here.
/// </summary>
public static class ContentRetry
{
    /// <summary>
    /// Fetches <paramref name="descriptor"/> from <paramref name="fetcher"/> and hands the stream to
    /// <paramref name="consume"/> (with the attempt number, 1 for the first), which must read it to
    /// the end; repeats both while the stream reports a digest mismatch and retries are left. The
    /// final digest mismatch says how many attempts were made.
    /// </summary>
    public static async Task<T> ReadAsync<T>(IContentFetcher fetcher, Descriptor descriptor, Func<Stream, int, CancellationToken, Task<T>> consume,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fetcher);
        ArgumentNullException.ThrowIfNull(descriptor);
        ArgumentNullException.ThrowIfNull(consume);
        var retrying = fetcher as IRetryingFetcher;
        var settings = retrying?.Retries;
        var started = DateTimeOffset.UtcNow;
        for (var attempt = 1; ; attempt++)
        {
            var fetched = await fetcher.FetchAsync(descriptor, cancellationToken).ConfigureAwait(false);
            var watched = new WatchedStream(fetched);
            try
            {
                await using (watched.ConfigureAwait(false))
                {
                    return await consume(watched, attempt, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception) when (watched.Fault is TofuOciException { Code: ErrorCode.DigestMismatch } fault && !cancellationToken.IsCancellationRequested)
            {
                if (settings is null || attempt > settings.MaxRetries || DateTimeOffset.UtcNow - started >= settings.Deadline)
                {
                    if (attempt == 1)
                    {
                        throw;
                    }

                    throw new TofuOciException(fault.ErrorId, fault.Kind, $"{fault.Message.TrimEnd()} (Gave up after {attempt} attempts.)", fault.Target, fault.InnerException);
                }

                var wait = settings.Backoff(attempt - 1);
                retrying!.RetryLog?.Invoke($"retry {attempt} of {settings.MaxRetries}: content {descriptor.Digest} did not match its digest; fetching it again in {wait.TotalSeconds:0.###} s");
                await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Passes reads through unchanged and remembers the fault the content stream itself raised.</summary>
    private sealed class WatchedStream(Stream inner) : ReadOnlyWrapperStream(inner), IPassThroughStream
    {
        public Exception? Fault { get; private set; }

        public Stream Source => Inner;

        public override long Length => Inner.Length;

        public override int Read(Span<byte> buffer)
        {
            try
            {
                return Inner.Read(buffer);
            }
            catch (Exception ex)
            {
                Fault = ex;
                throw;
            }
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            try
            {
                return await Inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                Fault = ex;
                throw;
            }
        }
    }
}
