using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;
using System.Text;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci;

namespace OpenTofuOci.Core.Packages;

/// <summary>
/// Zips a module directory so that the same content always gives the same bytes, and therefore
/// the same OCI layer digest: entries sorted by the UTF-8 bytes of their forward-slash names, no
/// directory entries, every timestamp 2000-01-01 00:00, permissions 0644 (0755 for executables),
/// "made by Unix" whatever the host, UTF-8 names, no extra fields, deflate (or store) and a data
/// descriptor after each deflated entry, so it can stream to any output. Because there are no
/// directory entries, <c>h1:</c> of the zip equals <c>h1:</c> of the directory
/// (docs/opentofu-compatibility.md §2.2, §8.15). Sizes are limited to classic zip (no ZIP64): under
/// 4 GiB per file and in total, at most 65 535 files — far above any module.
/// </summary>
public static class DeterministicZipWriter
{
    /// <summary>The timestamp of every entry. Not 1980-01-01: tools that convert that DOS-epoch
    /// time to UTC west of Greenwich end up before the epoch and fail.</summary>
    public static readonly DateTime Timestamp = new(2000, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);

    private const ushort DosDate = ((2000 - 1980) << 9) | (1 << 5) | 1;
    private const ushort DosTime = 0;
    private const ushort VersionNeeded = 20;
    private const ushort VersionMadeByUnix = (3 << 8) | 20;
    private const ushort FlagDataDescriptor = 0x0008;
    private const ushort FlagUtf8 = 0x0800;
    private const int RegularFile = 0x8000;
    private static readonly byte[] EmptyDeflateBlock = [0x03, 0x00];

    /// <summary>
    /// Lists a directory the way it will be zipped: files only (directories are implied), symlinks
    /// to files inside the directory followed, excluded paths left out, sorted by UTF-8 bytes.
    /// Throws <see cref="ErrorIds.UnsafeSymlink"/> for a link that leaves the directory, is broken or
    /// points at a directory.
    /// </summary>
    public static IReadOnlyList<ZipSourceFile> ListDirectory(string directory, DeterministicZipOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var info = new DirectoryInfo(directory);
        if (!info.Exists)
        {
            throw new TofuOciException(ErrorIds.NotFound, ErrorKind.NotFound,
                $"The directory \"{directory}\" does not exist; give the path of the module directory to package.", directory);
        }

        var root = info.LinkTarget is null ? info.FullName : info.ResolveLinkTarget(true)!.FullName;
        root = Path.TrimEndingDirectorySeparator(root);
        var files = new List<ZipSourceFile>();
        Collect(new DirectoryInfo(root), root, string.Empty, options?.Exclude, files);
        files.Sort((a, b) => Utf8NameComparer.Instance.Compare(a.EntryName, b.EntryName));
        return files;
    }

    /// <summary>Zips a directory into <paramref name="output"/> (left open); see <see cref="ListDirectory"/>.</summary>
    public static Task WriteDirectoryAsync(string directory, Stream output, DeterministicZipOptions? options = null,
        CancellationToken cancellationToken = default) =>
        WriteAsync(ListDirectory(directory, options), output, options, cancellationToken);

    /// <summary>
    /// Zips the given files into <paramref name="output"/> (left open), sorted by entry name whatever
    /// the input order. Names must be safe relative forward-slash paths that do not collide
    /// (<see cref="ErrorIds.UnsafeArchiveEntry"/>).
    /// </summary>
    public static async Task WriteAsync(IEnumerable<ZipSourceFile> files, Stream output, DeterministicZipOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(output);
        var sorted = files.ToList();
        sorted.Sort((a, b) => Utf8NameComparer.Instance.Compare(a.EntryName, b.EntryName));
        Validate(sorted);
        var compress = options?.Compress ?? true;

        var counter = new CountingWriteStream(output);
        var central = new MemoryStream();
        var buffer = new byte[DirHash.BufferSize];
        foreach (var file in sorted)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var offset = counter.Written;
            var name = Encoding.UTF8.GetBytes(file.EntryName);
            var entry = compress
                ? await WriteDeflatedAsync(file, name, counter, buffer, cancellationToken).ConfigureAwait(false)
                : await WriteStoredAsync(file, name, counter, buffer, cancellationToken).ConfigureAwait(false);
            CheckSize(file.EntryName, offset);
            WriteCentralHeader(central, name, entry, file.Executable, (uint)offset);
        }

