namespace OpenTofuOci.Core.FileSystem;

/// <summary>
/// Best-effort removal of what a failed or finished operation leaves behind (temporary files, staging
/// directories, directories it created). It never throws for a file system error: the failure that
/// led here is what the caller must report, and a leftover is named as temporary (<see cref="TempPaths"/>).
/// </summary>
internal static class Cleanup
{
    /// <summary>Deletes the file when it exists.</summary>
    public static void DeleteFile(string path) => Quietly(() => File.Delete(path));

    /// <summary>Deletes the directory and everything in it when it exists.</summary>
    public static void DeleteDirectory(string path) => Quietly(() =>
    {
        if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }
    });

    /// <summary>Deletes the directory when it exists and holds nothing at all.</summary>
    public static void DeleteIfEmpty(string path) => Quietly(() =>
    {
        if (Directory.Exists(path) && !Directory.EnumerateFileSystemEntries(path).Any())
        {
            Directory.Delete(path);
        }
    });

    private static void Quietly(Action delete)
    {
        try
        {
            delete();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Best effort, see the class remarks.
        }
    }
}
