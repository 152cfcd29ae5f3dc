using System.Security.Cryptography;
using OpenTofuOci.Core.FileSystem;

namespace OpenTofuOci.Core.Packages;

/// <summary>
/// Copies a zip entry into its file with the reading (inflating and checking the CRC) on this thread
/// and the hashing and writing on an <see cref="OverlappedFileWriter"/>'s thread, through a few fixed
/// buffers. Extracting a large provider executable is CPU-bound on both sides (inflate ~0.8 s, SHA-256
/// and the kernel's copy into the page cache ~0.6 s for the 707 MB hashicorp/aws package), so on two
/// cores this takes the time of the slower side instead of their sum (tests/benchmarks/README.md,
/// "Issue 14"). Small entries are copied in line, where a second thread would cost more than it saves.
/// </summary>
internal static class OverlappedCopy
{
    /// <summary>Entries at least this large (declared size) are copied on two threads.</summary>
    internal const long Threshold = 4L * 1024 * 1024;

    /// <summary>
    /// Copies <paramref name="source"/> to its end into <paramref name="output"/> (new and empty),
    /// appending every byte to <paramref name="hash"/> (when given) and reporting each written block to
    /// <paramref name="written"/>. A failure of the source (a damaged or oversized entry) is thrown as is.
    /// </summary>
    public static async Task CopyAsync(Stream source, FileStream output, long declaredLength, IncrementalHash? hash,
        Action<int>? written, CancellationToken cancellationToken)
    {
        if (declaredLength < Threshold)
        {
            CopyInline(source, output, hash, written, cancellationToken);
            return;
        }

        var writer = new OverlappedFileWriter(output.SafeFileHandle, ownsFile: false, hash, written);
        await using (writer.ConfigureAwait(false))
        {
            int read;
            do
            {
                cancellationToken.ThrowIfCancellationRequested();
                var buffer = await writer.RentAsync(cancellationToken).ConfigureAwait(false);
                read = ReadBlock(source, buffer.AsSpan(0, OverlappedFileWriter.BufferSize));
                writer.Submit(read);
            }
            while (read > 0);

            await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
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

    // Fills the block as far as the source allows, so the writer sees few, large writes. The source's
    // last read (of 0) is where a zip entry checks its CRC and size.
    private static int ReadBlock(Stream source, Span<byte> block)
    {
        var total = 0;
        int n;
        while (total < block.Length && (n = source.Read(block[total..])) > 0)
        {
            total += n;
        }

        return total;
    }
}
