using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci;

namespace OpenTofuOci.Core.Providers.Publishing;

/// <summary>
/// Reads a release file and, in the read that would return end-of-stream, checks that the file still
/// has the length and modification time it had before the first read; otherwise it throws
/// <see cref="ErrorIds.SizeMismatch"/> (length) or <see cref="ErrorIds.DigestMismatch"/> (rewritten in
/// place). A one-pass upload commits only after that read, so a zip being written while it is published
/// is never stored under the digest of a torn read. (A write within the file system's timestamp
/// granularity of the first stamp can go unseen; the two-pass path had the same window between its passes.)
/// </summary>
internal sealed class UnchangedFileStream(Stream inner, ProviderReleaseFile file, ReleaseFileStamp before, Func<ReleaseFileStamp> now) : ReadOnlyWrapperStream(inner)
{
    public override long Length => Inner.Length;

    public override int Read(Span<byte> buffer) => Check(Inner.Read(buffer));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Check(await Inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

    private int Check(int read)
    {
        if (read > 0)
        {
            return read;
        }

        var after = now();
        if (after.Length != before.Length)
        {
            throw new TofuOciException(ErrorIds.SizeMismatch, ErrorKind.InvalidData,
                $"{file.Source} changed while it was read: it was {before.Length} bytes and is now {after.Length}. Nothing was published from it; publish again once the file is complete.",
                file.Source);
        }

        if (after.LastWriteUtc != before.LastWriteUtc)
        {
            throw new TofuOciException(ErrorIds.DigestMismatch, ErrorKind.InvalidData,
                $"{file.Source} changed while it was read (it was modified at {after.LastWriteUtc:O}), so the digest of what was read cannot be trusted. Nothing was published from it; publish again once the file no longer changes.",
                file.Source);
        }

        return 0;
    }
}
