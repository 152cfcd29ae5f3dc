namespace OpenTofuOci.Core.Packages;

/// <summary>
/// Checks archive entry names (and symlink targets) before anything touches the disk. Names are
/// refused rather than interpreted: a backslash, colon or odd segment could mean different paths on
/// different systems, and a package must extract to the same tree (and <c>h1:</c>) everywhere.
/// </summary>
internal static class ArchiveEntryName
{
    private static readonly HashSet<string> WindowsDeviceNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "CON", "PRN", "AUX", "NUL",
        "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
        "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
    };

    /// <summary>Why <paramref name="name"/> is unsafe, or null. A trailing <c>/</c> (directory entry) is allowed.</summary>
    public static string? Problem(string name)
    {
        if (name.Length == 0)
        {
            return "the name is empty";
        }

        // go-getter's own rule first (docs/opentofu-compatibility.md §2.6), so the reason matches what OpenTofu would say.
        foreach (var segment in name.Split('/', '\\'))
        {
            if (segment == "..")
            {
                return "it contains '..'";
            }
        }

        if (name[0] is '/' or '\\')
        {
            return "it is an absolute path";
        }

        foreach (var c in name)
        {
            if (char.IsControl(c))
            {
                return "it contains a control character";
            }
        }

        if (name.Contains('\\', StringComparison.Ordinal))
        {
            return "it contains a backslash";
        }

        if (name.Length >= 2 && name[1] == ':' && char.IsAsciiLetter(name[0]))
        {
            return "it starts with a drive letter";
        }

        if (name.Contains(':', StringComparison.Ordinal))
        {
            return "it contains a colon";
        }

        var path = name.EndsWith('/') ? name[..^1] : name;
        foreach (var segment in path.Split('/'))
        {
            var problem = SegmentProblem(segment);
            if (problem is not null)
            {
                return problem;
            }
        }

        return null;
    }

    private static string? SegmentProblem(string segment)
    {
        if (segment.Length == 0)
        {
            return "it contains an empty path segment";
        }

        if (segment == ".")
        {
            return "it contains a '.' segment";
        }

        if (segment[^1] is '.' or ' ')
        {
            return "a path segment ends with a dot or space, which Windows drops";
        }

        var stem = segment.Split('.')[0];
        if (WindowsDeviceNames.Contains(stem))
        {
            return "it uses a Windows device name";
        }

        return null;
    }

    /// <summary>
    /// Why a symlink entry at <paramref name="entryName"/> pointing at <paramref name="target"/> is
    /// unsafe, or null when the target stays inside the package.
    /// </summary>
    public static string? SymlinkProblem(string entryName, string target)
    {
        if (target.Length == 0)
        {
            return "the symbolic link has an empty target";
        }

        if (target[0] is '/' or '\\' || (target.Length >= 2 && target[1] == ':' && char.IsAsciiLetter(target[0])))
        {
            return $"the symbolic link points to an absolute path \"{target}\"";
        }

        if (target.Contains('\\', StringComparison.Ordinal) || target.Contains(':', StringComparison.Ordinal)
            || target.Any(char.IsControl))
        {
            return $"the symbolic link target \"{target}\" contains a backslash, colon or control character";
        }

        var depth = entryName.Split('/').Length - 1;
        foreach (var segment in target.Split('/'))
        {
            if (segment == "..")
            {
                depth--;
                if (depth < 0)
                {
                    return $"the symbolic link points outside the package (\"{target}\")";
                }
            }
            else if (segment.Length > 0 && segment != ".")
            {
                depth++;
            }
        }

        return null;
    }
}
