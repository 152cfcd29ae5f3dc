using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using OpenTofuOci.Core.Errors;

namespace OpenTofuOci.Core.Oci;

/// <summary>
/// Reads OCI JSON leniently, the way OpenTofu's Go decoder does (case-insensitive keys, unknown
/// fields ignored, integer sizes; docs/opentofu-compatibility.md §8.8), and writes it canonically:
/// compact, fixed property order, sorted annotations, so equal input always gives equal bytes.
/// </summary>
public static class OciJson
{
    private static readonly JsonWriterOptions WriteOptions = new()
    {
        Indented = false,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Decodes an image manifest; throws <see cref="ErrorIds.InvalidManifest"/> with the JSON error.</summary>
    public static ImageManifest ReadManifest(ReadOnlySpan<byte> json, string? target = null) => Read(json, OciJsonContext.Default.ImageManifest, target);

    /// <summary>Decodes an image index; throws <see cref="ErrorIds.InvalidManifest"/> with the JSON error.</summary>
    public static ImageIndex ReadIndex(ReadOnlySpan<byte> json, string? target = null) => Read(json, OciJsonContext.Default.ImageIndex, target);

    /// <summary>Decodes a single descriptor.</summary>
    public static Descriptor ReadDescriptor(ReadOnlySpan<byte> json, string? target = null) => Read(json, OciJsonContext.Default.Descriptor, target);

    /// <summary>Reads only the top-level <c>mediaType</c> and <c>artifactType</c> fields, case-insensitively.</summary>
    public static (string? MediaType, string? ArtifactType) ReadTypes(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            using var doc = JsonDocument.ParseValue(ref reader);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (null, null);
            }

            string? mediaType = null, artifactType = null;
            foreach (var p in doc.RootElement.EnumerateObject())
            {
                if (p.Value.ValueKind != JsonValueKind.String)
                {
                    continue;
                }

                if (p.Name.Equals("mediaType", StringComparison.OrdinalIgnoreCase))
                {
                    mediaType = p.Value.GetString();
                }
                else if (p.Name.Equals("artifactType", StringComparison.OrdinalIgnoreCase))
                {
                    artifactType = p.Value.GetString();
                }
            }

            return (mediaType, artifactType);
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }

    private static T Read<T>(ReadOnlySpan<byte> json, JsonTypeInfo<T> typeInfo, string? target)
    {
        try
        {
            return JsonSerializer.Deserialize(json, typeInfo)
                ?? throw new JsonException("the document is null");
        }
        catch (JsonException ex)
        {
            throw new TofuOciException(ErrorIds.InvalidManifest, ErrorKind.InvalidData,
                $"Invalid manifest content{(target is null ? string.Empty : $" for {target}")}: {ex.Message} The registry holds a malformed {typeof(T).Name}; republish it.",
                target, ex);
        }
    }

    /// <summary>Writes an image manifest canonically.</summary>
    public static byte[] Write(ImageManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        return WriteDocument(w =>
        {
            w.WriteNumber("schemaVersion", manifest.SchemaVersion);
            WriteOptional(w, "mediaType", manifest.MediaType);
            WriteOptional(w, "artifactType", manifest.ArtifactType);
            if (manifest.Config is not null)
            {
                w.WritePropertyName("config");
                WriteDescriptor(w, manifest.Config);
            }

            w.WriteStartArray("layers");
            foreach (var layer in manifest.Layers)
            {
                WriteDescriptor(w, layer);
            }

            w.WriteEndArray();
            if (manifest.Subject is not null)
            {
                w.WritePropertyName("subject");
                WriteDescriptor(w, manifest.Subject);
            }

            WriteAnnotations(w, manifest.Annotations);
        });
    }

    /// <summary>Writes an image index canonically.</summary>
    public static byte[] Write(ImageIndex index)
    {
        ArgumentNullException.ThrowIfNull(index);
        return WriteDocument(w =>
        {
            w.WriteNumber("schemaVersion", index.SchemaVersion);
            WriteOptional(w, "mediaType", index.MediaType);
            WriteOptional(w, "artifactType", index.ArtifactType);
            w.WriteStartArray("manifests");
            foreach (var m in index.Manifests)
            {
                WriteDescriptor(w, m);
            }

            w.WriteEndArray();
            if (index.Subject is not null)
            {
                w.WritePropertyName("subject");
                WriteDescriptor(w, index.Subject);
            }

            WriteAnnotations(w, index.Annotations);
        });
    }

    /// <summary>Writes one descriptor canonically.</summary>
    public static byte[] Write(Descriptor descriptor) => WriteBare(w => WriteDescriptor(w, descriptor));

    /// <summary>Writes a descriptor into an open writer (used by the layout's <c>index.json</c>).</summary>
    public static void WriteDescriptor(Utf8JsonWriter writer, Descriptor d)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(d);
        writer.WriteStartObject();
        writer.WriteString("mediaType", d.MediaType);
        WriteOptional(writer, "artifactType", d.ArtifactType);
        writer.WriteString("digest", d.Digest);
        writer.WriteNumber("size", d.Size);
        if (d.Urls is { Count: > 0 })
        {
            writer.WriteStartArray("urls");
            foreach (var u in d.Urls)
            {
                writer.WriteStringValue(u);
            }

            writer.WriteEndArray();
        }

        WriteAnnotations(writer, d.Annotations);
        WriteOptional(writer, "data", d.Data);
        if (d.Platform is not null)
        {
            var p = d.Platform;
            writer.WriteStartObject("platform");
            writer.WriteString("architecture", p.Architecture);
            writer.WriteString("os", p.OS);
            WriteOptional(writer, "os.version", p.OSVersion);
            if (p.OSFeatures is { Count: > 0 })
            {
                writer.WriteStartArray("os.features");
                foreach (var f in p.OSFeatures)
                {
                    writer.WriteStringValue(f);
                }

                writer.WriteEndArray();
            }

            WriteOptional(writer, "variant", p.Variant);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    /// <summary>Creates a writer with the canonical options.</summary>
    public static Utf8JsonWriter CreateWriter(IBufferWriter<byte> output, bool indented = false) =>
        new(output, WriteOptions with { Indented = indented });

    private static byte[] WriteDocument(Action<Utf8JsonWriter> body) => WriteBare(w =>
    {
        w.WriteStartObject();
        body(w);
        w.WriteEndObject();
    });

    private static byte[] WriteBare(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var w = CreateWriter(buffer))
        {
            body(w);
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteOptional(Utf8JsonWriter w, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            w.WriteString(name, value);
        }
    }

    private static void WriteAnnotations(Utf8JsonWriter w, IReadOnlyDictionary<string, string>? annotations)
    {
        if (annotations is not { Count: > 0 })
        {
            return;
        }

        w.WriteStartObject("annotations");
        foreach (var (key, value) in annotations.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            w.WriteString(key, value);
        }

        w.WriteEndObject();
    }
}
