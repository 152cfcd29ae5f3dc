using System.Buffers;
using System.Security.Cryptography;
using Microsoft.Win32.SafeHandles;

namespace OpenTofuOci.Core.FileSystem;

/// <summary>
/// Writes a file on a dedicated thread while the caller keeps receiving: the caller fills one of a few
/// fixed buffers and hands it over; the writer thread (optionally hashes and) writes it with plain
/// synchronous <c>pwrite</c>s and gives the buffer back. On two cores, receiving and verifying the next
/// bytes then overlaps writing the previous ones, instead of each 80 KiB chunk waiting for its write and
/// every write hopping through the thread pool (asynchronous file I/O on Linux is a synchronous write on a
/// pool thread anyway). Memory stays at <see cref="Slots"/> × <see cref="BufferSize"/> whatever the file size.
/// </summary>
/// <remarks>
/// One producer, one writer, in order. A write that fails is reported by the next <see cref="RentAsync"/>
/// or by <see cref="CompleteAsync"/>; <see cref="DisposeAsync"/> stops the thread and closes the file (the
/// caller deletes it) whether or not the producer finished.
/// </remarks>
internal sealed class OverlappedFileWriter : IAsyncDisposable
{
    /// <summary>
    /// Bytes per hand-over: large enough that a hand-over (and a write) costs little next to its bytes. On a
    /// 120 MiB pull, 64–256 KiB buffers were a little slower than 0.5–2 MiB ones (within the noise of a shared
    /// 2-core machine); 512 KiB × 3 keeps the writer at 1.5 MiB.
    /// </summary>
    public const int BufferSize = 512 * 1024;

    /// <summary>Buffers in flight: one being filled, one being written, one of slack.</summary>
    private const int Slots = 3;

    private readonly SafeFileHandle _file;
    private readonly bool _ownsFile;
    private readonly IncrementalHash? _hash;
    private readonly Action<int>? _written;
    private readonly byte[][] _buffers = new byte[Slots][];
    private readonly int[] _counts = new int[Slots];
    // No maximum count: after a failure one extra release wakes the producer.
    private readonly SemaphoreSlim _free = new(Slots);
    // The writer blocks on a monitor rather than a SemaphoreSlim: the semaphore spins (sched_yield) before
    // it sleeps, which on two busy cores takes time from the receiving thread for nothing.
    private readonly object _gate = new();
    private int _filled;
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Thread _thread;
    private int _produced;
    private volatile bool _aborted;
    private volatile Exception? _fault;
    private bool _completed;

    /// <param name="path">A new file (created, must not exist).</param>
    /// <param name="hash">Fed every byte in order on the writer thread; null when the content is verified elsewhere.</param>
    public OverlappedFileWriter(string path, IncrementalHash? hash)
        : this(File.OpenHandle(path, FileMode.CreateNew, FileAccess.Write, FileShare.None), ownsFile: true, hash, written: null)
    {
    }

    /// <param name="file">An open, empty file, written from offset 0; closed on dispose only when <paramref name="ownsFile"/>.</param>
    /// <param name="ownsFile">Whether disposing closes <paramref name="file"/>.</param>
    /// <param name="hash">Fed every byte in order on the writer thread; null when the content is verified elsewhere.</param>
    /// <param name="written">Told each buffer's byte count once it is written, on the writer thread (progress).</param>
    public OverlappedFileWriter(SafeFileHandle file, bool ownsFile, IncrementalHash? hash, Action<int>? written)
    {
        _file = file;
        _ownsFile = ownsFile;
        _hash = hash;
        _written = written;
        _thread = new Thread(Run) { IsBackground = true, Name = "OpenTofuOci file writer" };
        _thread.Start();
    }

    /// <summary>
    /// The next buffer to fill (<see cref="BufferSize"/> bytes or more), once the writer has given one back;
    /// throws the writer's failure, if any.
    /// </summary>
    public async ValueTask<byte[]> RentAsync(CancellationToken cancellationToken)
    {
        await _free.WaitAsync(cancellationToken).ConfigureAwait(false);
        ThrowIfFaulted();
        var slot = _produced % Slots;
        return _buffers[slot] ??= ArrayPool<byte>.Shared.Rent(BufferSize);
    }

    /// <summary>Hands the buffer last rented to the writer with its first <paramref name="count"/> bytes to write (0: none).</summary>
    public void Submit(int count)
    {
        _counts[_produced % Slots] = count;
        _produced++;
        Signal();
    }

    private void Signal()
    {
        lock (_gate)
        {
            _filled++;
            Monitor.Pulse(_gate);
        }
    }

    /// <summary>On the writer thread: waits for the next submitted buffer (or an abort).</summary>
    private void WaitForFilled()
    {
        lock (_gate)
        {
            while (_filled == 0)
            {
                Monitor.Wait(_gate);
            }

            _filled--;
        }
    }

    /// <summary>
    /// Writes all of <paramref name="source"/> (until a read returns 0): each buffer is filled whole before
    /// it is handed over, so each hand-over and each write moves a full buffer. <paramref name="read"/> is
    /// told every read's byte count as it arrives (it may throw, e.g. past a size limit). Then waits, as
    /// <see cref="CompleteAsync"/>, until everything is written.
    /// </summary>
    public async Task WriteFromAsync(Stream source, Action<int> read, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(read);
        var ended = false;
        while (!ended)
        {
            var buffer = await RentAsync(cancellationToken).ConfigureAwait(false);
            var filled = 0;
            while (filled < BufferSize)
            {
                var n = await source.ReadAsync(buffer.AsMemory(filled, BufferSize - filled), cancellationToken).ConfigureAwait(false);
                if (n == 0)
                {
                    ended = true;
                    break;
                }

                filled += n;
                read(n);
            }

            Submit(filled);
        }

        await CompleteAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Waits until every submitted byte is written; throws the writer's failure, if any.</summary>
    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        await _free.WaitAsync(cancellationToken).ConfigureAwait(false);
        _counts[_produced % Slots] = -1;
        _produced++;
        Signal();
        await _done.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        ThrowIfFaulted();
        _completed = true;
    }

    private void ThrowIfFaulted()
    {
        if (_fault is { } fault)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(fault).Throw();
        }
    }

    private void Run()
    {
        long offset = 0;
        try
        {
            for (var consumed = 0; ; consumed++)
            {
                WaitForFilled();
                if (_aborted)
                {
                    return;
                }

                var slot = consumed % Slots;
                var count = _counts[slot];
                if (count < 0)
                {
                    return;
                }

                if (count > 0)
                {
                    var bytes = _buffers[slot].AsSpan(0, count);
                    _hash?.AppendData(bytes);
                    RandomAccess.Write(_file, bytes, offset);
                    offset += count;
                    _written?.Invoke(count);
                }

                _free.Release();
            }
        }
        catch (Exception ex)
        {
            _fault = ex;
            // Wake a producer waiting for a buffer so it sees the failure.
            _free.Release();
        }
        finally
        {
            _done.TrySetResult();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_completed)
        {
            _aborted = true;
            Signal();
            // A write under way finishes within one buffer; only then may the file be closed and deleted.
            await _done.Task.ConfigureAwait(false);
        }

        if (_ownsFile)
        {
            _file.Dispose();
        }

        foreach (var buffer in _buffers)
        {
            if (buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        _free.Dispose();
    }
}
