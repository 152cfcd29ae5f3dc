using System.IO.Compression;
using OpenTofuOci.Core.Errors;

namespace OpenTofuOci.Core.Packages;

/// <summary>
/// The limits of <see cref="ZipExtractionOptions"/> applied to one read of one archive, on what is
/// really read and decompressed: the archive is read through <see cref="Archive"/>, which counts the
/// compressed bytes each entry consumes, and every entry stream (<see cref="Open"/>) charges what it
/// produces. Sizes and ratios in headers are never trusted.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The counting stream owns nothing: the caller disposes the archive stream it wraps.")]
internal sealed class ZipBudget(Stream archive, ZipExtractionOptions options, string displayName, string verb)
{
    private readonly CountingArchiveStream _archive = new(archive);
    private long _total;

    /// <summary>The archive stream to open the <see cref="ZipArchive"/> on.</summary>
    public Stream Archive => _archive;

    /// <summary>Uncompressed bytes produced so far by all entries.</summary>
    public long Total => _total;

    /// <summary>An entry's content, its CRC and size checked at the end, charged against the limits while read.</summary>
    public Stream Open(ZipArchiveEntry entry) => new ZipEntryStream(entry, this);

    /// <summary>Compressed bytes read from the archive so far.</summary>
    public long CompressedRead => _archive.BytesRead;

    /// <summary>Refuses an archive with more entries than allowed.</summary>
    public void CheckEntryCount(int count)
    {
        if (count > options.MaxEntries)
        {
            throw TooLarge($"it has {count} entries, more than the limit of {options.MaxEntries}", ZipExtractionOptions.MaxEntriesVariable, displayName);
        }
    }

    /// <summary>Refuses entries whose declared sizes alone pass the byte limit, before anything is written.</summary>
    public void CheckDeclared(long declared)
    {
        if (declared > options.MaxTotalBytes)
        {
            throw TooLarge($"it has entries that claim more than {options.MaxTotalBytes} bytes uncompressed", ZipExtractionOptions.MaxBytesVariable + " (bytes)", displayName);
        }
    }

    /// <summary>
    /// Charges <paramref name="produced"/> more bytes of <paramref name="entry"/>, which has produced
    /// <paramref name="entryProduced"/> bytes in all from <paramref name="entryCompressed"/> compressed bytes.
    /// </summary>
    public void Charge(ZipArchiveEntry entry, int produced, long entryProduced, long entryCompressed)
    {
        _total += produced;
        if (_total > options.MaxTotalBytes)
        {
            throw TooLarge($"entry \"{UntrustedText.Escape(entry.FullName)}\" takes it past {options.MaxTotalBytes} bytes uncompressed",
                ZipExtractionOptions.MaxBytesVariable + " (bytes)", entry.FullName);
        }

        if (entryProduced > ZipExtractionOptions.RatioGraceBytes && entryProduced > (long)options.MaxRatio * Math.Max(1, entryCompressed))
        {
            throw TooLarge($"entry \"{UntrustedText.Escape(entry.FullName)}\" expands more than {options.MaxRatio} times its compressed size, as only a zip bomb does",
                $"{ZipExtractionOptions.MaxRatioVariable} (default {ZipExtractionOptions.DefaultMaxRatio})", entry.FullName);
        }
    }

    private TofuOciException TooLarge(string what, string variable, string target) =>
        new(ErrorIds.ArchiveTooLarge, ErrorKind.InvalidData,
            $"Refusing to {verb} {displayName}: {what}. " +
            $"Nothing was extracted; if the package is genuine, raise {variable}.",
            target);

    /// <summary>Passes a seekable archive stream through, counting the bytes read from it.</summary>
    private sealed class CountingArchiveStream(Stream inner) : Stream
    {
        public long BytesRead { get; private set; }

        public override bool CanRead => true;
        public override bool CanSeek => true;
        public override bool CanWrite => false;
        public override long Length => inner.Length;

        public override long Position { get => inner.Position; set => inner.Position = value; }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override int Read(Span<byte> buffer) => Count(inner.Read(buffer));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);

        public override void Flush() { }

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private int Count(int read)
        {
            BytesRead += read;
            return read;
        }
    }
}
