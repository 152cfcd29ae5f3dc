using System.Text.Json;
using OpenTofuOci.Core.Errors;

namespace OpenTofuOci.Core.Oci.Remote;

/// <summary>
/// Parses a registry's <c>{"errors":[{"code","message","detail"}]}</c> body
/// (<see href="https://github.com/opencontainers/distribution-spec/blob/v1.1.0/spec.md#error-codes">distribution-spec error codes</see>).
/// Some registries and proxies send HTML or nothing, so anything else yields no details.
/// </summary>
internal static class RegistryErrorBody
{
    /// <summary>Most bytes of an error body read; a proxy's error page can be large and is useless anyway.</summary>
    public const int MaxBytes = 64 * 1024;

    public static async Task<IReadOnlyList<RegistryErrorDetail>> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        try
        {
            var body = await HttpBody.ReadCappedAsync(response.Content, MaxBytes, cancellationToken).ConfigureAwait(false);
            return Parse(body);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            // The status already says what went wrong; a body that breaks off adds nothing.
            return [];
        }
    }

    public static IReadOnlyList<RegistryErrorDetail> Parse(ReadOnlySpan<byte> body)
    {
        var trimmed = body.TrimStart(" \t\r\n"u8);
        if (trimmed.IsEmpty || trimmed[0] != (byte)'{')
        {
            return [];
        }

        try
        {
            var reader = new Utf8JsonReader(trimmed);
            using var doc = JsonDocument.ParseValue(ref reader);
            if (doc.RootElement.ValueKind != JsonValueKind.Object
                || !doc.RootElement.TryGetProperty("errors", out var errors)
                || errors.ValueKind != JsonValueKind.Array)
            {
                return [];
            }

            var result = new List<RegistryErrorDetail>();
            foreach (var e in errors.EnumerateArray())
            {
                if (e.ValueKind != JsonValueKind.Object)
                {
                    continue;
                }

                var code = e.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString()! : "UNKNOWN";
                var message = e.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : string.Empty;
                string? detail = null;
                if (e.TryGetProperty("detail", out var d) && d.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined))
                {
                    detail = d.ValueKind == JsonValueKind.String ? d.GetString() : d.GetRawText();
                }

                // Shown in errors on a terminal: an escape sequence in them must not be obeyed.
                result.Add(new RegistryErrorDetail(UntrustedText.Escape(code), UntrustedText.Escape(message), UntrustedText.Escape(detail)));
            }

            return result;
        }
        catch (JsonException)
        {
            return [];
        }
    }
}
