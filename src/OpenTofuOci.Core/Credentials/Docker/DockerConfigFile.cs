using System.Text;
using System.Text.Json;
using OpenTofuOci.Core.Errors;

namespace OpenTofuOci.Core.Credentials.Docker;

/// <summary>
/// A Docker-style credentials file (<c>~/.docker/config.json</c>, <c>containers/auth.json</c>,
/// <c>~/.dockercfg</c>), read the way OpenTofu reads all four (docs/opentofu-compatibility.md §5.3;
/// docs/oci-registries.md "Docker-style credential files and helpers"): <c>auths</c> with base64
/// <c>auth</c> (and <c>identitytoken</c>, which OpenTofu ignores but we use), <c>credHelpers</c>,
/// <c>credsStore</c>. Field names match case-insensitively, as Go's JSON decoder does.
/// </summary>
public sealed class DockerConfigFile
{
    private DockerConfigFile(string path, IReadOnlyList<DockerAuthEntry> auths, IReadOnlyDictionary<string, string> credHelpers, string? credsStore)
    {
        Path = path;
        Auths = auths;
        CredHelpers = credHelpers;
        CredsStore = credsStore;
    }

    public string Path { get; }

    /// <summary>The non-null <c>auths</c> entries, in file order.</summary>
    public IReadOnlyList<DockerAuthEntry> Auths { get; }

    /// <summary><c>credHelpers</c>: registry domain → helper suffix.</summary>
    public IReadOnlyDictionary<string, string> CredHelpers { get; }

    /// <summary><c>credsStore</c>: the helper suffix for every registry, or null.</summary>
    public string? CredsStore { get; }

    /// <summary>Reads and parses <paramref name="path"/>; null when the file does not exist.</summary>
    /// <exception cref="TofuOciException"><see cref="ErrorIds.InvalidDockerConfig"/> when it cannot be read or parsed.</exception>
    public static async Task<DockerConfigFile?> ReadAsync(string path, CancellationToken cancellationToken)
    {
        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Invalid(path, $"reading {path}: {ex.Message}", ex);
        }

        return Parse(path, bytes);
    }

    /// <summary>Parses the bytes of a file.</summary>
    /// <exception cref="TofuOciException"><see cref="ErrorIds.InvalidDockerConfig"/> when it is not such a file.</exception>
    public static DockerConfigFile Parse(string path, ReadOnlySpan<byte> bytes)
    {
        try
        {
            using var doc = JsonDocument.Parse(bytes.ToArray(), new JsonDocumentOptions { AllowTrailingCommas = false });
            var root = doc.RootElement;
            if (root.ValueKind == JsonValueKind.Null)
            {
                return new DockerConfigFile(path, [], new Dictionary<string, string>(), null);
            }

            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("the top level is not a JSON object");
            }

            var auths = new List<DockerAuthEntry>();
            var helpers = new Dictionary<string, string>(StringComparer.Ordinal);
            string? store = null;
            if (Field(root, "auths") is { ValueKind: JsonValueKind.Object } a)
            {
                foreach (var entry in a.EnumerateObject())
                {
                    if (entry.Value.ValueKind == JsonValueKind.Null)
                    {
                        continue;
                    }

                    if (entry.Value.ValueKind != JsonValueKind.Object)
                    {
                        throw new FormatException($"auths[\"{entry.Name}\"] is not a JSON object");
                    }

                    var auth = OptionalString(entry.Value, "auth", $"auths[\"{entry.Name}\"].auth");
                    string? decoded = null;
                    if (!string.IsNullOrEmpty(auth))
                    {
                        try
                        {
                            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(auth));
                        }
                        catch (FormatException)
                        {
                            throw new FormatException($"auths[\"{entry.Name}\"].auth is not valid base64");
                        }
                    }

                    var identity = OptionalString(entry.Value, "identitytoken", $"auths[\"{entry.Name}\"].identitytoken");
                    auths.Add(new DockerAuthEntry(entry.Name, string.IsNullOrEmpty(decoded) ? null : decoded, string.IsNullOrEmpty(identity) ? null : identity));
                }
            }
            else if (Field(root, "auths") is { ValueKind: not JsonValueKind.Null })
            {
                throw new FormatException("\"auths\" is not a JSON object");
            }

            if (Field(root, "credHelpers") is { ValueKind: JsonValueKind.Object } h)
            {
                foreach (var helper in h.EnumerateObject())
                {
                    if (helper.Value.ValueKind != JsonValueKind.String)
                    {
                        throw new FormatException($"credHelpers[\"{helper.Name}\"] is not a string");
                    }

                    helpers[helper.Name] = helper.Value.GetString()!;
                }
            }
            else if (Field(root, "credHelpers") is { ValueKind: not JsonValueKind.Null })
            {
                throw new FormatException("\"credHelpers\" is not a JSON object");
            }

            store = OptionalString(root, "credsStore", "credsStore");
            return new DockerConfigFile(path, auths, helpers, string.IsNullOrEmpty(store) ? null : store);
        }
        catch (JsonException ex)
        {
            throw Invalid(path, $"parsing {path}: invalid JSON syntax: {ex.Message}", ex);
        }
        catch (FormatException ex)
        {
            throw Invalid(path, $"parsing {path}: {ex.Message}", ex);
        }
    }

    private static JsonElement? Field(JsonElement obj, string name)
    {
        JsonElement? found = null;
        foreach (var p in obj.EnumerateObject())
        {
            if (string.Equals(p.Name, name, StringComparison.Ordinal))
            {
                return p.Value;
            }

            if (string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                found = p.Value;
            }
        }

        return found;
    }

    private static string? OptionalString(JsonElement obj, string name, string what) => Field(obj, name) switch
    {
        null or { ValueKind: JsonValueKind.Null } => null,
        { ValueKind: JsonValueKind.String } s => s.GetString(),
        _ => throw new FormatException($"{what} is not a string"),
    };

    private static TofuOciException Invalid(string path, string message, Exception inner) =>
        new(ErrorIds.InvalidDockerConfig, ErrorKind.InvalidData,
            $"{message}. Fix or remove the file (docker login / oras login / podman login rewrite it).", path, inner);
}
