using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace OpenTofuOci.Core.Packages;

/// <summary>
/// Copies a zip entry into its file with the reading (inflating and checking the CRC) on one thread
/// and the hashing and writing on another, through a few fixed blocks. Extracting a large provider
/// executable is CPU-bound on both sides (inflate ~0.8 s, SHA-256 and the kernel's copy into the page
/// cache ~0.6 s for the 707 MB hashicorp/aws package), so on two cores this takes the time of the
/// slower side instead of their sum (tests/benchmarks/README.md, "Issue 14"). Small entries are
/// copied in line, where a second thread would cost more than it saves.
/// </summary>
internal static class OverlappedCopy
{
    /// <summary>Entries at least this large (declared size) are copied on two threads.</summary>
    internal const long Threshold = 4L * 1024 * 1024;

    private const int BlockSize = 256 * 1024;
    private const int Blocks = 4;

    /// <summary>
    /// Copies <paramref name="source"/> to its end into <paramref name="output"/>, appending every byte to
    /// <paramref name="hash"/> (when given) and reporting each written block to <paramref name="written"/>.
    /// An exception from the source (a damaged or oversized entry) wins over the writer's.
    /// </summary>
    public static async Task CopyAsync(Stream source, Stream output, long declaredLength, IncrementalHash? hash,
        Action<int>? written, CancellationToken cancellationToken)
    {
        if (declaredLength < Threshold)
        {
            CopyInline(source, output, hash, written, cancellationToken);
            return;
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var free = new BlockingCollection<byte[]>(Blocks);
        using var filled = new BlockingCollection<(byte[] Block, int Length)>(Blocks);
        for (var i = 0; i < Blocks; i++)
        {
            free.Add(new byte[BlockSize], CancellationToken.None);
        }

        var token = stop.Token;
        var reader = Task.Factory.StartNew(() =>
        {
            try
            {
                while (true)
                {
                    var block = free.Take(token);
                    var n = ReadBlock(source, block);
                    if (n == 0)
                    {
                        return;
                    }

                    filled.Add((block, n), token);
                }
            }
            catch
            {
                stop.Cancel();
                throw;
            }
            finally
            {
                filled.CompleteAdding();
            }
        }, token, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        var writer = Task.Factory.StartNew(() =>
        {
            try
            {
                foreach (var (block, length) in filled.GetConsumingEnumerable(token))
                {
                    hash?.AppendData(block, 0, length);
                    output.Write(block, 0, length);
                    written?.Invoke(length);
                    free.Add(block, token);
                }
            }
            catch
            {
                stop.Cancel();
                throw;
            }
        }, token, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        try
        {
            await Task.WhenAll(reader, writer).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // One side stopped the other: throw what really went wrong, the reader's problem first.
        }

        cancellationToken.ThrowIfCancellationRequested();
        Rethrow(reader);
        Rethrow(writer);
    }

    private static void Rethrow(Task task)
    {
        if (task.IsFaulted && task.Exception!.InnerException is { } inner and not OperationCanceledException)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(inner);
        }
    }

    private static void CopyInline(Stream source, Stream output, IncrementalHash? hash, Action<int>? written, CancellationToken cancellationToken)
    {
        var buffer = new byte[DirHash.BufferSize];
        int read;
        while ((read = source.Read(buffer, 0, buffer.Length)) > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            hash?.AppendData(buffer, 0, read);
            output.Write(buffer, 0, read);
            written?.Invoke(read);
        }
    }

    // Fills the block as far as the source allows, so the writer sees few, large writes.
    private static int ReadBlock(Stream source, byte[] block)
    {
        var total = 0;
        int n;
        while (total < block.Length && (n = source.Read(block, total, block.Length - total)) > 0)
        {
            total += n;
        }

        return total;
    }
}
