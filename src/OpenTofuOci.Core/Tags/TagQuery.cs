using OpenTofuOci.Core.Oci;
using OpenTofuOci.Core.Oci.Targets;
using OpenTofuOci.Core.Providers;

namespace OpenTofuOci.Core.Tags;

/// <summary>Lists a repository's tags the way the front ends show them.</summary>
public static class TagQuery
{
    /// <summary>
    /// All tags of <paramref name="target"/>, each with its provider version when the tag is one,
    /// sorted by version precedence (tags that are not versions last), then by tag name (ordinal).
    /// A name the registry lists that is not a valid OCI tag (<c>[A-Za-z0-9_][A-Za-z0-9._-]{0,127}</c>)
    /// is left out: no client can pull it, and it may carry terminal escape sequences.
    /// </summary>
    public static async Task<IReadOnlyList<TagEntry>> ListAsync(IReadOnlyTarget target, string repositoryText, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        var entries = new List<TagEntry>();
        await foreach (var tag in target.ListTagsAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!Reference.IsValidTag(tag))
            {
                continue;
            }

            entries.Add(new TagEntry(repositoryText, tag, ProviderVersion.TryParseTag(tag, out var version) ? version : null));
        }

        entries.Sort(Compare);
        return entries;
    }

    private static int Compare(TagEntry a, TagEntry b)
    {
        if (a.Version is not null && b.Version is not null)
        {
            var c = a.Version.CompareTo(b.Version);
            if (c != 0)
            {
                return c;
            }
        }
        else if (a.Version is not null || b.Version is not null)
        {
            return a.Version is null ? 1 : -1;
        }

        return string.CompareOrdinal(a.Tag, b.Tag);
    }
}
