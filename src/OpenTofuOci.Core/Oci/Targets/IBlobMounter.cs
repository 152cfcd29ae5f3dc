namespace OpenTofuOci.Core.Oci.Targets;

/// <summary>Cross-repository blob mount on one registry.</summary>
public interface IBlobMounter
{
    /// <summary>Registry host[:port] this repository lives on.</summary>
    string Registry { get; }

    /// <summary>The repository's name on that registry, which another repository of it can mount from.</summary>
    string Repository { get; }

    /// <summary>Asks the registry to link a blob from <paramref name="fromRepository"/>.
    /// Returns false when the registry declined (it opened an upload instead); then the caller uploads.</summary>
    Task<bool> MountAsync(Descriptor descriptor, string fromRepository, CancellationToken cancellationToken = default);
}
