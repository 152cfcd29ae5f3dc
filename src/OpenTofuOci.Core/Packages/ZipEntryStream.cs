using System.Globalization;
using System.IO.Compression;
using System.IO.Hashing;
using OpenTofuOci.Core.Oci;

namespace OpenTofuOci.Core.Packages;

/// <summary>
/// Reads a zip entry and, at its end, checks the CRC-32 and size the central directory promised, as
/// Go's reader does. .NET's reader stops silently at the declared size and does not check the CRC,
/// so without this a forged header would truncate content instead of failing like OpenTofu. Every
/// read is charged to the archive's <see cref="ZipBudget"/>, which stops bombs while they expand.
/// </summary>
internal sealed class ZipEntryStream : ReadOnlyWrapperStream
{
    private readonly ZipArchiveEntry _entry;
    private readonly ZipBudget _budget;
    private readonly long _compressedStart;
    private readonly Crc32 _crc = new();
    private long _read;

    public ZipEntryStream(ZipArchiveEntry entry, ZipBudget budget)
        : base(entry.Open())
    {
        _entry = entry;
        _budget = budget;
        _compressedStart = budget.CompressedRead;
    }

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
            _read += read;
            _budget.Charge(_entry, read, _read, _budget.CompressedRead - _compressedStart);
            _crc.Append(buffer[..read]);
            return read;
        }

        if (buffer.Length > 0 && (_read != _entry.Length || _crc.GetCurrentHashAsUInt32() != _entry.Crc32))
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                $"entry \"{_entry.FullName}\" does not match its checksum or size ({_read} bytes read, {_entry.Length} declared)."));
        }

        return 0;
    }
}
