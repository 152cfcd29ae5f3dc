namespace OpenTofuOci.Core.Oci.Targets;

/// <summary>Deletes a manifest or blob where the target allows it.</summary>
public interface IDeleter
{
    Task DeleteAsync(Descriptor descriptor, CancellationToken cancellationToken = default);
}
