using System.Security.Cryptography;

namespace OpenTofuOci.Core.FileSystem;

/// <summary>
/// The names of every temporary file and directory Core writes. They start with a dot, carry the final
/// name, and end in <c>.tmp-&lt;random&gt;</c> (or <c>.old-&lt;random&gt;</c> for something moved aside),
/// so a leftover from a killed process says what it was for, is hidden in listings, and is never taken
/// for a package, a blob or a lock file by OpenTofu or by us.
/// </summary>
internal static class TempPaths
{
    /// <summary>The marker of a temporary file or directory: <c>.tmp-</c>.</summary>
    public const string TemporaryMarker = ".tmp-";

    /// <summary>The marker of something moved aside to be replaced: <c>.old-</c>.</summary>
    public const string AsideMarker = ".old-";

    /// <summary>
    /// A new name in the same directory as <paramref name="finalPath"/>, <c>.&lt;name&gt;.tmp-&lt;random&gt;</c>:
    /// the same directory, so the final rename stays on one file system and is atomic.
    /// </summary>
    public static string Beside(string finalPath) => Sibling(finalPath, TemporaryMarker);

    /// <summary>Where to move <paramref name="path"/> while its replacement goes in: <c>.&lt;name&gt;.old-&lt;random&gt;</c> beside it.</summary>
    public static string Aside(string path) => Sibling(path, AsideMarker);

    /// <summary>True for the names this class makes (for clean-up checks).</summary>
    public static bool IsTemporary(string path)
    {
        var name = Path.GetFileName(Path.TrimEndingDirectorySeparator(path));
        return name.Contains(TemporaryMarker, StringComparison.Ordinal) || name.Contains(AsideMarker, StringComparison.Ordinal);
    }

    private static string Sibling(string path, string marker)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var trimmed = Path.TrimEndingDirectorySeparator(path);
        var directory = Path.GetDirectoryName(trimmed)
            ?? throw new ArgumentException("A file system root has no directory to hold a temporary name beside it.", nameof(path));
        return Path.Combine(directory, $".{Path.GetFileName(trimmed)}{marker}{RandomSuffix()}");
    }

    // 48 random bits: enough that parallel writers never pick one name (and CreateNew would refuse it if they did).
    private static string RandomSuffix() => Convert.ToHexString(RandomNumberGenerator.GetBytes(6)).ToLowerInvariant();
}
