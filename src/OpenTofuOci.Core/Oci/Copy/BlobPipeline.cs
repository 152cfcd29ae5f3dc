using System.Runtime.ExceptionServices;

namespace OpenTofuOci.Core.Oci.Copy;

/// <summary>
/// Blob transfers of one copy, started as the walk finds them (<see cref="Start"/>) and run at most
/// <c>parallelism</c> at a time, in the order found. The first transfer that fails stops the others and
/// the walk (through the shared <see cref="CancellationTokenSource"/>), and is the error the copy reports.
/// </summary>
internal sealed class BlobPipeline : IDisposable
{
    private readonly CopyTransfer _transfer;
    private readonly SemaphoreSlim _slots;
    private readonly CancellationTokenSource _stop;
    private readonly List<Task> _running = [];
    private Exception? _failure;

    /// <param name="stop">Cancelled on the first failure; the walk runs under its token too.</param>
    public BlobPipeline(CopyTransfer transfer, int parallelism, CancellationTokenSource stop)
    {
        _transfer = transfer;
        _slots = new SemaphoreSlim(parallelism, parallelism);
        _stop = stop;
    }

    /// <summary>The first transfer failure that was not a cancellation caused by another failure.</summary>
    public Exception? Failure => Volatile.Read(ref _failure);

    /// <summary>Queues the transfer of <paramref name="descriptor"/>; returns at once.</summary>
    public void Start(Descriptor descriptor)
    {
        // Off the walk's thread: the caller is parsing a manifest and must not run a transfer's first steps.
        var task = Task.Run(() => TransferAsync(descriptor));
        lock (_running)
        {
            _running.Add(task);
        }
    }

    private async Task TransferAsync(Descriptor descriptor)
    {
        var token = _stop.Token;
        await _slots.WaitAsync(token).ConfigureAwait(false);
        try
        {
            await _transfer.CopyBlobAsync(descriptor, token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            if (ex is not OperationCanceledException || !_stop.IsCancellationRequested)
            {
                Interlocked.CompareExchange(ref _failure, ex, null);
            }

            await _stop.CancelAsync().ConfigureAwait(false);
            throw;
        }
        finally
        {
            _slots.Release();
        }
    }

    /// <summary>Waits for every transfer started (none may be started meanwhile); throws the first failure.</summary>
    public async Task CompleteAsync()
    {
        await SettleAsync().ConfigureAwait(false);
        if (Failure is { } failure)
        {
            ExceptionDispatchInfo.Capture(failure).Throw();
        }

        // Only cancellations: the caller's token (a failure would have been recorded first).
        _stop.Token.ThrowIfCancellationRequested();
    }

    /// <summary>Waits for every transfer started to end, whatever the outcome.</summary>
    public async Task SettleAsync()
    {
        Task[] running;
        lock (_running)
        {
            running = [.. _running];
        }

        try
        {
            await Task.WhenAll(running).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Each outcome was recorded by its transfer; the caller decides what to report.
        }
    }

    public void Dispose() => _slots.Dispose();
}
