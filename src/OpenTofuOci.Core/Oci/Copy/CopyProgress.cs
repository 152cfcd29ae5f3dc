using OpenTofuOci.Core.Oci.Targets;

namespace OpenTofuOci.Core.Oci.Copy;

/// <summary>Thread-safe counters behind <see cref="TransferProgress"/> reports; parallel transfers share one.</summary>
internal sealed class CopyProgress
{
    private readonly IProgress<TransferProgress>? _sink;
    private long _bytesTotal;
    private int _itemsTotal;
    // Until the totals are known nothing is reported, so every report a caller sees carries the final totals.
    private volatile bool _reporting;
    private long _bytesDone;
    private long _bytesCopied;
    private int _itemsDone;
    private int _copied;
    private int _skipped;
    private int _mounted;

    public CopyProgress(IProgress<TransferProgress>? sink, long bytesTotal, int itemsTotal)
    {
        _sink = sink;
        _bytesTotal = bytesTotal;
        _itemsTotal = itemsTotal;
        _reporting = true;
    }

    /// <summary>Totals not known yet (a copy still reading its manifests): counts silently until <see cref="Start(long, int)"/>.</summary>
    public CopyProgress(IProgress<TransferProgress>? sink)
    {
        _sink = sink;
    }

    public int CopiedCount => Volatile.Read(ref _copied);
    public int SkippedCount => Volatile.Read(ref _skipped);
    public int MountedCount => Volatile.Read(ref _mounted);
    public long BytesCopied => Interlocked.Read(ref _bytesCopied);

    public void Start() => Report(Interlocked.Read(ref _bytesDone), Volatile.Read(ref _itemsDone), null);

    /// <summary>Sets the totals and reports from now on, starting with what was done so far.</summary>
    public void Start(long bytesTotal, int itemsTotal)
    {
        _bytesTotal = bytesTotal;
        _itemsTotal = itemsTotal;
        _reporting = true;
        Start();
    }

    /// <summary>Bytes of a transfer under way (of <paramref name="current"/>, null while its digest is not known).</summary>
    public void Transferred(long bytes, string? current)
    {
        Interlocked.Add(ref _bytesCopied, bytes);
        Report(Interlocked.Add(ref _bytesDone, bytes), Volatile.Read(ref _itemsDone), current);
    }

    /// <summary>A transferred item is complete (its bytes were already counted by <see cref="Transferred"/>).</summary>
    public void ItemCopied(string current)
    {
        Interlocked.Increment(ref _copied);
        Report(Interlocked.Read(ref _bytesDone), Interlocked.Increment(ref _itemsDone), current);
    }

    public void ItemSkipped(Descriptor descriptor)
    {
        Interlocked.Increment(ref _skipped);
        Finish(descriptor);
    }

    public void ItemMounted(Descriptor descriptor)
    {
        Interlocked.Increment(ref _mounted);
        Finish(descriptor);
    }

    private void Finish(Descriptor descriptor) =>
        Report(Interlocked.Add(ref _bytesDone, descriptor.Size), Interlocked.Increment(ref _itemsDone), descriptor.Digest);

    private void Report(long bytesDone, int itemsDone, string? current)
    {
        if (_reporting)
        {
            _sink?.Report(new TransferProgress(bytesDone, _bytesTotal, itemsDone, _itemsTotal, current));
        }
    }
}
