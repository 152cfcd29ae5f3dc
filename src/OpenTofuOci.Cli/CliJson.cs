using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace OpenTofuOci.Cli;

/// <summary>
/// --json output: indented, nulls kept so fields are always present. Built from JSON nodes rather
/// than serialized objects so the tool needs no reflection and compiles ahead of time
/// (docs/design.md "Native tofu-oci").
/// </summary>
internal static class CliJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    /// <summary>The text of one JSON document.</summary>
    public static string Write(JsonNode node) => node.ToJsonString(Options);

    /// <summary>A JSON array of objects.</summary>
    public static JsonArray Array(IEnumerable<JsonObject> items) => new([.. items]);

    /// <summary>A JSON array of strings.</summary>
    public static JsonArray Strings(IEnumerable<string> items) => new([.. items.Select(i => (JsonNode?)JsonValue.Create(i))]);
}
