namespace OpenTofuOci.Core.Packages;

/// <summary>
/// The names of one archive, checked for collisions as Windows and macOS would see them:
/// exact or case-only duplicates, a file where a directory is needed, or one directory spelled in
/// two cases. Used both when extracting and when writing, so what we write we can also extract.
/// </summary>
internal sealed class EntryNameSet
{
    private readonly Dictionary<string, string> _files = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _directories = new(StringComparer.Ordinal);
    private readonly HashSet<string> _explicitDirectories = new(StringComparer.Ordinal);

    /// <summary>Adds a name (without trailing slash); returns why it collides, or null.</summary>
    public string? Add(string path, bool isDirectory)
    {
        var key = path.ToUpperInvariant();
        if (isDirectory)
        {
            if (!_explicitDirectories.Add(key))
            {
                return "another entry has the same name (names that differ only in case collide on Windows and macOS)";
            }

            return _files.TryGetValue(key, out var file)
                ? $"the file \"{file}\" has the same name"
                : AddDirectory(path);
        }

        if (_files.TryGetValue(key, out var other))
        {
            return $"it duplicates \"{other}\" (names that differ only in case collide on Windows and macOS)";
        }

        if (_directories.ContainsKey(key))
        {
            return "a directory has the same name";
        }

        _files[key] = path;
        var slash = path.LastIndexOf('/');
        return slash > 0 ? AddDirectory(path[..slash]) : null;
    }

    private string? AddDirectory(string path)
    {
        while (path.Length > 0)
        {
            var key = path.ToUpperInvariant();
            if (_files.TryGetValue(key, out var file))
            {
                return $"the file \"{file}\" is also needed as a directory";
            }

            if (_directories.TryGetValue(key, out var spelled))
            {
                return string.Equals(spelled, path, StringComparison.Ordinal)
                    ? null
                    : $"its directory \"{path}\" differs only in case from \"{spelled}\"";
            }

            _directories[key] = path;
            var slash = path.LastIndexOf('/');
            path = slash > 0 ? path[..slash] : string.Empty;
        }

        return null;
    }
}
