using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci.Transport;

namespace OpenTofuOci.Core.Oci.Remote;

/// <summary>
/// The retry budget of one blob upload. An upload is not idempotent (each <c>PATCH</c> appends, each
/// <c>POST</c> opens a session), so the request pipeline never repeats it; this budget is spent
/// instead on resuming a chunked upload where the registry says it stands, or on starting the upload
/// over in a fresh session. Resumes and restarts share <see cref="RemoteRepositoryOptions.MaxRetries"/>,
/// with the same backoff as every other retry.
/// </summary>
internal sealed class UploadRetries(RemoteRepositoryOptions options)
{
    private int _used;

    /// <summary>
    /// True for failures another attempt may not meet: a broken connection, 408, 429, a 5xx, or 416
    /// (the registry's idea of the upload's length differs from ours, which a fresh session settles).
    /// A refused certificate or any other answer would only come back.
    /// </summary>
    public static bool IsTransient(TofuOciException failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        if (failure.Code == ErrorCode.ConnectionFailed)
        {
            return failure.InnerException is null || !ConnectionErrors.IsPermanentTlsFailure(failure.InnerException);
        }

        return failure.StatusCode is 408 or 416 or 429 or >= 500;
    }

    /// <summary>Takes one retry from the budget; false when it is spent.</summary>
    public bool TryTake()
    {
        if (_used >= options.MaxRetries)
        {
            return false;
        }

        _used++;
        return true;
    }

    /// <summary>Waits the backoff before the retry just taken.</summary>
    public Task WaitAsync(CancellationToken cancellationToken) =>
        Task.Delay(options.Retries.Backoff(_used - 1), cancellationToken);
}
