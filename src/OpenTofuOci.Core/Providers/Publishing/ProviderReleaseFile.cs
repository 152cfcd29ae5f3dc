using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.FileSystem;

namespace OpenTofuOci.Core.Providers.Publishing;

/// <summary>
/// One file of a provider release: a <c>terraform-provider-TYPE_VERSION_OS_ARCH.zip</c> or the
/// release's <c>SHA256SUMS</c>, on disk or in memory. Only the file name carries meaning (it names
/// type, version and platform, and becomes the layer's <c>org.opencontainers.image.title</c>);
/// the content is opened afresh for each pass so that nothing is buffered.
/// See docs/opentofu-compatibility.md §1.3 for the mirror shape the files end up in.
/// </summary>
public sealed class ProviderReleaseFile
{
    private readonly Func<Stream> _open;
    private readonly Func<long> _length;
    private readonly Func<ReleaseFileStamp>? _stamp;

    private ProviderReleaseFile(string name, string source, Func<Stream> open, Func<long> length, Func<ReleaseFileStamp>? stamp = null)
    {
        Name = name;
        Source = source;
        _open = open;
        _length = length;
        _stamp = stamp;
    }

    /// <summary>The file name without directory, e.g. <c>terraform-provider-aws_5.80.0_linux_amd64.zip</c>.</summary>
    public string Name { get; }

    /// <summary>Where the file comes from, for messages: a full path, or <c>memory:NAME</c>.</summary>
    public string Source { get; }

    /// <summary>True when the file is a checksum list (<c>SHA256SUMS</c> or <c>terraform-provider-TYPE_VERSION_SHA256SUMS</c>).</summary>
    public bool IsChecksums => IsChecksumsName(Name);

    /// <summary>Opens the content for reading from the start.</summary>
    public Stream Open() => Access(_open);

    /// <summary>The content's length in bytes now, without reading it.</summary>
    public long Length() => Access(_length);

    /// <summary>
    /// An opener for a read whose digest is learnt as it goes (one pass, nothing to compare with
    /// afterwards): every stream it opens fails at its end when the file's length or modification time
    /// is no longer what it was when this was called, so bytes torn by a writer are never committed.
    /// </summary>
    internal Func<Stream> OpenUnchanged()
    {
        if (_stamp is null)
        {
            return Open;
        }

        var before = Access(_stamp);
        return () => new UnchangedFileStream(Open(), this, before, () => Access(_stamp));
    }

    private T Access<T>(Func<T> access)
    {
        try
        {
            return access();
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new TofuOciException(ErrorIds.NotFound, ErrorKind.NotFound, $"Release file {Source} does not exist (any more).", Source, ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new TofuOciException(ErrorIds.InvalidProviderRelease, ErrorKind.InvalidArgument, $"Cannot read release file {Source}: {ex.Message}", Source, ex);
        }
    }

    /// <summary>A file on disk.</summary>
    public static ProviderReleaseFile FromPath(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        return new ProviderReleaseFile(Path.GetFileName(full), full,
            () => LocalFileStream.OpenRead(full),
            () => new FileInfo(full) is { Exists: true } info ? info.Length : throw new FileNotFoundException(null, full),
            () => new FileInfo(full) is { Exists: true } info ? new ReleaseFileStamp(info.Length, info.LastWriteTimeUtc) : throw new FileNotFoundException(null, full));
    }

    /// <summary>A file held in memory (used by the built-in sample and by tests).</summary>
    public static ProviderReleaseFile FromBytes(string name, ReadOnlyMemory<byte> content)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var bytes = content.ToArray();
        return new ProviderReleaseFile(name, "memory:" + name, () => new MemoryStream(bytes, writable: false), () => bytes.Length);
    }

    /// <summary>Content read through <paramref name="open"/> (tests count the bytes read this way).</summary>
    internal static ProviderReleaseFile FromOpener(string name, Func<Stream> open, Func<long> length) => new(name, "stream:" + name, open, length);

    /// <summary>
    /// Expands what a user named: a directory gives its release zips and checksum file (other files
    /// such as <c>.sig</c> signatures are left out, because release directories hold them); a file is
    /// taken as given and judged by <see cref="ProviderReleaseScanner"/>. A path that does not exist
    /// throws <see cref="ErrorIds.NotFound"/>.
    /// </summary>
    public static IReadOnlyList<ProviderReleaseFile> FromPaths(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var files = new List<ProviderReleaseFile>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                files.AddRange(Directory.EnumerateFiles(path)
                    .Where(f => ProviderReleaseScanner.IsReleaseZipName(Path.GetFileName(f)) || IsChecksumsName(Path.GetFileName(f)))
                    .Order(StringComparer.Ordinal)
                    .Select(FromPath));
            }
            else if (File.Exists(path))
            {
                files.Add(FromPath(path));
            }
            else
            {
                throw new TofuOciException(ErrorIds.NotFound, ErrorKind.NotFound,
                    $"{path} is neither a file nor a directory; give a directory of release zips or the zip files themselves.", path);
            }
        }

        return files;
    }

    internal static bool IsChecksumsName(string name) =>
        name == "SHA256SUMS" || (name.StartsWith("terraform-provider-", StringComparison.Ordinal) && name.EndsWith("_SHA256SUMS", StringComparison.Ordinal));

    /// <inheritdoc/>
    public override string ToString() => Source;
}
