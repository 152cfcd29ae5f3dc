using System.Net;
namespace OpenTofuOci.Core.Oci.Transport;

/// <summary>
/// Which registry answers and faults are transient, and how long to wait before the next attempt
/// (docs/oci-registries.md "Retries and timeouts"); the numbers come from <see cref="RetrySettings"/>.
/// Transient: connection failures and resets, a stall longer than the idle timeout, 429 and the
/// gateway errors 502/503/504, a body cut off or failing its digest, a tag list that is not JSON.
/// Answers: every other status (401, 403, 404…), a refused certificate, headers announcing other content.
/// </summary>
internal static class RetryPolicy
{
    public static bool IsRetryableStatus(HttpStatusCode status) =>
        status is HttpStatusCode.TooManyRequests or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    /// <summary>The server's <c>Retry-After</c> (seconds or HTTP date), capped; null when absent.</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response, TimeSpan maxDelay, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(response);
        var header = response.Headers.RetryAfter;
        TimeSpan? wait = header?.Delta ?? (header?.Date is { } date ? date - now : null);
        if (wait is null)
        {
            return null;
        }

        if (wait < TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }

        return wait > maxDelay ? maxDelay : wait;
    }

    /// <summary>True when a fault seen while reading a body is worth another attempt.</summary>
    public static bool IsTransientBodyFault(Exception ex, CancellationToken cancellationToken) =>
        ex is IOException or HttpRequestException or TimeoutException
        || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested);
}
