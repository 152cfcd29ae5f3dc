using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.FileSystem;

namespace OpenTofuOci.Core.Packages;

/// <summary>
/// The <c>h1:</c> package hash: Go's <c>golang.org/x/mod/sumdb/dirhash</c> <c>Hash1</c> over a
/// directory (<see cref="HashDirectoryAsync"/>, Go's <c>HashDir(dir, "", Hash1)</c>) or over a zip
/// file (<see cref="HashZipAsync(string, CancellationToken)"/>, Go's <c>HashZip</c>). See docs/opentofu-compatibility.md §2.2 and §8.15–8.16.
/// File contents stream through one fixed buffer, so memory does not grow with package size.
/// </summary>
public static class DirHash
{
    internal const int BufferSize = 81920;

    /// <summary>
    /// Hashes a list of forward-slash names with a function that opens each one: the summary is
    /// <c>lowerhex(sha256(content)) + "  " + name + "\n"</c> per name in UTF-8 byte order, and the
    /// result is <c>h1:</c> + base64(sha256(summary)). Duplicate names are hashed once per occurrence.
    /// </summary>
    public static async Task<PackageHash> Hash1Async(IEnumerable<string> names,
        Func<string, CancellationToken, ValueTask<Stream>> open, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(open);
        var sorted = names.ToList();
        sorted.Sort(Utf8NameComparer.Instance);

        using var summary = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var fileHash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[BufferSize];
        foreach (var name in sorted)
        {
            if (name.Contains('\n', StringComparison.Ordinal))
            {
                throw new TofuOciException(ErrorIds.PackageHashFailed, ErrorKind.InvalidData,
                    "dirhash: filenames with newlines are not supported; rename the file or leave it out of the package.", name);
            }

            var content = await open(name, cancellationToken).ConfigureAwait(false);
            await using (content.ConfigureAwait(false))
            {
                int read;
                while ((read = await content.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    fileHash.AppendData(buffer, 0, read);
                }
            }

            var line = Convert.ToHexString(fileHash.GetHashAndReset()).ToLowerInvariant() + "  " + name + "\n";
            summary.AppendData(Encoding.UTF8.GetBytes(line));
        }

        return PackageHash.Create(PackageHash.H1Scheme, Convert.ToBase64String(summary.GetHashAndReset()));
    }

    /// <summary>
    /// <c>h1:</c> from file hashes already computed (name, sha256 of content), with exactly the
    /// summary <see cref="Hash1Async"/> builds; used where the content was hashed while it was
    /// written (<see cref="SafeZipExtractor"/>), so it need not be read back.
    /// </summary>
    internal static PackageHash Hash1FromFileHashes(List<(string Name, byte[] Sha256)> files)
    {
        files.Sort((a, b) => Utf8NameComparer.Instance.Compare(a.Name, b.Name));
        using var summary = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (name, sha) in files)
        {
            if (name.Contains('\n', StringComparison.Ordinal))
            {
                throw new TofuOciException(ErrorIds.PackageHashFailed, ErrorKind.InvalidData,
                    "dirhash: filenames with newlines are not supported; rename the file or leave it out of the package.", name);
            }

            var line = Convert.ToHexString(sha).ToLowerInvariant() + "  " + name + "\n";
            summary.AppendData(Encoding.UTF8.GetBytes(line));
        }

        return PackageHash.Create(PackageHash.H1Scheme, Convert.ToBase64String(summary.GetHashAndReset()));
    }

