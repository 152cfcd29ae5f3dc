using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpenTofuOci.Core.Oci;

/// <summary>
/// Compile-time JSON metadata for the OCI models, so reading needs no reflection and the CLI can be
/// compiled ahead of time (docs/design.md "Native tofu-oci"). The options are the lenient reading
/// rules of <see cref="OciJson"/> (docs/opentofu-compatibility.md §8.8).
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNameCaseInsensitive = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    ReadCommentHandling = JsonCommentHandling.Disallow,
    AllowTrailingCommas = false,
    NumberHandling = JsonNumberHandling.Strict,
    GenerationMode = JsonSourceGenerationMode.Metadata)]
[JsonSerializable(typeof(ImageManifest))]
[JsonSerializable(typeof(ImageIndex))]
[JsonSerializable(typeof(Descriptor))]
internal sealed partial class OciJsonContext : JsonSerializerContext;
