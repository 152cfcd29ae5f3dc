namespace OpenTofuOci.Core.Oci.Targets;

/// <summary>
/// A target whose storage comes into being with its first push, such as an OCI image-layout
/// directory that was just created and holds no <c>oci-layout</c> file yet. Until then it holds no
/// tags: reading one is "nothing there yet", not a broken store. A registry repository is created by
/// the registry and does not need this.
/// </summary>
public interface ICreatedOnFirstPush
{
    /// <summary>True once the storage exists (for a layout: its <c>oci-layout</c> file).</summary>
    bool IsCreated { get; }
}
