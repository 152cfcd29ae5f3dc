using OpenTofuOci.Core.Oci.Targets;
using OpenTofuOci.Core.Providers;

namespace OpenTofuOci.Core.Auditing;

/// <summary>A tag OpenTofu reads as a version (docs/opentofu-compatibility.md §1.2).</summary>
internal sealed record VersionTag(string Tag, ProviderVersion Version)
{
    /// <summary>The tag OpenTofu looks the version up under (§1.3 step 1).</summary>
    public string CanonicalTag => Version.ToTag();

    public bool IsCanonical => string.Equals(Tag, CanonicalTag, StringComparison.Ordinal);
}

/// <summary>A tag that looks like a version but that OpenTofu ignores (§8.3), with the tag it would read, when there is one.</summary>
internal sealed record LookalikeTag(string Tag, string? CanonicalTag);

/// <summary>
/// Sorts a repository's tags the way OpenTofu's mirror source sees them (docs/opentofu-compatibility.md §1.2, §8.1–§8.3):
/// versions, look-alikes it ignores silently (<c>v1.2.3</c>, <c>1.2.3.4</c>, two <c>_</c>), and the rest, which
/// includes <c>latest</c> and the referrers tags (<c>sha256-…</c>) and is nobody's concern.
/// </summary>
internal static class VersionTags
{
    public static (IReadOnlyList<VersionTag> Versions, IReadOnlyList<LookalikeTag> Lookalikes) Classify(IEnumerable<string> tags)
    {
        var versions = new List<VersionTag>();
        var lookalikes = new List<LookalikeTag>();
        foreach (var tag in tags)
        {
            if (ProviderVersion.TryParseTag(tag, out var version))
            {
                versions.Add(new VersionTag(tag, version!));
            }
            else if (LooksLikeVersion(tag) && !ReferrersTag.IsReferrersTag(tag))
            {
                lookalikes.Add(new LookalikeTag(tag, AuditFixer.CanonicalTag(tag)));
            }
        }

        return (versions.OrderBy(v => v.Version).ThenBy(v => v.Tag, StringComparer.Ordinal).ToList(),
            lookalikes.OrderBy(l => l.Tag, StringComparer.Ordinal).ToList());
    }

    // A digit first, or v and a digit: what people write when they mean a version.
    private static bool LooksLikeVersion(string tag) =>
        tag.Length > 0 && (char.IsAsciiDigit(tag[0]) || (tag.Length > 1 && tag[0] is 'v' or 'V' && char.IsAsciiDigit(tag[1])));
}
