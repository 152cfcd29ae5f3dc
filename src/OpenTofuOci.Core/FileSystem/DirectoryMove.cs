namespace OpenTofuOci.Core.FileSystem;

/// <summary>
/// Moves a finished directory (an extracted package, a saved module) into its final place by renames
/// only, so the destination is at every moment the old content, the new content or — between the two
/// renames of a replacement — absent, never a mix; and a failed move leaves the old content in place.
/// </summary>
internal static class DirectoryMove
{
    /// <summary>
    /// Renames <paramref name="source"/> to <paramref name="target"/>. An absent target is simply taken; a
    /// vacant one is removed first (what counts as vacant is the caller's rule, <paramref name="isVacant"/>:
    /// no entries at all, or only empty directories); anything else is replaced (<see cref="Replace"/>).
    /// Whether replacing is allowed is the caller's decision, made before.
    /// </summary>
    public static void Into(string source, string target, Func<string, bool> isVacant)
    {
        if (!Exists(target))
        {
            Directory.Move(source, target);
            return;
        }

        if (isVacant(target))
        {
            Directory.Delete(target, recursive: true);
            Directory.Move(source, target);
            return;
        }

        Replace(source, target);
    }

    /// <summary>
    /// Puts the directory <paramref name="source"/> where <paramref name="target"/> (a file, a link or a
    /// directory) is: the old one is moved aside first (<see cref="TempPaths.Aside"/>) and put back if the
    /// move fails, so a failure leaves the destination as it was; it is deleted only once the new one is in
    /// place. A link is moved aside as the link, never followed.
    /// </summary>
    public static void Replace(string source, string target)
    {
        var aside = TempPaths.Aside(target);
        // Directory.Move renames a link to a directory as the link itself; File.Move would not find it.
        var asDirectory = Directory.Exists(target);
        var realDirectory = asDirectory && new DirectoryInfo(target).LinkTarget is null;
        MoveEntry(target, aside, asDirectory);
        try
        {
            Directory.Move(source, target);
        }
        catch
        {
            MoveEntry(aside, target, asDirectory);
            throw;
        }

        if (realDirectory)
        {
            Cleanup.DeleteDirectory(aside);
        }
        else if (asDirectory)
        {
            // Only the link: what it points at was never ours.
            Directory.Delete(aside);
        }
        else
        {
            File.Delete(aside);
        }
    }

    /// <summary>True when anything is at <paramref name="path"/>: a file, a directory, or a link (also a dangling one).</summary>
    public static bool Exists(string path) =>
        Directory.Exists(path) || File.Exists(path) || new FileInfo(path).LinkTarget is not null;

    private static void MoveEntry(string from, string to, bool isDirectory)
    {
        if (isDirectory)
        {
            Directory.Move(from, to);
        }
        else
        {
            File.Move(from, to);
        }
    }
}
