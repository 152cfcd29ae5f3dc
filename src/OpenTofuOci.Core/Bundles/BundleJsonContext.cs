using System.Text.Json.Serialization;

namespace OpenTofuOci.Core.Bundles;

/// <summary>
/// Compile-time JSON metadata for <see cref="BundleContents"/> (docs/opentofu-compatibility.md §13), so the
/// native CLI reads and writes it without reflection. Property order is declaration order and nothing is
/// indented, so the same contents always give the same bytes.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNameCaseInsensitive = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = false,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    NumberHandling = JsonNumberHandling.Strict,
    GenerationMode = JsonSourceGenerationMode.Metadata)]
[JsonSerializable(typeof(BundleContents))]
internal sealed partial class BundleJsonContext : JsonSerializerContext;
