using System.Text.Json.Serialization;

namespace OpenTofuOci.Core.Oci;

/// <summary>
/// The platform a manifest is for.
/// See <see href="https://github.com/opencontainers/image-spec/blob/v1.1.1/image-index.md#image-index-property-descriptions">image-index platform</see>.
/// </summary>
public sealed record Platform
{
    [JsonPropertyName("architecture")]
    public required string Architecture { get; init; }
    [JsonPropertyName("os")]
    public required string OS { get; init; }
    [JsonPropertyName("os.version")]
    public string? OSVersion { get; init; }
    [JsonPropertyName("os.features")]
    public IReadOnlyList<string>? OSFeatures { get; init; }
    [JsonPropertyName("variant")]
    public string? Variant { get; init; }

    /// <summary>OpenTofu's <c>os_arch</c> spelling, e.g. <c>linux_amd64</c>.</summary>
    public override string ToString() => $"{OS}_{Architecture}";
}
