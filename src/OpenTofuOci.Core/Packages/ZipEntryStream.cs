using System.Globalization;
using System.IO.Compression;
using OpenTofuOci.Core.Oci;

namespace OpenTofuOci.Core.Packages;

/// <summary>
/// Reads a zip entry and, at its end, checks the CRC-32 and size the central directory promised, as
/// Go's reader does. .NET's reader stops silently at the declared size and does not check the CRC,
/// so without this a forged header would truncate content instead of failing like OpenTofu.
/// </summary>
internal sealed class ZipEntryStream(ZipArchiveEntry entry) : ReadOnlyWrapperStream(entry.Open())
{
    private readonly Crc32 _crc = new();
    private long _read;

    public static Stream Open(ZipArchiveEntry entry) => new ZipEntryStream(entry);

    public override int Read(Span<byte> buffer) => Check(buffer, Inner.Read(buffer));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await Inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        return Check(buffer.Span, read);
    }

    private int Check(ReadOnlySpan<byte> buffer, int read)
    {
        if (read > 0)
        {
            _crc.Append(buffer[..read]);
            _read += read;
            return read;
        }

        if (buffer.Length > 0 && (_read != entry.Length || _crc.Value != entry.Crc32))
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                $"entry \"{entry.FullName}\" does not match its checksum or size ({_read} bytes read, {entry.Length} declared)."));
        }

        return 0;
    }
}
