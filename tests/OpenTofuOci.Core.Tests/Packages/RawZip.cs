using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using OpenTofuOci.Core.Packages;

namespace OpenTofuOci.Core.Tests.Packages;

/// <summary>One entry of a hand-built zip. <paramref name="UnixMode"/> 0 means "made on FAT" (no Unix mode).</summary>
internal sealed record RawEntry(string Name, byte[] Content, int UnixMode = 0x81A4, bool Deflate = true)
{
    public static RawEntry Text(string name, string content, int unixMode = 0x81A4) => new(name, Encoding.UTF8.GetBytes(content), unixMode);

    public static RawEntry Directory(string name) => new(name, [], 0x41ED, Deflate: false);

    public static RawEntry Symlink(string name, string target) => new(name, Encoding.UTF8.GetBytes(target), 0xA1FF, Deflate: false);
}

/// <summary>
/// Writes zips byte by byte, so tests control exactly what ZipArchive would refuse or normalise:
/// any name (<c>..\evil</c>, <c>/abs</c>, <c>C:x</c>), duplicates, directory and symlink entries,
/// Unix modes. The output is a pure function of the entries, so fixtures are reproducible.
/// </summary>
internal static class RawZip
{
    public static byte[] Build(IEnumerable<RawEntry> entries)
    {
        using var output = new MemoryStream();
        using var central = new MemoryStream();
        var count = 0;
        foreach (var entry in entries)
        {
            count++;
            var name = Encoding.UTF8.GetBytes(entry.Name);
            var crc = new System.IO.Hashing.Crc32();
            crc.Append(entry.Content);
            var data = entry.Deflate ? Deflate(entry.Content) : entry.Content;
            var method = (ushort)(entry.Deflate ? 8 : 0);
            var offset = (uint)output.Length;

            var local = new byte[30];
            BinaryPrimitives.WriteUInt32LittleEndian(local, 0x04034b50);
            BinaryPrimitives.WriteUInt16LittleEndian(local.AsSpan(4), 20);
            BinaryPrimitives.WriteUInt16LittleEndian(local.AsSpan(6), 0x0800);
            BinaryPrimitives.WriteUInt16LittleEndian(local.AsSpan(8), method);
            BinaryPrimitives.WriteUInt16LittleEndian(local.AsSpan(12), 0x2821);
            BinaryPrimitives.WriteUInt32LittleEndian(local.AsSpan(14), crc.GetCurrentHashAsUInt32());
            BinaryPrimitives.WriteUInt32LittleEndian(local.AsSpan(18), (uint)data.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(local.AsSpan(22), (uint)entry.Content.Length);
            BinaryPrimitives.WriteUInt16LittleEndian(local.AsSpan(26), (ushort)name.Length);
            output.Write(local);
            output.Write(name);
            output.Write(data);

            var header = new byte[46];
            BinaryPrimitives.WriteUInt32LittleEndian(header, 0x02014b50);
            BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(4), (ushort)(entry.UnixMode == 0 ? 20 : (3 << 8) | 20));
            BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(6), 20);
            BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(8), 0x0800);
            BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(10), method);
            BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(14), 0x2821);
            BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(16), crc.GetCurrentHashAsUInt32());
            BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(20), (uint)data.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(24), (uint)entry.Content.Length);
            BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(28), (ushort)name.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(38), (uint)entry.UnixMode << 16);
            BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(42), offset);
            central.Write(header);
            central.Write(name);
        }

        var centralOffset = (uint)output.Length;
        central.Position = 0;
        central.CopyTo(output);
        var end = new byte[22];
        BinaryPrimitives.WriteUInt32LittleEndian(end, 0x06054b50);
        BinaryPrimitives.WriteUInt16LittleEndian(end.AsSpan(8), (ushort)count);
        BinaryPrimitives.WriteUInt16LittleEndian(end.AsSpan(10), (ushort)count);
        BinaryPrimitives.WriteUInt32LittleEndian(end.AsSpan(12), (uint)central.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(end.AsSpan(16), centralOffset);
        output.Write(end);
        return output.ToArray();
    }

    public static string Write(string path, IEnumerable<RawEntry> entries)
    {
        File.WriteAllBytes(path, Build(entries));
        return path;
    }

    private static byte[] Deflate(byte[] content)
    {
        if (content.Length == 0)
        {
            // .NET writes no bytes at all for empty input, which Go's reader rejects (unexpected EOF).
            return [0x03, 0x00];
        }

        using var buffer = new MemoryStream();
        using (var deflate = new DeflateStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
        {
            deflate.Write(content);
        }

        return buffer.ToArray();
    }
}
