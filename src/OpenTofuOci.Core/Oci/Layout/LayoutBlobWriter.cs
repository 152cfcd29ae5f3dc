using System.Buffers;
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
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            // A fetch stream that verifies this descriptor itself (e.g. a pull from a registry)
            // is checked as we read it to the end: hashing it here again would verify nothing new.
            var sourceVerifies = VerifyingStream.WillVerify(content, descriptor);
            using var hash = digest.Algorithm.CreateHash();
            long written = 0;
            var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous);
            await using (file.ConfigureAwait(false))
            {
                int read;
                while ((read = await content.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken).ConfigureAwait(false)) > 0)
                {
                    written += read;
                    if (written > descriptor.Size)
                    {
                        // Stop at once: a wrong or hostile source must not fill the disk.
                        throw VerificationErrors.SizeMismatch(descriptor, displayName, $"more than {descriptor.Size} bytes");
                    }

                    if (!sourceVerifies)
                    {
                        hash.AppendData(buffer, 0, read);
                    }

                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                }

                if (written != descriptor.Size)
                {
                    throw VerificationErrors.SizeMismatch(descriptor, displayName, $"{written} bytes");
                }

                // The loop only ends on a read of 0, which is where a verifying source throws.
                var actual = sourceVerifies ? digest : Digest.FromHash(digest.Algorithm, hash.GetHashAndReset());
                if (actual.Encoded != digest.Encoded)
                {
                    throw VerificationErrors.DigestMismatch(descriptor, displayName, actual.ToString());
                }

                await file.FlushAsync(cancellationToken).ConfigureAwait(false);
            }

            Commit(temp, target, descriptor.Size);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            Cleanup.DeleteFile(temp);
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
