using System.Buffers;
using System.Security.Cryptography;
using OpenTofuOci.Core.FileSystem;

namespace OpenTofuOci.Core.Oci.Layout;

/// <summary>
/// Stores one blob: streamed through a few fixed buffers into a temp file beside its final name, hashed
/// while written, and renamed into place only when size and digest match. So a blob file under its
/// digest name is always complete and correct, and a failure or cancellation leaves nothing behind.
/// </summary>
/// <remarks>
/// A large blob written while no other is (a one-platform pull) goes through an
/// <see cref="OverlappedFileWriter"/>: this side receives (and, for a verifying source, verifies) the next
/// bytes while the writer thread writes the previous ones, so a second core does the file writes. Blobs
/// written while another is (parallel transfers, which already keep the cores busy) and small ones are
/// written inline, with synchronous writes from one buffer: a writer thread each would only add memory
/// and thread switches (docs/design.md "Copy").
/// </remarks>
internal static class LayoutBlobWriter
{
    /// <summary>The inline path's buffer.</summary>
    private const int InlineBufferSize = 256 * 1024;

    // One blob at a time is written on a second thread (a separate turn from install downloads).
    private static readonly OverlapTurn s_overlap = new();

    public static async Task WriteAsync(LayoutPaths paths, Descriptor descriptor, Stream content, string displayName, CancellationToken cancellationToken)
    {
        var digest = descriptor.ParsedDigest();
        var target = paths.Blob(digest);
        Directory.CreateDirectory(paths.BlobDirectory(digest));
        var temp = TempPaths.Beside(target);
        try
        {
            // A fetch stream that verifies this descriptor itself (e.g. a pull from a registry)
            // is checked as we read it to the end: hashing it here again would verify nothing new.
            var sourceVerifies = VerifyingStream.WillVerify(content, descriptor);
            using var hash = sourceVerifies ? null : digest.Algorithm.CreateHash();
            await CopyAsync(content, temp, descriptor.Size, hash,
                got => VerificationErrors.SizeMismatch(descriptor, displayName, got), cancellationToken).ConfigureAwait(false);

            // Reading only ends on a read of 0, which is where a verifying source throws.
            var actual = hash is null ? digest : Digest.FromHash(digest.Algorithm, hash.GetHashAndReset());
            if (actual.Encoded != digest.Encoded)
            {
                throw VerificationErrors.DigestMismatch(descriptor, displayName, actual.ToString());
            }

            Commit(temp, target, descriptor.Size);
        }
        finally
        {
            Cleanup.DeleteFile(temp);
        }
    }

    /// <summary>
    /// Stores exactly <paramref name="size"/> bytes whose digest is not known yet: written to a temp file
    /// in <c>blobs/sha256</c> while hashed, then renamed to the digest they have (a blob already there
    /// under it is kept and the temp file dropped). Returns that digest.
    /// </summary>
    public static async Task<Digest> WriteHashingAsync(LayoutPaths paths, long size, Stream content, string displayName, CancellationToken cancellationToken)
    {
        var directory = Path.Combine(paths.Blobs, DigestAlgorithm.Sha256.Name);
        Directory.CreateDirectory(directory);
        var temp = TempPaths.Beside(Path.Combine(directory, "upload"));
        try
        {
            using var hash = DigestAlgorithm.Sha256.CreateHash();
            await CopyAsync(content, temp, size, hash, got => LayoutErrors.SizeChanged(displayName, size, got), cancellationToken).ConfigureAwait(false);
            var digest = Digest.FromHash(DigestAlgorithm.Sha256, hash.GetHashAndReset());
            Commit(temp, paths.Blob(digest), size);
            return digest;
        }
        finally
        {
            Cleanup.DeleteFile(temp);
        }
    }

    /// <summary>
    /// Copies the content (all of it, until a read returns 0) into a new <paramref name="temp"/> file,
    /// hashing it when <paramref name="hash"/> is given, and fails with <paramref name="sizeMismatch"/>
    /// (given what was got) unless it is exactly <paramref name="size"/> bytes.
    /// </summary>
    private static async Task CopyAsync(Stream content, string temp, long size, IncrementalHash? hash, Func<string, Exception> sizeMismatch,
        CancellationToken cancellationToken)
    {
        long written;
        if (s_overlap.TryTake(size))
        {
            try
            {
                written = await WriteOverlappedAsync(temp, size, content, sizeMismatch, hash, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                s_overlap.Release();
            }
        }
        else
        {
            written = await WriteInlineAsync(temp, size, content, sizeMismatch, hash, cancellationToken).ConfigureAwait(false);
        }

        if (written != size)
        {
            throw sizeMismatch($"{written} bytes");
        }
    }

    /// <summary>
    /// Fills one buffer, writes it synchronously (a write to the page cache takes microseconds; an
    /// asynchronous file write would hop to another pool thread and back), and so on.
    /// </summary>
    private static async Task<long> WriteInlineAsync(string temp, long size, Stream content, Func<string, Exception> sizeMismatch, IncrementalHash? hash,
        CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(InlineBufferSize);
        try
        {
            using var file = File.OpenHandle(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None);
            long written = 0;
            var ended = false;
            while (!ended)
            {
                (var filled, ended) = await FillAsync(content, buffer.AsMemory(0, InlineBufferSize), written, size, sizeMismatch, cancellationToken).ConfigureAwait(false);
                written += filled;
                hash?.AppendData(buffer, 0, filled);
                RandomAccess.Write(file, buffer.AsSpan(0, filled), written - filled);
            }

            return written;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static async Task<long> WriteOverlappedAsync(string temp, long size, Stream content, Func<string, Exception> sizeMismatch, IncrementalHash? hash,
        CancellationToken cancellationToken)
    {
        var writer = new OverlappedFileWriter(temp, hash);
        await using (writer.ConfigureAwait(false))
        {
            long written = 0;
            await writer.WriteFromAsync(content, n =>
            {
                written += n;
                ThrowIfLonger(size, written, sizeMismatch);
            }, cancellationToken).ConfigureAwait(false);
            return written;
        }
    }

    /// <summary>
    /// Reads until <paramref name="buffer"/> is full or the content ends (a read of 0, where a verifying
    /// source checks itself), with <paramref name="before"/> bytes already written.
    /// </summary>
    private static async Task<(int Filled, bool Ended)> FillAsync(Stream content, Memory<byte> buffer, long before, long size,
        Func<string, Exception> sizeMismatch, CancellationToken cancellationToken)
    {
        var filled = 0;
        while (filled < buffer.Length)
        {
            var read = await content.ReadAsync(buffer[filled..], cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return (filled, true);
            }

            filled += read;
            ThrowIfLonger(size, before + filled, sizeMismatch);
        }

        return (filled, false);
    }

    /// <summary>Stops at once: a wrong or hostile source must not fill the disk.</summary>
    private static void ThrowIfLonger(long size, long written, Func<string, Exception> sizeMismatch)
    {
        if (written > size)
        {
            throw sizeMismatch($"more than {size} bytes");
        }
    }

    private static void Commit(string temp, string target, long size)
    {
        // Content-addressed: a blob already under this name holds the same bytes unless it was
        // damaged, so only a missing or wrongly sized one is replaced.
        if (!IsComplete(target))
        {
            AtomicFile.MoveUnlessDone(temp, target, overwrite: true, IsComplete);
        }

        bool IsComplete(string path) => File.Exists(path) && new FileInfo(path).Length == size;
    }
}