    /// <summary>
    /// <c>h1:</c> of a directory the way OpenTofu hashes an unpacked provider: the directory path's
    /// own symlinks are resolved, then the tree is walked without following links; every
    /// non-directory (regular file or symlink) is a name, and symlinks are read through, so a link
    /// to a directory fails like Go's read error. Directories, permissions and times do not count.
    /// </summary>
    public static Task<PackageHash> HashDirectoryAsync(string directory, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var root = ResolveRoot(directory);
        var names = new List<string>();
        try
        {
            Collect(new DirectoryInfo(root), string.Empty, names, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw HashFailed(directory, ex);
        }

        return HashFilesAsync(root, directory, names, cancellationToken);
    }

    private static async Task<PackageHash> HashFilesAsync(string root, string shown, List<string> names, CancellationToken cancellationToken)
    {
        try
        {
            return await Hash1Async(names, (name, _) =>
                    ValueTask.FromResult(LocalFileStream.OpenRead(Path.Combine(root, name))),
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw HashFailed(shown, ex);
        }
    }

    /// <summary>
    /// <c>h1:</c> of a zip file as Go's <c>HashZip</c> computes it: every central-directory name as
    /// stored (directory entries included, hashing as empty content); a duplicated name appears once
    /// per entry and each occurrence reads the last entry of that name.
    /// </summary>
    public static Task<PackageHash> HashZipAsync(string zipPath, CancellationToken cancellationToken = default) =>
        HashZipAsync(zipPath, null, cancellationToken);

    /// <summary>
    /// <c>h1:</c> of a zip file within <paramref name="limits"/>' entry count, byte and ratio limits
    /// (default <see cref="ZipExtractionOptions.ForProviders"/>): hashing decompresses every entry, so a
    /// bomb would otherwise cost minutes of CPU.
    /// </summary>
    public static async Task<PackageHash> HashZipAsync(string zipPath, ZipExtractionOptions? limits, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(zipPath);
        var file = OpenZipFile(zipPath);
        await using (file.ConfigureAwait(false))
        {
            return await HashZipAsync(file, zipPath, limits, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary><c>h1:</c> of a zip read from a seekable stream (see <see cref="HashZipAsync(string, CancellationToken)"/>).</summary>
    public static async Task<PackageHash> HashZipAsync(Stream zip, string? displayName = null, CancellationToken cancellationToken = default) =>
        await HashZipAsync(zip, displayName, null, cancellationToken).ConfigureAwait(false);

    /// <summary><c>h1:</c> of a zip read from a seekable stream within <paramref name="limits"/> (default <see cref="ZipExtractionOptions.ForProviders"/>).</summary>
    public static async Task<PackageHash> HashZipAsync(Stream zip, string? displayName, ZipExtractionOptions? limits, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(zip);
        if (!zip.CanSeek)
        {
            throw new ArgumentException("The zip stream must be seekable; copy it to a file first.", nameof(zip));
        }

        displayName ??= "zip stream";
        var budget = new ZipBudget(zip, limits ?? ZipExtractionOptions.ForProviders, displayName, "read");
        using var archive = ZipArchives.Open(budget.Archive, displayName);
        budget.CheckEntryCount(archive.Entries.Count);
        var names = new List<string>(archive.Entries.Count);
        var last = new Dictionary<string, ZipArchiveEntry>(StringComparer.Ordinal);
        foreach (var entry in archive.Entries)
        {
            names.Add(entry.FullName);
            last[entry.FullName] = entry;
        }

        try
        {
            return await Hash1Async(names, (name, _) => ValueTask.FromResult(budget.Open(last[name])), cancellationToken)
                .ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException)
        {
            throw new TofuOciException(ErrorIds.InvalidArchive, ErrorKind.InvalidData,
                $"Cannot read \"{displayName}\" to compute its h1: hash: {ex.Message} The file is not a valid zip archive; download it again.",
                displayName, ex);
        }
    }

    internal static FileStream OpenZipFile(string zipPath)
    {
        try
        {
            return new FileStream(zipPath, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.Asynchronous);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new TofuOciException(ErrorIds.InvalidArchive, ErrorKind.InvalidArgument,
                $"Cannot open \"{zipPath}\": {ex.Message}", zipPath, ex);
        }
    }

    private static string ResolveRoot(string directory)
    {
        var info = new DirectoryInfo(directory);
        var target = info.LinkTarget is null ? null : info.ResolveLinkTarget(returnFinalTarget: true);
        return target?.FullName ?? info.FullName;
    }

    private static void Collect(DirectoryInfo directory, string prefix, List<string> names, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        foreach (var item in directory.EnumerateFileSystemInfos("*", DirectoryWalk.OneLevel))
        {
            var name = prefix + item.Name;
            var isLink = item.Attributes.HasFlag(FileAttributes.ReparsePoint);
            if (item.Attributes.HasFlag(FileAttributes.Directory) && !isLink)
            {
                Collect((DirectoryInfo)item, name + "/", names, cancellationToken);
            }
            else
            {
                names.Add(name);
            }
        }
    }


    private static TofuOciException HashFailed(string directory, Exception ex) =>
        new(ErrorIds.PackageHashFailed, ErrorKind.InvalidData,
            string.Create(CultureInfo.InvariantCulture,
                $"Cannot compute the h1: hash of \"{directory}\": {ex.Message} Every entry must be a readable file; a symbolic link to a directory cannot be hashed."),
            directory, ex);
}
