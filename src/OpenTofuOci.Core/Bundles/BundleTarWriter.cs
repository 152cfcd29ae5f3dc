using OpenTofuOci.Core.FileSystem;
namespace OpenTofuOci.Core.Bundles;

/// <summary>
/// Writes a bundle layout directory as one tar file whose bytes depend only on the layout's files
/// (docs/opentofu-compatibility.md §13): POSIX ustar entries, <c>oci-layout</c> and <c>index.json</c> first,
/// then every directory and blob under <c>blobs/</c> in ordinal order of their names; modification time 0
/// (1970-01-01), uid and gid 0 with no user or group names, mode 0644 for files and 0755 for directories.
/// </summary>
/// <remarks>
/// The headers are written here rather than with <c>System.Formats.Tar.TarWriter</c>: its rendering of zero
/// numeric fields (uid, gid) was seen to differ between two processes on the same runtime (the module in pwsh
/// and tofu-oci), which gave two tars of one bundle different bytes. Every byte of a header is fixed below.
/// </remarks>
public static class BundleTarWriter
{
    /// <summary>The files a bundle layout consists of, first in the archive in this order.</summary>
    public static IReadOnlyList<string> LeadingFiles { get; } = ["oci-layout", "index.json"];

    private const int BlockSize = 512;
    private const string FileMode = "0000644";
    private const string DirectoryMode = "0000755";
    // Eleven octal digits: the largest size a plain ustar header can state (8 GiB - 1).
    private const long MaxEntrySize = (1L << 33) - 1;

    /// <summary>
    /// Writes <paramref name="layoutDirectory"/> (<c>oci-layout</c>, <c>index.json</c> and <c>blobs/</c>; nothing else
    /// is taken) into <paramref name="output"/>. Returns the bytes written.
    /// </summary>
    public static async Task<long> WriteAsync(string layoutDirectory, Stream output, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(layoutDirectory);
        ArgumentNullException.ThrowIfNull(output);
        var counting = new Oci.CountingWriteStream(output, null);
        foreach (var name in LeadingFiles)
        {
            await WriteFileAsync(counting, Path.Combine(layoutDirectory, name), name, cancellationToken).ConfigureAwait(false);
        }

        foreach (var (name, path, isDirectory) in BlobEntries(layoutDirectory))
        {
            if (isDirectory)
            {
                await counting.WriteAsync(Header(name, DirectoryMode, 0, '5'), cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await WriteFileAsync(counting, path, name, cancellationToken).ConfigureAwait(false);
            }
        }

        // The end of the archive: two zero blocks.
        await counting.WriteAsync(new byte[2 * BlockSize], cancellationToken).ConfigureAwait(false);
        await counting.FlushAsync(cancellationToken).ConfigureAwait(false);
        return counting.Written;
    }

    // Ordinal order of the archive names ("blobs/", "blobs/sha256/", "blobs/sha256/<hex>", …): the order a reader sees is the same on every system.
    private static List<(string Name, string Path, bool IsDirectory)> BlobEntries(string layoutDirectory)
    {
        var blobs = Path.Combine(layoutDirectory, "blobs");
        var entries = new List<(string, string, bool)>();
        if (!Directory.Exists(blobs))
        {
            return entries;
        }

        entries.Add(("blobs/", blobs, true));
        foreach (var directory in Directory.EnumerateDirectories(blobs))
        {
            var algorithm = Path.GetFileName(directory);
            entries.Add(($"blobs/{algorithm}/", directory, true));
            foreach (var file in Directory.EnumerateFiles(directory))
            {
                entries.Add(($"blobs/{algorithm}/{Path.GetFileName(file)}", file, false));
            }
        }

        entries.Sort((a, b) => StringComparer.Ordinal.Compare(a.Item1, b.Item1));
        return entries;
    }

    private static async Task WriteFileAsync(Stream output, string path, string name, CancellationToken cancellationToken)
    {
        var file = LocalFileStream.OpenRead(path);
        await using (file.ConfigureAwait(false))
        {
            var size = file.Length;
            await output.WriteAsync(Header(name, FileMode, size, '0'), cancellationToken).ConfigureAwait(false);
            var copied = await CopyAsync(file, output, size, cancellationToken).ConfigureAwait(false);
            if (copied != size)
            {
                throw new IOException($"{path} changed size while it was written into the bundle ({size} bytes expected, {copied} read).");
            }

            var padding = (int)((BlockSize - (size % BlockSize)) % BlockSize);
            if (padding > 0)
            {
                await output.WriteAsync(new byte[padding], cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static async Task<long> CopyAsync(Stream source, Stream destination, long size, CancellationToken cancellationToken)
    {
        var buffer = new byte[81920];
        long total = 0;
        while (total < size)
        {
            var read = await source.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, size - total)), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            total += read;
        }

        return total;
    }

    /// <summary>One ustar header block: name, mode, uid/gid 0, size, mtime 0, checksum, type, magic "ustar\0" version "00"; the rest zero.</summary>
    internal static byte[] Header(string name, string mode, long size, char type)
    {
        var nameBytes = System.Text.Encoding.ASCII.GetBytes(name);
        if (nameBytes.Length > 100 || name.Any(c => c > 0x7e || c < 0x20))
        {
            throw new ArgumentException($"The bundle entry name {name} does not fit a ustar header (at most 100 printable ASCII characters).", nameof(name));
        }

        if (size is < 0 or > MaxEntrySize)
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, $"The bundle entry {name} is larger than a ustar entry can be (8 GiB).");
        }

        var header = new byte[BlockSize];
        nameBytes.CopyTo(header, 0);
        Octal(header, 100, mode);
        Octal(header, 108, "0000000");
        Octal(header, 116, "0000000");
        Octal(header, 124, Convert.ToString(size, 8).PadLeft(11, '0'));
        Octal(header, 136, "00000000000");
        header[156] = (byte)type;
        "ustar\0"u8.CopyTo(header.AsSpan(257));
        "00"u8.CopyTo(header.AsSpan(263));
        // The checksum is the byte sum with its own field counted as eight spaces, written as six octal digits, NUL, space.
        header.AsSpan(148, 8).Fill((byte)' ');
        var sum = 0;
        foreach (var b in header)
        {
            sum += b;
        }

        Octal(header, 148, Convert.ToString(sum, 8).PadLeft(6, '0'));
        header[155] = (byte)' ';
        return header;
    }

    // Writes ASCII digits at offset, followed by a NUL.
    private static void Octal(byte[] header, int offset, string digits)
    {
        System.Text.Encoding.ASCII.GetBytes(digits).CopyTo(header, offset);
        header[offset + digits.Length] = 0;
    }
}
