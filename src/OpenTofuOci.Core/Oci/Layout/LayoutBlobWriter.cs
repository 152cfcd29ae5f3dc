using System.Buffers;
using System.Security.Cryptography;
using OpenTofuOci.Core.FileSystem;

namespace OpenTofuOci.Core.Oci.Layout;

/// <summary>
/// Stores one blob: streamed through a fixed buffer into a temp file beside its final name, hashed
/// while written, and renamed into place only when size and digest match. So a blob file under its
/// digest name is always complete and correct, and a failure or cancellation leaves nothing behind.
/// </summary>
internal static class LayoutBlobWriter
{
    private const int BufferSize = 81920;

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
            using var hash = digest.Algorithm.CreateHash();
            await CopyAsync(content, temp, descriptor.Size, sourceVerifies ? null : hash,
                got => VerificationErrors.SizeMismatch(descriptor, displayName, got), cancellationToken).ConfigureAwait(false);

            // The copy only ends on a read of 0, which is where a verifying source throws.
            var actual = sourceVerifies ? digest : Digest.FromHash(digest.Algorithm, hash.GetHashAndReset());
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

    /// <summary>Copies the content (all of it, until a read returns 0) into a new <paramref name="temp"/> file, hashing it when <paramref name="hash"/> is given.</summary>
    private static async Task CopyAsync(Stream content, string temp, long size, IncrementalHash? hash, Func<string, Exception> sizeMismatch, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            long written = 0;
            var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous);
            await using (file.ConfigureAwait(false))
            {
                int read;
                while ((read = await content.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken).ConfigureAwait(false)) > 0)
                {
                    written += read;
                    if (written > size)
                    {
                        // Stop at once: a wrong or hostile source must not fill the disk.
                        throw sizeMismatch($"more than {size} bytes");
                    }

                    hash?.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                }

                if (written != size)
                {
                    throw sizeMismatch($"{written} bytes");
                }

                await file.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
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
