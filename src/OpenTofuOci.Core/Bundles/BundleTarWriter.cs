using System.Formats.Tar;

namespace OpenTofuOci.Core.Bundles;

/// <summary>
/// Writes a bundle layout directory as one tar file whose bytes depend only on the layout's files
/// (docs/opentofu-compatibility.md §13): POSIX ustar entries, <c>oci-layout</c> and <c>index.json</c> first,
/// then every directory and blob under <c>blobs/</c> in ordinal order of their names; modification time 0
/// (1970-01-01), uid and gid 0 with no user or group names, mode 0644 for files and 0755 for directories.
/// </summary>
public static class BundleTarWriter
{
    /// <summary>The files a bundle layout consists of, first in the archive in this order.</summary>
    public static IReadOnlyList<string> LeadingFiles { get; } = ["oci-layout", "index.json"];

    private const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const UnixFileMode DirectoryMode = FileMode | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    /// <summary>
    /// Writes <paramref name="layoutDirectory"/> (<c>oci-layout</c>, <c>index.json</c> and <c>blobs/</c>; nothing else
    /// is taken) into <paramref name="output"/>. Returns the bytes written.
    /// </summary>
    public static async Task<long> WriteAsync(string layoutDirectory, Stream output, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(layoutDirectory);
        ArgumentNullException.ThrowIfNull(output);
        var counting = new Oci.CountingWriteStream(output, null);
        var writer = new TarWriter(counting, TarEntryFormat.Ustar, leaveOpen: true);
        await using (writer.ConfigureAwait(false))
        {
            foreach (var name in LeadingFiles)
            {
                await WriteFileAsync(writer, Path.Combine(layoutDirectory, name), name, cancellationToken).ConfigureAwait(false);
            }

            foreach (var (name, path, isDirectory) in BlobEntries(layoutDirectory))
            {
                if (isDirectory)
                {
                    await writer.WriteEntryAsync(Entry(TarEntryType.Directory, name, DirectoryMode), cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await WriteFileAsync(writer, path, name, cancellationToken).ConfigureAwait(false);
                }
            }
        }

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

    private static async Task WriteFileAsync(TarWriter writer, string path, string name, CancellationToken cancellationToken)
    {
        var file = new FileStream(path, System.IO.FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await using (file.ConfigureAwait(false))
        {
            var entry = Entry(TarEntryType.RegularFile, name, FileMode);
            entry.DataStream = file;
            await writer.WriteEntryAsync(entry, cancellationToken).ConfigureAwait(false);
        }
    }

    private static UstarTarEntry Entry(TarEntryType type, string name, UnixFileMode mode) => new(type, name)
    {
        ModificationTime = DateTimeOffset.UnixEpoch,
        Mode = mode,
        Uid = 0,
        Gid = 0,
        UserName = string.Empty,
        GroupName = string.Empty,
    };
}
