using System.Text.Json;

namespace OpenTofuOci.Core.Providers.Sources;

/// <summary>
/// Reads the JSON documents of the provider registry and network mirror protocols the way OpenTofu's Go
/// decoder does (keys matched case-insensitively, unknown keys ignored), and names the URL and the field of
/// anything that breaks the protocol (<see cref="Errors.ErrorIds.InvalidSourceResponse"/>).
/// </summary>
internal sealed class SourceJson(Uri uri)
{
    public Uri Uri { get; } = uri;

    /// <summary>The document's top-level object.</summary>
    public static (JsonElement Root, SourceJson Reader) Parse(FetchedBody body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body.Content, new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException ex)
        {
            throw SourceErrors.Invalid(body.Uri, $"it is not valid JSON ({ex.Message})");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw SourceErrors.Invalid(body.Uri, "it is not a JSON object");
            }

            return (document.RootElement.Clone(), new SourceJson(body.Uri));
        }
    }

    /// <summary>The member <paramref name="name"/> of <paramref name="parent"/>, or null when absent or JSON null.</summary>
    public static JsonElement? Member(JsonElement parent, string name)
    {
        JsonElement? found = null;
        foreach (var property in parent.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.Ordinal))
            {
                found = property.Value;
                break;
            }

            // Go's decoder takes a key equal except for case when there is no exact match.
            if (found is null && string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                found = property.Value;
            }
        }

        return found is { ValueKind: JsonValueKind.Null } ? null : found;
    }

    public string String(JsonElement parent, string name, string field)
    {
        var value = OptionalString(parent, name, field);
        return string.IsNullOrEmpty(value) ? throw SourceErrors.Field(Uri, field, "is missing or empty") : value;
    }

    public string? OptionalString(JsonElement parent, string name, string field) =>
        Member(parent, name) switch
        {
            null => null,
            { ValueKind: JsonValueKind.String } v => v.GetString(),
            _ => throw SourceErrors.Field(Uri, field, "must be a string"),
        };

    public JsonElement Object(JsonElement parent, string name, string field) =>
        Member(parent, name) switch
        {
            null => throw SourceErrors.Field(Uri, field, "is missing"),
            { ValueKind: JsonValueKind.Object } v => v,
            _ => throw SourceErrors.Field(Uri, field, "must be an object"),
        };

    public JsonElement Array(JsonElement parent, string name, string field, bool required = true) =>
        Member(parent, name) switch
        {
            null when required => throw SourceErrors.Field(Uri, field, "is missing"),
            null => default,
            { ValueKind: JsonValueKind.Array } v => v,
            _ => throw SourceErrors.Field(Uri, field, "must be an array"),
        };

    public static IEnumerable<JsonElement> Items(JsonElement array) =>
        array.ValueKind == JsonValueKind.Array ? array.EnumerateArray() : [];

    public ProviderVersion Version(string text, string field) =>
        ProviderVersion.TryParse(text, out var version) && version is not null
            ? version
            : throw SourceErrors.Field(Uri, field, $"is \"{Errors.UntrustedText.Escape(text)}\", which is not a version (MAJOR.MINOR.PATCH)");

    public ProviderPlatform Platform(string os, string arch, string field)
    {
        var text = os + "_" + arch;
        try
        {
            return ProviderPlatform.Parse(text);
        }
        catch (Errors.TofuOciException)
        {
            throw SourceErrors.Field(Uri, field, $"is \"{Errors.UntrustedText.Escape(text)}\", which is not a platform (os_arch in lower case)");
        }
    }

    /// <summary>A URL the document names, resolved against the document's own URL when relative.</summary>
    public Uri Url(string text, string field)
    {
        if (Uri.TryCreate(text, UriKind.Absolute, out var absolute) && (absolute.Scheme == Uri.UriSchemeHttp || absolute.Scheme == Uri.UriSchemeHttps))
        {
            return absolute;
        }

        // "/x" on Unix parses as an absolute file URI; a reference without a scheme is relative here.
        if (!text.Contains("://", StringComparison.Ordinal) && Uri.TryCreate(Uri, text, out var resolved) && (resolved.Scheme == Uri.UriSchemeHttp || resolved.Scheme == Uri.UriSchemeHttps))
        {
            return resolved;
        }

        throw SourceErrors.Field(Uri, field, $"is \"{Errors.UntrustedText.Escape(text)}\", which is not an http or https URL");
    }
}
