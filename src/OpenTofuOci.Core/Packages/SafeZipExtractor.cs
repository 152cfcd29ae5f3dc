using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.FileSystem;

namespace OpenTofuOci.Core.Packages;

/// <summary>
/// Extracts a provider or module zip the way OpenTofu's go-getter <c>ZipDecompressor</c> does
/// (docs/opentofu-compatibility.md §2.6) — same files, same contents, executable bits kept, symlink
/// entries written as regular files holding the link text, so <c>h1:</c> of the result equals
/// OpenTofu's — but refuses what go-getter would let through: names that escape or mean different
/// paths on different systems, duplicates (also case-only ones), symlinks leaving the package, and
/// more entries or bytes than <see cref="ZipExtractionOptions"/> allow.
/// Everything is checked before the first byte is written; content is extracted into
/// <c>&lt;parent&gt;/.&lt;name&gt;.tmp-&lt;random&gt;/&lt;name&gt;</c> (the outer directory 0700) and moved
/// into place only when complete, so a failure or cancellation leaves nothing behind.
/// </summary>
public static class SafeZipExtractor
{
    private const int MaxSymlinkTargetBytes = 4096;
    private const int UnixTypeMask = 0xF000;
    private const int UnixRegular = 0x8000;
    private const int UnixDirectory = 0x4000;
    private const int UnixSymlink = 0xA000;
    private const UnixFileMode PlainFileMode = (UnixFileMode)0x1A4; // 0644
    private const UnixFileMode DirectoryMode = (UnixFileMode)0x1ED; // 0755, as go-getter's MkdirAll

