namespace OpenTofuOci.Core.Oci.Targets;

/// <summary>
/// Tells how many bytes a target holds under a descriptor's digest, without transferring them
/// (a <c>HEAD</c> on a registry, the file's length in a layout). <see cref="IContentChecker"/> only says
/// yes or no; an audit needs to tell "missing" from "stored with another size" (docs/opentofu-compatibility.md §12).
/// </summary>
public interface IContentSizer
{
    /// <summary>The stored size of the content <paramref name="descriptor"/> names, or null when there is none.</summary>
    Task<long?> SizeAsync(Descriptor descriptor, CancellationToken cancellationToken = default);
}
