namespace OpenTofuOci.Core.Oci.Targets;

/// <summary>Points a tag at an existing manifest.</summary>
public interface ITagger
{
    Task TagAsync(Descriptor descriptor, string tag, CancellationToken cancellationToken = default);
}
