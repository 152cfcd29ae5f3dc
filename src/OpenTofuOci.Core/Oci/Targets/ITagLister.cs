namespace OpenTofuOci.Core.Oci.Targets;

/// <summary>Lists the tags of one repository (all pages).</summary>
public interface ITagLister
{
    IAsyncEnumerable<string> ListTagsAsync(CancellationToken cancellationToken = default);
}
