namespace OpenTofuOci.Core.Oci.Targets;

/// <summary>Stores a manifest and tags it in one step (one <c>PUT manifests/&lt;tag&gt;</c> on a registry).</summary>
public interface IReferencePusher
{
    Task PushAsync(Descriptor descriptor, Stream content, string tag, CancellationToken cancellationToken = default);
}
