using System.Text.Json;
using OpenTofuOci.Core.FileSystem;

namespace OpenTofuOci.Core.Oci.Layout;

/// <summary>
/// The <c>oci-layout</c> file that marks a directory as an image layout.
/// See <see href="https://github.com/opencontainers/image-spec/blob/v1.1.1/image-layout.md#oci-layout-file">image-spec oci-layout file</see>.
/// </summary>
internal static class LayoutHeader
{
    public const string SupportedVersion = "1.0.0";

    private static readonly byte[] Content = """{"imageLayoutVersion":"1.0.0"}"""u8.ToArray();

    /// <summary>Throws NotFound / InvalidLayout unless the directory is a layout we can read.</summary>
    public static void EnsureReadable(LayoutPaths paths)
    {
        if (!System.IO.Directory.Exists(paths.Directory))
        {
            throw LayoutErrors.DirectoryMissing(paths.Directory);
        }

        if (!File.Exists(paths.Header))
        {
            throw LayoutErrors.HeaderMissing(paths.Directory);
        }

        CheckVersion(paths);
    }

    /// <summary>True when the directory is a readable layout, false when it is not (yet) a layout;
    /// throws when it is a layout of a version we do not support.</summary>
    public static bool IsLayout(LayoutPaths paths)
    {
        if (!File.Exists(paths.Header))
        {
            return false;
        }

        CheckVersion(paths);
        return true;
    }

    /// <summary>Creates the directory and its header when missing; checks the version otherwise.</summary>
    public static void EnsureWritable(LayoutPaths paths)
    {
        if (IsLayout(paths))
        {
            return;
        }

        System.IO.Directory.CreateDirectory(paths.Blobs);
        // index.json before oci-layout: once the header exists the layout is complete and valid for other tools.
        CreateOnce(paths.Index, LayoutIndexFile.Serialize(new ImageIndex()));
        // Several writers may create one layout at once: each writes identical bytes to its own
        // temp file and renames it over the header, so no reader ever sees a partial file.
        AtomicFile.WriteIdentical(paths.Header, Content, overwrite: true);
    }

    /// <summary>Writes a file only if it does not exist, never replacing one another writer made meanwhile.</summary>
    private static void CreateOnce(string path, byte[] content)
    {
        if (!File.Exists(path))
        {
            AtomicFile.WriteIdentical(path, content, overwrite: false);
        }
    }

    private static void CheckVersion(LayoutPaths paths)
    {
        string? version;
        try
        {
            var bytes = File.ReadAllBytes(paths.Header);
            using var doc = JsonDocument.Parse(bytes);
            version = doc.RootElement.ValueKind == JsonValueKind.Object
                && doc.RootElement.TryGetProperty("imageLayoutVersion", out var v)
                && v.ValueKind == JsonValueKind.String
                ? v.GetString()
                : null;
        }
        catch (JsonException ex)
        {
            throw LayoutErrors.HeaderInvalid(paths.Directory, $"its oci-layout file is not valid JSON ({ex.Message}).", ex);
        }

        if (version is null)
        {
            throw LayoutErrors.HeaderInvalid(paths.Directory, "its oci-layout file has no imageLayoutVersion.");
        }

        if (version != SupportedVersion)
        {
            throw LayoutErrors.HeaderInvalid(paths.Directory, $"its oci-layout file declares imageLayoutVersion \"{version}\".");
        }
    }
}
