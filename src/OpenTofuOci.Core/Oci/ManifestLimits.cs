namespace OpenTofuOci.Core.Oci;

/// <summary>
/// Size limits for manifests. Publishing refuses anything above the distribution spec's
/// recommended 4 MiB; reading accepts what OpenTofu accepts: it checks <c>size/1024/1024 &gt; 4</c>
/// with integer division, so anything below 5 MiB passes (docs/opentofu-compatibility.md §1.4, §8.6).
/// </summary>
public static class ManifestLimits
{
    /// <summary>Largest manifest we write: 4 MiB.</summary>
    public const long MaxPublishSize = 4L * 1024 * 1024;

    /// <summary>True when OpenTofu would refuse to read a manifest of this size.</summary>
    public static bool ExceedsReadLimit(long size) => size / 1024 / 1024 > 4;
}
