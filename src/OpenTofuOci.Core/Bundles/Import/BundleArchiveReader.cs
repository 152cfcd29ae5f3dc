using System.Formats.Tar;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.FileSystem;
using OpenTofuOci.Core.Oci;

namespace OpenTofuOci.Core.Bundles.Import;

/// <summary>
/// Unpacks a bundle <c>.tar</c> into a directory the caller owns (docs/opentofu-compatibility.md §13 "Reading a
/// bundle archive"). Only what an image layout holds is taken: regular files named <c>oci-layout</c>,
/// <c>index.json</c> and <c>blobs/ALG/HEX</c> (a digest this tool accepts), and the directories
/// <c>blobs</c> and <c>blobs/ALG</c>. Anything else (links, devices, <c>..</c>, absolute names, a name twice,
/// an entry over its size cap) is refused with <see cref="ErrorIds.InvalidBundle"/> naming the entry.
/// </summary>
/// <remarks>
/// A bundle crosses an air gap: whoever hands it over is not necessarily trusted, so the archive is read as
/// hostile input. Every name is checked against the short list above before a byte is written, and files are
/// created with <see cref="FileMode.CreateNew"/>, so nothing outside <c>destination</c> can be reached.
/// </remarks>
internal static class BundleArchiveReader
{
    /// <summary>The largest <c>oci-layout</c> file accepted.</summary>
    public const long MaxHeaderBytes = 4 * 1024;

    /// <summary>The largest <c>index.json</c> accepted (the manifest read limit).</summary>
    public const long MaxIndexBytes = ManifestLimits.MaxPublishSize;

    /// <summary>The largest single blob accepted (a provider zip is well below this).</summary>
    public const long DefaultMaxBlobBytes = 4L * 1024 * 1024 * 1024;

    /// <summary>The largest total of all file sizes accepted.</summary>
    public const long DefaultMaxTotalBytes = 64L * 1024 * 1024 * 1024;

