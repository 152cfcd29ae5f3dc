using OpenTofuOci.Core.Oci;

namespace OpenTofuOci.Core.Providers;

/// <summary>
/// What OpenTofu's <c>PackageMeta</c> knows about one provider package in an OCI mirror
/// (docs/opentofu-compatibility.md §1.3 step 6): the descriptors on the way to the zip, its expected
/// <c>zh:</c> hash and the cosmetic file name.
/// </summary>
/// <param name="Address">The provider.</param>
/// <param name="Version">The version, as listed (canonical form).</param>
/// <param name="Platform">Target platform <c>os_arch</c>.</param>
/// <param name="IndexDescriptor">The multi-platform index the version tag resolved to.</param>
/// <param name="ManifestDescriptor">The index entry of the platform manifest.</param>
/// <param name="LayerDescriptor">The <c>archive/zip</c> layer.</param>
/// <param name="ZipHash"><c>zh:</c> and the layer's lowercase sha256 hex.</param>
/// <param name="Filename"><c>terraform-provider-TYPE_VERSION_OS_ARCH.zip</c>.</param>
public sealed record ProviderPackageMeta(
    ProviderAddress Address,
    ProviderVersion Version,
    string Platform,
    Descriptor IndexDescriptor,
    Descriptor ManifestDescriptor,
    Descriptor LayerDescriptor,
    string ZipHash,
    string Filename);
