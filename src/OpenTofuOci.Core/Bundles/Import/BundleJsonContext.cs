using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpenTofuOci.Core.Bundles.Import;

/// <summary>
/// Compile-time JSON metadata for reading <see cref="BundleContents"/> (no reflection, so the native CLI can
/// read bundles). Reading is as lenient as the OCI models' (case-insensitive, unknown fields ignored); what is
/// missing is caught by <see cref="BundleReader"/>'s checks, not by the serializer.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNameCaseInsensitive = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    ReadCommentHandling = JsonCommentHandling.Disallow,
    AllowTrailingCommas = false,
    NumberHandling = JsonNumberHandling.Strict,
    GenerationMode = JsonSourceGenerationMode.Metadata)]
[JsonSerializable(typeof(BundleContents))]
internal sealed partial class BundleJsonContext : JsonSerializerContext;
