using System.Net;
using System.Security.Cryptography;

namespace OpenTofuOci.Core.Oci.Remote;

/// <summary>
/// When and how long to wait before repeating an idempotent request: connection failures, 429 and
/// the gateway errors 502/503/504 are usually transient; everything else is an answer.
/// </summary>
internal static class RetryPolicy
{
    public static bool IsRetryableStatus(HttpStatusCode status) =>
        status is HttpStatusCode.TooManyRequests or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    /// <summary>Exponential backoff with ±50 % jitter so parallel clients do not retry in lockstep.</summary>
    /// <param name="attempt">0 for the first retry.</param>
    public static TimeSpan Backoff(int attempt, TimeSpan baseDelay, TimeSpan maxDelay)
    {
        var factor = Math.Pow(2, Math.Min(attempt, 20));
        var jitter = RandomNumberGenerator.GetInt32(500, 1500) / 1000.0;
        var ms = baseDelay.TotalMilliseconds * factor * jitter;
        return TimeSpan.FromMilliseconds(Math.Min(ms, maxDelay.TotalMilliseconds));
    }

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
}
