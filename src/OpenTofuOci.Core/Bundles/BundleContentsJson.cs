using System.Text.Encodings.Web;
using System.Text.Json;
using OpenTofuOci.Core.Errors;

namespace OpenTofuOci.Core.Bundles;

/// <summary>
/// The bytes of a bundle's contents layer (<see cref="BundleFormat.ContentsMediaType"/>): compact JSON in a
/// fixed property order, written from already sorted lists, so equal contents give an equal digest
/// (docs/opentofu-compatibility.md §13).
/// </summary>
public static class BundleContentsJson
{
    // Digests, h1: hashes (base64 with '+') and addresses are written as they are, not as \u escapes, as the OCI writer does.
    private static readonly BundleJsonContext Context = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        PropertyNameCaseInsensitive = true,
        WriteIndented = false,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    /// <summary>The contents as the bundle stores them.</summary>
    public static byte[] Write(BundleContents contents)
    {
        ArgumentNullException.ThrowIfNull(contents);
        return JsonSerializer.SerializeToUtf8Bytes(contents, Context.BundleContents);
    }

    /// <summary>Reads a contents layer; anything that is not one is <see cref="ErrorIds.InvalidBundle"/> naming <paramref name="target"/>.</summary>
    public static BundleContents Read(ReadOnlySpan<byte> json, string target)
    {
        BundleContents? contents;
        try
        {
            contents = JsonSerializer.Deserialize(json, Context.BundleContents);
        }
        catch (JsonException ex)
        {
            throw Invalid(target, $"its contents are not valid JSON ({ex.Message})", ex);
        }

        if (contents is null || contents.SchemaVersion != 1)
        {
            throw Invalid(target, $"its contents have schemaVersion {contents?.SchemaVersion.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "null"}, but this version reads only 1", null);
        }

        return contents;
    }

    private static TofuOciException Invalid(string target, string why, Exception? inner) =>
        new(ErrorIds.InvalidBundle, ErrorKind.InvalidData,
            $"{target} is not a bundle this tool can read: {why}. Export the bundle again with this version of the tool.", target, inner);
}
