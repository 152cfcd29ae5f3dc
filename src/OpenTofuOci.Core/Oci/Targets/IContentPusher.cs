namespace OpenTofuOci.Core.Oci.Targets;

/// <summary>Stores content under its digest. Content is verified against the descriptor before it is committed.</summary>
public interface IContentPusher
{
    Task PushAsync(Descriptor descriptor, Stream content, CancellationToken cancellationToken = default);
}