    /// <summary>Extracts <paramref name="archivePath"/> into the empty directory <paramref name="destination"/>.</summary>
    public static async Task ExtractAsync(string archivePath, string destination, long maxBlobBytes = DefaultMaxBlobBytes,
        long maxTotalBytes = DefaultMaxTotalBytes, CancellationToken cancellationToken = default)
    {
        Stream file;
        try
        {
            file = LocalFileStream.OpenRead(archivePath, FileShare.Read, bufferSize: 81920);
        }
        catch (Exception e) when (FileSystemErrors.Handles(e))
        {
            throw FileSystemErrors.Translate(e);
        }

        await using (file.ConfigureAwait(false))
        {
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            long total = 0;
            var reader = new TarReader(file, leaveOpen: true);
            await using (reader.ConfigureAwait(false))
            {
                while (true)
                {
                    TarEntry? entry;
                    try
                    {
                        entry = await reader.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false);
                    }
                    catch (Exception e) when (e is InvalidDataException or FormatException or EndOfStreamException or ArgumentException)
                    {
                        throw Invalid(archivePath, null, $"it is not a readable tar archive ({e.Message})");
                    }

                    if (entry is null)
                    {
                        break;
                    }

                    var name = Normalize(archivePath, entry.Name);
                    if (entry.EntryType == TarEntryType.Directory)
                    {
                        if (name.Length > 0 && !IsDirectoryName(name))
                        {
                            throw Invalid(archivePath, entry.Name, "a bundle holds no directory but blobs and blobs/ALGORITHM");
                        }

                        continue;
                    }

                    if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile))
                    {
                        throw Invalid(archivePath, entry.Name, $"it is a {Describe(entry.EntryType)}, and a bundle holds only regular files");
                    }

                    var cap = FileCap(archivePath, entry.Name, name, maxBlobBytes);
                    if (entry.Length > cap)
                    {
                        throw Invalid(archivePath, entry.Name, $"it is {entry.Length} bytes, more than the {cap} allowed");
                    }

                    total += entry.Length;
                    if (total > maxTotalBytes)
                    {
                        throw Invalid(archivePath, entry.Name, $"the files add up to more than the {maxTotalBytes} bytes allowed");
                    }

                    if (!seen.Add(name))
                    {
                        throw Invalid(archivePath, entry.Name, "the name appears twice");
                    }

                    await WriteAsync(entry, Path.Combine(destination, name.Replace('/', Path.DirectorySeparatorChar)), archivePath, cancellationToken).ConfigureAwait(false);
                }
            }

            if (!seen.Contains("oci-layout") || !seen.Contains("index.json"))
            {
                throw Invalid(archivePath, null, "it has no oci-layout or no index.json, so it is not an OCI image layout");
            }
        }
    }

    private static async Task WriteAsync(TarEntry entry, string path, string archivePath, CancellationToken cancellationToken)
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var output = LocalFileStream.CreateNew(path);
            await using (output.ConfigureAwait(false))
            {
                if (entry.DataStream is { } data)
                {
                    await data.CopyToAsync(output, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (Exception e) when (e is EndOfStreamException or InvalidDataException)
        {
            throw Invalid(archivePath, entry.Name, $"its data is cut off ({e.Message})");
        }
        catch (Exception e) when (FileSystemErrors.Handles(e))
        {
            throw FileSystemErrors.Translate(e);
        }
    }

    // "./x" is how tar writes names relative to the directory it was run in; everything else must already be plain.
    private static string Normalize(string archivePath, string raw)
    {
        var name = raw;
        while (name.StartsWith("./", StringComparison.Ordinal))
        {
            name = name[2..];
        }

        name = name.TrimEnd('/');
        if (raw.Length == 0 || raw.StartsWith('/') || raw.Contains('\\', StringComparison.Ordinal) || raw.Contains('\0', StringComparison.Ordinal)
            || (raw.Length >= 2 && raw[1] == ':'))
        {
            throw Invalid(archivePath, raw, "absolute names, drive letters and backslashes are not allowed");
        }

        if (name.Split('/').Any(part => part is ".." or "." || part.Length == 0) && name.Length > 0)
        {
            throw Invalid(archivePath, raw, "names with . or .. segments or empty segments are not allowed");
        }

        return name;
    }

    private static bool IsDirectoryName(string name)
    {
        var parts = name.Split('/');
        return parts[0] == "blobs" && (parts.Length == 1 || (parts.Length == 2 && DigestAlgorithm.Find(parts[1]) is not null));
    }

    private static long FileCap(string archivePath, string raw, string name, long maxBlobBytes)
    {
        switch (name)
        {
            case "oci-layout":
                return MaxHeaderBytes;
            case "index.json":
                return MaxIndexBytes;
        }

        var parts = name.Split('/');
        if (parts.Length == 3 && parts[0] == "blobs" && Digest.TryParse($"{parts[1]}:{parts[2]}", out _, out _))
        {
            return maxBlobBytes;
        }

        throw Invalid(archivePath, raw, "a bundle holds only oci-layout, index.json and blobs/ALGORITHM/HEX");
    }

    private static string Describe(TarEntryType type) => type switch
    {
        TarEntryType.SymbolicLink => "symbolic link",
        TarEntryType.HardLink => "hard link",
        TarEntryType.CharacterDevice => "character device",
        TarEntryType.BlockDevice => "block device",
        TarEntryType.Fifo => "FIFO",
        _ => $"{type} entry",
    };

    private static TofuOciException Invalid(string archivePath, string? entry, string why) =>
        new(ErrorIds.InvalidBundle, ErrorKind.InvalidData,
            entry is null
                ? $"{archivePath} is not a bundle archive: {why}. Write it again with the bundle export command."
                : $"{archivePath} is not a safe bundle archive: entry \"{UntrustedText.Escape(entry)}\" is refused because {why}. Nothing was imported; get the bundle again from its exporter.",
            archivePath);
}
