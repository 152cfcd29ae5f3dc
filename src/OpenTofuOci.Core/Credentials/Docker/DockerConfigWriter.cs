using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.FileSystem;

namespace OpenTofuOci.Core.Credentials.Docker;

/// <summary>
/// Edits <c>~/.docker/config.json</c> as <c>docker login</c>/<c>logout</c> do: only the one <c>auths</c>
/// entry changes, every other field is kept; the file is replaced atomically (temporary file + rename)
/// and is readable by its owner only (mode 600 on Unix).
/// </summary>
internal static class DockerConfigWriter
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>The file as a JSON object; an empty object when it does not exist.</summary>
    public static async Task<JsonObject> ReadObjectAsync(string path, CancellationToken cancellationToken)
    {
        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return [];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Failed(path, $"cannot read it: {ex.Message}", ex);
        }

        try
        {
            return JsonNode.Parse(bytes) as JsonObject ?? throw new JsonException("the top level is not a JSON object");
        }
        catch (JsonException ex)
        {
            throw new TofuOciException(ErrorIds.InvalidDockerConfig, ErrorKind.InvalidData,
                $"parsing {path}: invalid JSON syntax: {ex.Message}. Fix the file first; it is left unchanged.", path, ex);
        }
    }

    /// <summary>A string member, found case-insensitively as the readers do.</summary>
    public static string? StringMember(JsonObject obj, string name) =>
        obj.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0 ? s : null;

    /// <summary>An object member (created when <paramref name="create"/>), found case-insensitively.</summary>
    public static JsonObject? ObjectMember(JsonObject obj, string name, bool create)
    {
        var existing = obj.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase));
        if (existing.Value is JsonObject found)
        {
            return found;
        }

        if (!create)
        {
            return null;
        }

        var made = new JsonObject();
        obj[existing.Key ?? name] = made;
        return made;
    }

    /// <summary>Writes <paramref name="config"/> to <paramref name="path"/> atomically, owner-only.</summary>
    public static async Task WriteAsync(string path, JsonObject config, CancellationToken cancellationToken)
    {
        // A config.json kept elsewhere (dotfiles) and linked in stays linked: the link's target is replaced.
        if (File.Exists(path) && new FileInfo(path).LinkTarget is not null && new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true) is { } target)
        {
            path = target.FullName;
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        try
        {
            if (!Directory.Exists(directory))
            {
                if (OperatingSystem.IsWindows())
                {
                    Directory.CreateDirectory(directory);
                }
                else
                {
                    Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                }
            }

            var bytes = Encoding.UTF8.GetBytes(config.ToJsonString(Indented) + "\n");
            await AtomicFile.WriteAsync(path, bytes, UnixFileMode.UserRead | UnixFileMode.UserWrite, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Failed(path, $"cannot write it: {ex.Message}", ex);
        }
    }

    private static TofuOciException Failed(string path, string why, Exception inner) =>
        new(ErrorIds.CredentialStoreFailed, ErrorKind.InvalidOperation,
            $"Could not update {path}: {why}. Check the permissions of the file and its folder.", path, inner);
}
