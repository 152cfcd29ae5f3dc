using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Tags;
using OpenTofuOci.PowerShell.Output;

namespace OpenTofuOci.PowerShell.Mapping;

/// <summary>Maps Core's tag entries to <see cref="TofuOciTagInfo"/> objects and applies -Name and -VersionOnly.</summary>
internal static class TagInfoMapping
{
    public static TofuOciTagInfo ToInfo(TagEntry entry, TofuOciConnection connection)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return new TofuOciTagInfo(entry.Repository, entry.Tag, entry.Version?.ToString(), connection);
    }

    /// <summary>
    /// The tags to write, in Core's order, and one error per literal -Name that matched none of them
    /// (like <c>Get-Process -Name</c>: a name without wildcards is expected to exist).
    /// </summary>
    public static TagSelection Select(IEnumerable<TagEntry> entries, TagNameFilter filter, bool versionOnly, string repositoryText, TofuOciConnection connection)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(filter);
        var selected = entries
            .Where(e => (!versionOnly || e.Version is not null) && filter.IsMatch(e.Tag))
            .Select(e => ToInfo(e, connection))
            .ToList();
        var missing = filter.LiteralNames
            .Where(name => !selected.Exists(t => string.Equals(t.Tag, name, StringComparison.OrdinalIgnoreCase)))
            .Select(name => new TofuOciException(ErrorIds.NotFound, ErrorKind.NotFound,
                versionOnly
                    ? $"No version tag \"{name}\" in {repositoryText}; run Get-TofuOciTag -Repository {repositoryText} to see all its tags."
                    : $"No tag \"{name}\" in {repositoryText}; run Get-TofuOciTag -Repository {repositoryText} to see its tags.",
                $"{repositoryText}:{name}"))
            .ToList();
        return new TagSelection(selected, missing);
    }
}

internal sealed record TagSelection(IReadOnlyList<TofuOciTagInfo> Tags, IReadOnlyList<TofuOciException> MissingNames);