        var centralOffset = counter.Written;
        CheckSize("central directory", centralOffset);
        central.Position = 0;
        await central.CopyToAsync(counter, cancellationToken).ConfigureAwait(false);
        var end = new byte[22];
        BinaryPrimitives.WriteUInt32LittleEndian(end, 0x06054b50);
        BinaryPrimitives.WriteUInt16LittleEndian(end.AsSpan(8), (ushort)sorted.Count);
        BinaryPrimitives.WriteUInt16LittleEndian(end.AsSpan(10), (ushort)sorted.Count);
        BinaryPrimitives.WriteUInt32LittleEndian(end.AsSpan(12), (uint)central.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(end.AsSpan(16), (uint)centralOffset);
        await counter.WriteAsync(end, cancellationToken).ConfigureAwait(false);
        await counter.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private readonly record struct EntryInfo(ushort Flags, ushort Method, uint Crc, long CompressedSize, long Size);

    private static async Task<EntryInfo> WriteDeflatedAsync(ZipSourceFile file, byte[] name, CountingWriteStream output,
        byte[] buffer, CancellationToken cancellationToken)
    {
        const ushort flags = FlagDataDescriptor | FlagUtf8;
        await output.WriteAsync(LocalHeader(name, flags, 8, 0, 0, 0), cancellationToken).ConfigureAwait(false);
        var start = output.Written;
        var crc = new Crc32();
        long size = 0;
        var source = OpenSource(file);
        await using (source.ConfigureAwait(false))
        {
            var deflate = new DeflateStream(output, CompressionLevel.Optimal, leaveOpen: true);
            await using (deflate.ConfigureAwait(false))
            {
                int read;
                while ((read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    crc.Append(buffer.AsSpan(0, read));
                    size += read;
                    CheckSize(file.EntryName, size);
                    await deflate.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                }
            }
        }

        if (output.Written == start)
        {
            // DeflateStream writes nothing for empty input; Go's zip reader (so OpenTofu) needs at
            // least the final empty block, or it fails with "unexpected EOF".
            await output.WriteAsync(EmptyDeflateBlock, cancellationToken).ConfigureAwait(false);
        }

        var compressed = output.Written - start;
        CheckSize(file.EntryName, compressed);
        var descriptor = new byte[16];
        BinaryPrimitives.WriteUInt32LittleEndian(descriptor, 0x08074b50);
        BinaryPrimitives.WriteUInt32LittleEndian(descriptor.AsSpan(4), crc.GetCurrentHashAsUInt32());
        BinaryPrimitives.WriteUInt32LittleEndian(descriptor.AsSpan(8), (uint)compressed);
        BinaryPrimitives.WriteUInt32LittleEndian(descriptor.AsSpan(12), (uint)size);
        await output.WriteAsync(descriptor, cancellationToken).ConfigureAwait(false);
        return new EntryInfo(flags, 8, crc.GetCurrentHashAsUInt32(), compressed, size);
    }

    // Stored entries get their CRC and size up front (a first read) rather than a data descriptor,
    // which streaming readers cannot find the end of for stored data.
    private static async Task<EntryInfo> WriteStoredAsync(ZipSourceFile file, byte[] name, CountingWriteStream output,
        byte[] buffer, CancellationToken cancellationToken)
    {
        var crc = new Crc32();
        long size = 0;
        var source = OpenSource(file);
        await using (source.ConfigureAwait(false))
        {
            int read;
            while ((read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                crc.Append(buffer.AsSpan(0, read));
                size += read;
                CheckSize(file.EntryName, size);
            }

            await output.WriteAsync(LocalHeader(name, FlagUtf8, 0, crc.GetCurrentHashAsUInt32(), (uint)size, (uint)size), cancellationToken).ConfigureAwait(false);
            source.Position = 0;
            long copied = 0;
            while ((read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                copied += read;
                if (copied > size)
                {
                    break;
                }

                await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            }

            if (copied != size)
            {
                throw new IOException($"\"{file.SourcePath}\" changed while it was being zipped; try again.");
            }
        }

        return new EntryInfo(FlagUtf8, 0, crc.GetCurrentHashAsUInt32(), size, size);
    }

    private static byte[] LocalHeader(byte[] name, ushort flags, ushort method, uint crc, uint compressed, uint size)
    {
        var header = new byte[30 + name.Length];
        var span = header.AsSpan();
        BinaryPrimitives.WriteUInt32LittleEndian(span, 0x04034b50);
        BinaryPrimitives.WriteUInt16LittleEndian(span[4..], VersionNeeded);
        BinaryPrimitives.WriteUInt16LittleEndian(span[6..], flags);
        BinaryPrimitives.WriteUInt16LittleEndian(span[8..], method);
        BinaryPrimitives.WriteUInt16LittleEndian(span[10..], DosTime);
        BinaryPrimitives.WriteUInt16LittleEndian(span[12..], DosDate);
        BinaryPrimitives.WriteUInt32LittleEndian(span[14..], crc);
        BinaryPrimitives.WriteUInt32LittleEndian(span[18..], compressed);
        BinaryPrimitives.WriteUInt32LittleEndian(span[22..], size);
        BinaryPrimitives.WriteUInt16LittleEndian(span[26..], (ushort)name.Length);
        name.CopyTo(span[30..]);
        return header;
    }

    private static void WriteCentralHeader(MemoryStream central, byte[] name, EntryInfo entry, bool executable, uint offset)
    {
        var header = new byte[46 + name.Length];
        var span = header.AsSpan();
        BinaryPrimitives.WriteUInt32LittleEndian(span, 0x02014b50);
        BinaryPrimitives.WriteUInt16LittleEndian(span[4..], VersionMadeByUnix);
        BinaryPrimitives.WriteUInt16LittleEndian(span[6..], VersionNeeded);
        BinaryPrimitives.WriteUInt16LittleEndian(span[8..], entry.Flags);
        BinaryPrimitives.WriteUInt16LittleEndian(span[10..], entry.Method);
        BinaryPrimitives.WriteUInt16LittleEndian(span[12..], DosTime);
        BinaryPrimitives.WriteUInt16LittleEndian(span[14..], DosDate);
        BinaryPrimitives.WriteUInt32LittleEndian(span[16..], entry.Crc);
        BinaryPrimitives.WriteUInt32LittleEndian(span[20..], (uint)entry.CompressedSize);
        BinaryPrimitives.WriteUInt32LittleEndian(span[24..], (uint)entry.Size);
        BinaryPrimitives.WriteUInt16LittleEndian(span[28..], (ushort)name.Length);
        var mode = RegularFile | (executable ? 0x1ED : 0x1A4);
        BinaryPrimitives.WriteUInt32LittleEndian(span[38..], (uint)mode << 16);
        BinaryPrimitives.WriteUInt32LittleEndian(span[42..], offset);
        name.CopyTo(span[46..]);
        central.Write(header);
    }

    private static FileStream OpenSource(ZipSourceFile file) =>
        new(file.SourcePath, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);

    private static void Validate(List<ZipSourceFile> files)
    {
        if (files.Count > ushort.MaxValue)
        {
            throw new TofuOciException(ErrorIds.ArchiveTooLarge, ErrorKind.InvalidArgument,
                $"{files.Count} files are more than a zip without ZIP64 can hold ({ushort.MaxValue}); leave generated files out of the package.");
        }

        var names = new EntryNameSet();
        foreach (var file in files)
        {
            var problem = ArchiveEntryName.Problem(file.EntryName)
                ?? (file.EntryName.EndsWith('/') ? "it names a directory, and deterministic zips hold files only" : null)
                ?? names.Add(file.EntryName, isDirectory: false);
            if (problem is not null)
            {
                throw new TofuOciException(ErrorIds.UnsafeArchiveEntry, ErrorKind.InvalidArgument,
                    $"Cannot package \"{file.EntryName}\" ({file.SourcePath}): {problem}. Rename it or exclude it from the package.",
                    file.EntryName);
            }
        }
    }

    private static void CheckSize(string what, long size)
    {
        if (size > uint.MaxValue)
        {
            throw new TofuOciException(ErrorIds.ArchiveTooLarge, ErrorKind.InvalidArgument,
                $"\"{what}\" takes the package past 4 GiB, which needs ZIP64; modules this large are not supported. Exclude large files from the package.",
                what);
        }
    }

    private static void Collect(DirectoryInfo directory, string root, string prefix, Func<string, bool>? exclude, List<ZipSourceFile> files)
    {
        foreach (var item in directory.EnumerateFileSystemInfos("*", DirectoryWalk.OneLevel))
        {
            var name = prefix + item.Name;
            var isLink = item.LinkTarget is not null;
            if (item.Attributes.HasFlag(FileAttributes.Directory) && !isLink)
            {
                if (exclude?.Invoke(name + "/") != true)
                {
                    Collect((DirectoryInfo)item, root, name + "/", exclude, files);
                }

                continue;
            }

            if (exclude?.Invoke(name) == true)
            {
                continue;
            }

            var source = isLink ? ResolveInside(item, root, name) : item.FullName;
            files.Add(new ZipSourceFile(name, source, IsExecutable(source)));
        }
    }

    // A link is followed only to a regular file inside the package, so a module cannot smuggle in
    // ~/.ssh/id_rsa or /etc/passwd through a symlink, and the zip holds what h1: of the directory reads.
    private static string ResolveInside(FileSystemInfo link, string root, string name)
    {
        var target = link.ResolveLinkTarget(returnFinalTarget: true);
        string? problem = null;
        if (target is null || !target.Exists)
        {
            problem = "its target does not exist";
        }
        else if (!target.FullName.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            problem = $"it points outside the directory, to \"{target.FullName}\"";
        }
        else if (target.Attributes.HasFlag(FileAttributes.Directory))
        {
            problem = "it points to a directory (h1: hashes cannot read through directory links)";
        }

        if (problem is null)
        {
            return target!.FullName;
        }

        throw new TofuOciException(ErrorIds.UnsafeSymlink, ErrorKind.InvalidArgument,
            $"Cannot package the symbolic link \"{name}\": {problem}. Replace it with a copy of the file or exclude it.",
            name);
    }

    private static bool IsExecutable(string path) =>
        !OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & UnixFileMode.UserExecute) != 0;
}
