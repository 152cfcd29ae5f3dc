namespace OpenTofuOci.Core.FileSystem;

/// <summary>
/// A new directory in the system's temporary directory that only the user can enter (0700 on Unix),
/// <c>tofu-oci.tmp-&lt;random&gt;</c>, for files that never move into a destination (a module zip being
/// published or saved, a provider package only hashed). The shared temporary directory is world
/// writable and usually world readable: a file created there directly could be read by other users
/// (a private module) or raced for its name. Disposing removes the directory with everything in it.
/// The only place Core touches the shared temporary directory.
/// </summary>
internal sealed class PrivateTempDirectory : IDisposable
{
    private PrivateTempDirectory(string path) => Path = path;

    /// <summary>The directory's full path.</summary>
    public string Path { get; }

    /// <summary>Creates the directory: a fresh random name (mkdtemp), never an existing one, 0700 on Unix.</summary>
    public static PrivateTempDirectory Create()
    {
        try
        {
            var path = Directory.CreateTempSubdirectory("tofu-oci" + TempPaths.TemporaryMarker).FullName;
            if (!OperatingSystem.IsWindows())
            {
                // .NET creates it 0700 already; say so explicitly rather than rely on that.
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            return new PrivateTempDirectory(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Errors.FileSystemErrors.Translate(ex);
        }
    }

    /// <summary>A path for <paramref name="name"/> inside the directory.</summary>
    public string Combine(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return System.IO.Path.Combine(Path, name);
    }

    public void Dispose() => Cleanup.DeleteDirectory(Path);
}
