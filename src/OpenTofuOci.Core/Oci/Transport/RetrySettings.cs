using System.Globalization;
using System.Security.Cryptography;
using OpenTofuOci.Core.Errors;

namespace OpenTofuOci.Core.Oci.Transport;

/// <summary>
/// How hard a read from a registry is retried and how long it may stall: the numbers of the retry
/// policy (docs/oci-registries.md "Retries and timeouts"). Which faults are transient is decided
/// where they are seen: the HTTP pipeline (connection failures, 429, 502–504, a stall), the body
/// stream (cut off, reset, stalled: resumed with <c>Range</c>) and the content readers (a complete
/// body that fails its digest is fetched again).
/// </summary>
public sealed record RetrySettings
{
    /// <summary>The environment variable giving the default retry count of both front ends.</summary>
    public const string MaxRetriesVariable = "TOFU_OCI_MAX_RETRIES";

    /// <summary>The environment variable giving the idle timeout in seconds.</summary>
    public const string IdleTimeoutVariable = "TOFU_OCI_IDLE_TIMEOUT";

    /// <summary>The default <see cref="MaxRetries"/>: as many as ORAS-Go's default policy.</summary>
    public const int DefaultMaxRetries = 5;

    /// <summary>The most retries accepted: more would only postpone a failure.</summary>
    public const int MostRetries = 100;

    /// <summary>The default <see cref="IdleTimeout"/>: 60 seconds without a byte.</summary>
    public static readonly TimeSpan DefaultIdleTimeout = TimeSpan.FromSeconds(60);

    /// <summary>The default <see cref="Deadline"/>: no retry starts later than 10 minutes after the first attempt.</summary>
    public static readonly TimeSpan DefaultDeadline = TimeSpan.FromMinutes(10);

    /// <summary>The defaults.</summary>
    public static RetrySettings Default { get; } = new();

    /// <summary>How many times one request, one cut-off body or one corrupt body is tried again; 0 = never.</summary>
    public int MaxRetries { get; init; } = DefaultMaxRetries;

    /// <summary>First backoff delay; doubled each retry with ±50 % jitter.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Longest wait between two attempts, including one asked for by <c>Retry-After</c>.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>No retry starts once this long has passed since the operation's first attempt.</summary>
    public TimeSpan Deadline { get; init; } = DefaultDeadline;

    /// <summary>A response whose headers or next body bytes take longer than this is a stalled (transient) fault.</summary>
    public TimeSpan IdleTimeout { get; init; } = DefaultIdleTimeout;

    /// <summary>Exponential backoff with ±50 % jitter so parallel clients do not retry in lockstep.</summary>
    /// <param name="retry">0 for the first retry.</param>
    public TimeSpan Backoff(int retry)
    {
        var factor = Math.Pow(2, Math.Min(retry, 20));
        var jitter = RandomNumberGenerator.GetInt32(500, 1500) / 1000.0;
        var ms = BaseDelay.TotalMilliseconds * factor * jitter;
        return TimeSpan.FromMilliseconds(Math.Min(ms, MaxDelay.TotalMilliseconds));
    }

    /// <summary>
    /// The settings of a command: <paramref name="maxRetries"/> when the user gave one (<c>--retries</c>,
    /// <c>-MaximumRetryCount</c>), else <see cref="MaxRetriesVariable"/>, else the default; the idle
    /// timeout from <see cref="IdleTimeoutVariable"/>. Throws a <see cref="TofuOciException"/> naming a
    /// variable that is not a whole number in range.
    /// </summary>
    public static RetrySettings FromEnvironment(TransportEnvironment environment, int? maxRetries = null)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (maxRetries is < 0 or > MostRetries)
        {
            UserMessage message = $"{UserOption.MaxRetries} must be a whole number from 0 to {MostRetries}, not {maxRetries}.";
            throw new TofuOciException(ErrorIds.InvalidArgument, ErrorKind.InvalidArgument, message);
        }

        var retries = maxRetries ?? Read(environment, MaxRetriesVariable, 0, MostRetries) ?? DefaultMaxRetries;
        var idle = Read(environment, IdleTimeoutVariable, 1, 24 * 3600) is { } seconds ? TimeSpan.FromSeconds(seconds) : DefaultIdleTimeout;
        return new RetrySettings { MaxRetries = retries, IdleTimeout = idle };
    }

    private static int? Read(TransportEnvironment environment, string variable, int min, int max)
    {
        var text = environment.Variable(variable);
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (!int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new TofuOciException(ErrorIds.InvalidArgument, ErrorKind.InvalidArgument,
                $"The environment variable {variable} is \"{text}\"; set it to a whole number from {min} to {max}, or unset it for the default.");
        }

        return value;
    }
}
