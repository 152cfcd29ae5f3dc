namespace OpenTofuOci.Core.Oci.Targets;

/// <summary>Tells whether content exists without transferring it.</summary>
public interface IContentChecker
{
    Task<bool> ExistsAsync(Descriptor descriptor, CancellationToken cancellationToken = default);
}
