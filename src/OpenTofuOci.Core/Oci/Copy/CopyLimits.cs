namespace OpenTofuOci.Core.Oci.Copy;

/// <summary>
/// How much of an artifact a copy walks before refusing it: a hostile index can reference any number of
/// distinct manifests, each reached only by another request. Provider and module packages need a handful.
/// </summary>
public static class CopyLimits
{
    /// <summary>Distinct manifests and indexes, the root included.</summary>
    public const int MaxManifests = 10_000;

    /// <summary>Manifests along one path from the root, the root included.</summary>
    public const int MaxDepth = 16;
}
