namespace OpenTofuOci.Core.Oci;

/// <summary>
/// Pre-defined annotation keys.
/// See <see href="https://github.com/opencontainers/image-spec/blob/v1.1.1/annotations.md">image-spec annotations</see>.
/// </summary>
public static class AnnotationKeys
{
    public const string RefName = "org.opencontainers.image.ref.name";
    public const string Title = "org.opencontainers.image.title";
    public const string Created = "org.opencontainers.image.created";
    public const string Source = "org.opencontainers.image.source";
    public const string Version = "org.opencontainers.image.version";
}
