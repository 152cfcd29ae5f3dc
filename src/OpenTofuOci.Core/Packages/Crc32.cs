using System.Buffers.Binary;

namespace OpenTofuOci.Core.Packages;

/// <summary>
/// The zip CRC-32 (IEEE, reflected 0xEDB88320); <c>System.IO.Hashing</c> is not available here.
/// Slicing-by-8 keeps checking a provider zip's entries several times faster than byte-at-a-time.
/// </summary>
internal sealed class Crc32
{
    private static readonly uint[][] Tables = BuildTables();
    private uint _crc = 0xFFFFFFFFu;

    public uint Value => ~_crc;

    public void Append(ReadOnlySpan<byte> data)
    {
        var crc = _crc;
        var t0 = Tables[0];
        var t1 = Tables[1];
        var t2 = Tables[2];
        var t3 = Tables[3];
        var t4 = Tables[4];
        var t5 = Tables[5];
        var t6 = Tables[6];
        var t7 = Tables[7];
        while (data.Length >= 8)
        {
            var low = BinaryPrimitives.ReadUInt32LittleEndian(data) ^ crc;
            var high = BinaryPrimitives.ReadUInt32LittleEndian(data[4..]);
            crc = t7[low & 0xFF] ^ t6[(low >> 8) & 0xFF] ^ t5[(low >> 16) & 0xFF] ^ t4[low >> 24]
                ^ t3[high & 0xFF] ^ t2[(high >> 8) & 0xFF] ^ t1[(high >> 16) & 0xFF] ^ t0[high >> 24];
            data = data[8..];
        }

        foreach (var b in data)
        {
            crc = t0[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        _crc = crc;
    }

    private static uint[][] BuildTables()
    {
        var tables = new uint[8][];
        for (var t = 0; t < 8; t++)
        {
            tables[t] = new uint[256];
        }

        for (uint i = 0; i < 256; i++)
        {
            var c = i;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            tables[0][i] = c;
        }

        for (var i = 0; i < 256; i++)
        {
            for (var t = 1; t < 8; t++)
            {
                tables[t][i] = (tables[t - 1][i] >> 8) ^ tables[0][tables[t - 1][i] & 0xFF];
            }
        }

        return tables;
    }
}
