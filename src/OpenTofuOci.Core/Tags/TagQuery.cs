using OpenTofuOci.Core.Oci.Targets;
using OpenTofuOci.Core.Providers;

namespace OpenTofuOci.Core.Tags;

/// <summary>STUB (pwsh branch only; replaced by the real Core implementation on merge).</summary>
public static class TagQuery
{
    public static async Task<IReadOnlyList<TagEntry>> ListAsync(IReadOnlyTarget target, string repositoryText, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        var list = new List<TagEntry>();
        await foreach (var tag in target.ListTagsAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(new TagEntry(repositoryText, tag, ProviderVersion.TryParseTag(tag, out var v) ? v : null));
        }

        return [.. list.OrderBy(e => e.Tag, StringComparer.Ordinal)];
    }
}
