namespace OpenTofuOci.Core.Packages;

/// <summary>How package code lists a directory: every entry, the way Go's walk sees it.</summary>
internal static class DirectoryWalk
{
    /// <summary>
    /// One level, hidden and system files included (Go's walk counts them; .NET skips them by
    /// default), inaccessible entries an error rather than silently left out, names matched literally.
    /// </summary>
    public static EnumerationOptions OneLevel { get; } = new()
    {
        AttributesToSkip = 0,
        IgnoreInaccessible = false,
        RecurseSubdirectories = false,
        ReturnSpecialDirectories = false,
        MatchType = MatchType.Simple,
    };
}
