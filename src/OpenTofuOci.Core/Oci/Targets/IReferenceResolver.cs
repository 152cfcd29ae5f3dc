namespace OpenTofuOci.Core.Oci.Targets;

/// <summary>Resolves a tag or digest string to the descriptor of the manifest it names.</summary>
public interface IReferenceResolver
{
    /// <summary>Resolves <paramref name="reference"/> (a tag or <c>alg:hex</c> digest).
    /// Throws <c>NotFound</c> when nothing has that name.</summary>
    Task<Descriptor> ResolveAsync(string reference, CancellationToken cancellationToken = default);
}