    /// <summary>Extracts the zip file at <paramref name="zipPath"/> into <paramref name="destination"/>.</summary>
    public static async Task<ZipExtractionResult> ExtractAsync(string zipPath, string destination,
        ZipExtractionOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(zipPath);
        var file = DirHash.OpenZipFile(zipPath);
        await using (file.ConfigureAwait(false))
        {
            return await ExtractAsync(file, destination, options, zipPath, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Extracts a zip from a seekable stream (left open) into <paramref name="destination"/>.</summary>
    public static async Task<ZipExtractionResult> ExtractAsync(Stream zip, string destination,
        ZipExtractionOptions? options = null, string? displayName = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(zip);
        ArgumentException.ThrowIfNullOrEmpty(destination);
        if (!zip.CanSeek)
        {
            throw new ArgumentException("The zip stream must be seekable; copy it to a temporary file first.", nameof(zip));
        }

        options ??= ZipExtractionOptions.ForProviders;
        var target = Target(destination);
        CheckDestination(target, options);
        using var staged = await StageCoreAsync(zip, target, options, displayName ?? "zip archive", null, cancellationToken).ConfigureAwait(false);
        staged.MoveTo(target, options.Overwrite);
        return staged.Result;
    }

    /// <summary>
    /// Extracts the zip file at <paramref name="zipPath"/> completely into a new temporary directory beside
    /// <paramref name="destination"/>, without looking at or touching the destination itself: the caller
    /// decides under its own lock whether to <see cref="StagedExtraction.MoveTo"/> it there. Disposing
    /// the result removes the directory unless it was moved. Errors name the archive as <paramref name="displayName"/>.
    /// </summary>
    internal static async Task<StagedExtraction> StageAsync(string zipPath, string destination, ZipExtractionOptions options, string displayName,
        IExtractionProgress? progress, CancellationToken cancellationToken)
    {
        var file = DirHash.OpenZipFile(zipPath);
        await using (file.ConfigureAwait(false))
        {
            return await StageCoreAsync(file, Target(destination), options, displayName, progress, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// <see cref="StageAsync(string, string, ZipExtractionOptions, string, IExtractionProgress?, CancellationToken)"/>
    /// for a zip read from a seekable stream (left open): a file still being downloaded, read as it arrives.
    /// </summary>
    internal static Task<StagedExtraction> StageAsync(Stream zip, string destination, ZipExtractionOptions options, string displayName,
        IExtractionProgress? progress, CancellationToken cancellationToken) =>
        StageCoreAsync(zip, Target(destination), options, displayName, progress, cancellationToken);

    private static string Target(string destination)
    {
        ArgumentException.ThrowIfNullOrEmpty(destination);
        var target = Path.GetFullPath(destination).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
        return Path.GetDirectoryName(target) is null
            ? throw new ArgumentException("The destination cannot be a file system root.", nameof(destination))
            : target;
    }

    private static async Task<StagedExtraction> StageCoreAsync(Stream zip, string target, ZipExtractionOptions options, string displayName,
        IExtractionProgress? progress, CancellationToken cancellationToken)
    {
        var budget = new ZipBudget(zip, options, displayName, "extract");
        using var archive = ZipArchives.Open(budget.Archive, displayName);
        var (plan, declared) = Plan(archive, displayName, budget);
        progress?.Planned(declared);

        var parent = Path.GetDirectoryName(target)!;
        Directory.CreateDirectory(parent);
        // The package is written inside a private (0700) directory beside the target, so that nobody
        // else can read it, or open one of its files to change it later, while it is incomplete; the
        // package directory itself gets ordinary modes and is renamed out of it when complete.
        var temp = TempPaths.Beside(target);
        CreatePrivateDirectory(temp);
        var content = Path.Combine(temp, Path.GetFileName(target));
        try
        {
            CreateDirectory(content);
            var hashes = options.ComputeH1 ? new List<(string Name, byte[] Sha256)>(plan.Count) : null;
            var (files, bytes) = await WriteAsync(plan, content, displayName, budget, hashes, progress, cancellationToken).ConfigureAwait(false);
            // The directory is written fresh and moved into place whole, so its files are exactly
            // the non-directory entries written, under their entry names (unique, checked by Plan).
            var h1 = hashes is null ? (PackageHash?)null : DirHash.Hash1FromFileHashes(hashes);
            cancellationToken.ThrowIfCancellationRequested();
            return new StagedExtraction(temp, content, new ZipExtractionResult(target, files, bytes) { H1 = h1 });
        }
        catch
        {
            Cleanup.DeleteDirectory(temp);
            throw;
        }
    }

    private enum EntryKind
    {
        File,
        Directory,
        Symlink,
    }

    private sealed record PlannedEntry(ZipArchiveEntry Entry, string Name, EntryKind Kind, UnixFileMode Mode);

    // The entries to write, checked, and the uncompressed bytes their headers declare (what progress counts towards).
    private static (List<PlannedEntry> Plan, long Declared) Plan(ZipArchive archive, string displayName, ZipBudget budget)
    {
        var entries = archive.Entries;
        if (entries.Count == 0)
        {
            throw new TofuOciException(ErrorIds.EmptyArchive, ErrorKind.InvalidData,
                $"empty archive: {displayName} has no entries; the package is broken, publish it again.", displayName);
        }

        budget.CheckEntryCount(entries.Count);

        var plan = new List<PlannedEntry>(entries.Count);
        var names = new EntryNameSet();
        long declared = 0;
        foreach (var entry in entries)
        {
            var name = entry.FullName;
            var problem = ArchiveEntryName.Problem(name);
            if (problem is not null)
            {
                throw Unsafe(displayName, name, problem);
            }

            var unix = (entry.ExternalAttributes >> 16) & 0xFFFF;
            var type = unix & UnixTypeMask;
            var kind = name.EndsWith('/') || type == UnixDirectory ? EntryKind.Directory
                : type == UnixSymlink ? EntryKind.Symlink
                : type is 0 or UnixRegular ? EntryKind.File
                : throw Unsafe(displayName, name, "it is a device, pipe or socket, not a file");
            if (kind == EntryKind.Directory && entry.Length > 0)
            {
                throw Unsafe(displayName, name, "it is a directory entry with content");
            }

            // The mode a file is created with; the OS then clears the umask's bits, as it does for any
            // file the user creates (go-getter instead forces the zip's mode with umask 0,
            // docs/opentofu-compatibility.md §2.6). Group and other write are never asked for: an installed
            // provider is run later, so whoever may write it may run code as the user. Zips made on
            // Windows carry no Unix mode (0), and symlink entries become files holding the link text:
            // both get plain rw-r--r-- rather than go-getter's unreadable 0 or a link's rwxrwxrwx.
            // Owner read/write is always asked for so the package can be hashed, verified and replaced later.
            var mode = unix == 0 || kind == EntryKind.Symlink ? PlainFileMode : (UnixFileMode)((unix & 0x1ED) | 0x180);
            var path = name.TrimEnd('/');
            var collision = names.Add(path, kind == EntryKind.Directory);
            if (collision is not null)
            {
                throw Unsafe(displayName, name, collision);
            }

            if (kind != EntryKind.Directory)
            {
                declared += entry.Length;
                budget.CheckDeclared(declared);
            }

            plan.Add(new PlannedEntry(entry, path, kind, mode));
        }

        return (plan, declared);
    }

    private static async Task<(int Files, long Bytes)> WriteAsync(List<PlannedEntry> plan, string root, string displayName,
        ZipBudget budget, List<(string Name, byte[] Sha256)>? hashes, IExtractionProgress? progress, CancellationToken cancellationToken)
    {
        Action<int>? written = progress is null ? null : progress.Written;
        using var fileHash = hashes is null ? null : IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var files = 0;
        foreach (var planned in plan)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var path = Path.Combine(root, planned.Name.Replace('/', Path.DirectorySeparatorChar));
            if (planned.Kind == EntryKind.Directory)
            {
                CreateDirectory(path);
                continue;
            }

            CreateDirectory(Path.GetDirectoryName(path)!);
            try
            {
                if (planned.Kind == EntryKind.Symlink)
                {
                    await WriteSymlinkAsFileAsync(planned, path, displayName, budget, fileHash, cancellationToken).ConfigureAwait(false);
                    written?.Invoke((int)planned.Entry.Length);
                }
                else
                {
                    await CopyEntryAsync(planned, path, budget, fileHash, written, cancellationToken).ConfigureAwait(false);
                }

                hashes?.Add((planned.Name, fileHash!.GetHashAndReset()));
            }
            catch (InvalidDataException ex)
            {
                throw new TofuOciException(ErrorIds.InvalidArchive, ErrorKind.InvalidData,
                    $"Cannot read entry \"{planned.Entry.FullName}\" of {displayName}: {ex.Message} The archive is damaged; download or publish it again.",
                    planned.Entry.FullName, ex);
            }

            files++;
        }

        return (files, budget.Total);
    }

    private static async Task CopyEntryAsync(PlannedEntry planned, string path, ZipBudget budget,
        IncrementalHash? hash, Action<int>? written, CancellationToken cancellationToken)
    {
        var source = budget.Open(planned.Entry);
        await using (source.ConfigureAwait(false))
        {
            var output = Create(path, planned.Mode);
            await using (output.ConfigureAwait(false))
            {
                await OverlappedCopy.CopyAsync(source, output, planned.Entry.Length, hash, written, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    // OpenTofu writes symlink entries as regular files holding the link text (docs/opentofu-compatibility.md §2.6); doing the
    // same keeps h1: identical, and no real link can ever redirect a later write.
    private static async Task WriteSymlinkAsFileAsync(PlannedEntry planned, string path, string displayName, ZipBudget budget,
        IncrementalHash? hash, CancellationToken cancellationToken)
    {
        if (planned.Entry.Length > MaxSymlinkTargetBytes)
        {
            throw Unsafe(displayName, planned.Entry.FullName, "the symbolic link target is too long");
        }

        var buffer = new byte[MaxSymlinkTargetBytes + 1];
        var length = 0;
        var source = budget.Open(planned.Entry);
        await using (source.ConfigureAwait(false))
        {
            int read;
            while (length < buffer.Length
                && (read = await source.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false)) > 0)
            {
                length += read;
            }
        }

        if (length > MaxSymlinkTargetBytes)
        {
            throw Unsafe(displayName, planned.Entry.FullName, "the symbolic link target is too long");
        }

        var target = new UTF8Encoding(false, true).GetString(buffer, 0, length);
        var problem = ArchiveEntryName.SymlinkProblem(planned.Name, target);
        if (problem is not null)
        {
            throw Unsafe(displayName, planned.Entry.FullName, problem);
        }

        hash?.AppendData(buffer, 0, length);
        var output = Create(path, planned.Mode);
        await using (output.ConfigureAwait(false))
        {
            await output.WriteAsync(buffer.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
        }
    }

    // Creating with the mode (rather than setting it afterwards) lets the OS apply the umask. Writes are
    // synchronous, unbuffered calls from the copying thread: an asynchronous file on Unix would hand every
    // block to the thread pool and back (the spinning that showed in the profile, tests/benchmarks/README.md).
    private static FileStream Create(string path, UnixFileMode mode)
    {
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
            BufferSize = 0,
        };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = mode;
        }

        return new FileStream(path, options);
    }

    private static void CreatePrivateDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    private static void CreateDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, DirectoryMode);
        }
    }

    private static void CheckDestination(string target, ZipExtractionOptions options) => CheckDestination(target, options.Overwrite);

    private static void CheckDestination(string target, bool overwrite)
    {
        if (overwrite || !DirectoryMove.Exists(target) || IsEmptyDirectory(target))
        {
            return;
        }

        throw new TofuOciException(ErrorIds.DestinationExists, ErrorKind.ResourceExists,
            $"\"{target}\" already exists and is not empty; remove it, choose another destination, or allow overwriting.", target);
    }

    // An empty destination (OpenTofu's rule) is replaced freely; anything else only with overwrite.
    internal static void MoveIntoPlace(string temp, string target, bool overwrite)
    {
        CheckDestination(target, overwrite);
        DirectoryMove.Into(temp, target, IsEmptyDirectory);
    }

    // "Empty" as OpenTofu sees it (docs/opentofu-compatibility.md §2.1 4c): a real directory whose h1: is the empty package's,
    // i.e. it holds no files or links, only (possibly nested) empty directories.
    private static bool IsEmptyDirectory(string path) =>
        Directory.Exists(path) && new DirectoryInfo(path).LinkTarget is null
        && !new DirectoryInfo(path).EnumerateFileSystemInfos("*", EmptinessWalk)
            .Any(e => !e.Attributes.HasFlag(FileAttributes.Directory) || e.LinkTarget is not null);

    private static readonly EnumerationOptions EmptinessWalk = new()
    {
        AttributesToSkip = 0,
        IgnoreInaccessible = false,
        RecurseSubdirectories = true,
    };

    private static TofuOciException Unsafe(string displayName, string entryName, string reason) =>
        new(ErrorIds.UnsafeArchiveEntry, ErrorKind.InvalidData,
            $"Refusing to extract {displayName}: entry \"{UntrustedText.Escape(entryName)}\" is unsafe because {reason}. Nothing was extracted; ask the publisher to rebuild the package.",
            entryName);

}
