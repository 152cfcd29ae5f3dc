using System.Globalization;
using OpenTofuOci.Core.Oci;

namespace OpenTofuOci.Core.Providers.Provenance;

/// <summary>
/// The shape of a provenance artifact: its artifact type, layer media types, titles, annotations and the
/// size caps readers hold layers to. See docs/opentofu-compatibility.md §9.6.
/// </summary>
public static class ProvenanceFormat
{
    /// <summary>The artifact type of the provenance manifest (ours; OpenTofu does not read it).</summary>
    public const string ArtifactType = "application/vnd.opentofu-oci.provider-provenance.v1";

    /// <summary>The checksum list's layer type.</summary>
    public const string ChecksumsMediaType = "text/plain";

    /// <summary>The detached signature's layer type (RFC 3156).</summary>
    public const string SignatureMediaType = "application/pgp-signature";

    /// <summary>The signing key's layer type (RFC 3156).</summary>
    public const string KeyMediaType = "application/pgp-keys";

    /// <summary>Where the release was read from.</summary>
    public const string SourceAnnotation = "org.opentofu-oci.provenance.source";

    /// <summary>The kind of source (<c>registry</c>, <c>network-mirror</c>, <c>directory</c>).</summary>
    public const string SourceKindAnnotation = "org.opentofu-oci.provenance.source-kind";

    /// <summary><c>true</c> when the artifact carries a signature and its key, else <c>false</c>.</summary>
    public const string SignedAnnotation = "org.opentofu-oci.provenance.signed";

    /// <summary>The id of the key that signed, as the publisher saw it (informational).</summary>
    public const string SignedByAnnotation = "org.opentofu-oci.provenance.signed-by";

    /// <summary>Largest checksum list read (a SHA256SUMS of hundreds of platforms is a few tens of KiB).</summary>
    public const long MaxChecksumsSize = 1024 * 1024;

    /// <summary>Largest detached signature read.</summary>
    public const long MaxSignatureSize = 64 * 1024;

    /// <summary>Largest armored key read.</summary>
    public const long MaxKeySize = 1024 * 1024;

    /// <summary>The signature layer's title for a checksum list named <paramref name="checksumsFileName"/>.</summary>
    public static string SignatureTitle(string checksumsFileName) => checksumsFileName + ".sig";

    /// <summary>The key layer's title for a checksum list named <paramref name="checksumsFileName"/>.</summary>
    public static string KeyTitle(string checksumsFileName) => checksumsFileName + ".key.asc";

    /// <summary>The <c>created</c> annotation's text: RFC 3339 in UTC to the second, so the same moment is always the same bytes.</summary>
    public static string FormatCreated(DateTimeOffset created) =>
        created.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    internal static bool TryParseCreated(string? text, out DateTimeOffset created) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out created);

    internal static Descriptor Layer(string mediaType, byte[] content, string title) =>
        Descriptor.FromBytes(mediaType, content) with { Annotations = new Dictionary<string, string> { [AnnotationKeys.Title] = title } };
}
