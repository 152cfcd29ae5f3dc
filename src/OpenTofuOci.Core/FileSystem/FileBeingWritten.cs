namespace OpenTofuOci.Core.FileSystem;

/// <summary>
/// A file that one writer fills from its first byte while readers read what is there already; a read
/// of bytes not written yet waits for them. The last bytes may be put in place first
/// (<see cref="TailPlaced"/>), so a reader can look at the end of the file (a zip's central directory)
/// while the rest is still arriving. The writer tells each step (<see cref="Advanced"/>), or that it
/// gave up (<see cref="Fail"/>), which makes every waiting and later read throw.
/// </summary>
internal sealed class FileBeingWritten
{
    private readonly object _gate = new();
    // Completed (and replaced) at every step of the writer. Readers block on its task rather than on a
    // monitor: a thread-pool thread blocked on a task is seen by the pool, which adds threads instead
    // of letting the download that would wake it starve.
    private TaskCompletionSource _step = NewStep();
    private long _written;
    private long _tailOffset;
    private Exception? _failure;

    /// <param name="path">The file, already created by the writer (opened by it with at least <see cref="FileShare.Read"/>).</param>
    /// <param name="size">The size the file will have.</param>
    public FileBeingWritten(string path, long size)
    {
        Path = path;
        Size = size;
        _tailOffset = size;
    }

    public string Path { get; }

    public long Size { get; }

    /// <summary>The bytes from <paramref name="offset"/> to the end are in the file already.</summary>
    public void TailPlaced(long offset)
    {
        lock (_gate)
        {
            _tailOffset = offset;
        }

        Step();
    }

    /// <summary>The next <paramref name="bytes"/> bytes after those written so far are in the file.</summary>
    public void Advanced(int bytes)
    {
        lock (_gate)
        {
            _written += bytes;
        }

        Step();
    }

    /// <summary>The writer stopped or started over: readers stop too, with <paramref name="reason"/>.</summary>
    public void Fail(Exception reason)
    {
        lock (_gate)
        {
            _failure ??= reason;
        }

        Step();
    }

    private static TaskCompletionSource NewStep() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private void Step()
    {
        TaskCompletionSource done;
        lock (_gate)
        {
            done = _step;
            _step = NewStep();
        }

        done.TrySetResult();
    }

    /// <summary>A seekable reader of the file that waits for bytes not written yet.</summary>
    public Stream OpenRead(CancellationToken cancellationToken) =>
        new Reader(this, File.OpenHandle(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete), cancellationToken);

    // How many bytes from position on are in the file; waits until at least one is (0 at the end).
    private long WaitAvailable(long position, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task step;
            lock (_gate)
            {
                if (_failure is not null)
                {
                    throw new IOException($"{Path} stopped being written: {_failure.Message}", _failure);
                }

                if (position >= Size)
                {
                    return 0;
                }

                var end = _written >= _tailOffset || position >= _tailOffset ? Size : _written;
                if (end > position)
                {
                    return end - position;
                }

                step = _step.Task;
            }

            step.Wait(cancellationToken);
        }
    }

    private sealed class Reader(FileBeingWritten file, Microsoft.Win32.SafeHandles.SafeFileHandle handle, CancellationToken cancellationToken) : Stream
    {
        private long _position;

        public override bool CanRead => true;
        public override bool CanSeek => true;
        public override bool CanWrite => false;
        public override long Length => file.Size;

        public override long Position
        {
            get => _position;
            set => _position = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value));
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (buffer.IsEmpty)
            {
                return 0;
            }

            var available = file.WaitAvailable(_position, cancellationToken);
            if (available == 0)
            {
                return 0;
            }

            var read = RandomAccess.Read(handle, buffer[..(int)Math.Min(buffer.Length, available)], _position);
            _position += read;
            return read;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken token = default)
        {
            token.ThrowIfCancellationRequested();
            return ValueTask.FromResult(Read(buffer.Span));
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken token) =>
            ReadAsync(buffer.AsMemory(offset, count), token).AsTask();

        public override long Seek(long offset, SeekOrigin origin)
        {
            Position = origin switch
            {
                SeekOrigin.Begin => offset,
                SeekOrigin.Current => _position + offset,
                _ => file.Size + offset,
            };
            return _position;
        }

        public override void Flush() { }

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                handle.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
