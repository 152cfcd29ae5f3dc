namespace OpenTofuOci.Core.Oci.Targets;

/// <summary>Removes a tag without deleting the manifest it points at, where the target allows it.</summary>
public interface ITagDeleter
{
    /// <summary>Removes <paramref name="tag"/>; throws <c>NotFound</c> when there is no such tag and
    /// <c>Unsupported</c> when the target cannot remove a tag on its own.</summary>
    Task DeleteTagAsync(string tag, CancellationToken cancellationToken = default);
}
