using System.Buffers;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.FileSystem;

namespace OpenTofuOci.Core.Oci.Layout;

/// <summary>
/// Reads and replaces a layout's <c>index.json</c>. Reads are lenient and lock-free: the file is
/// only ever replaced by a rename, so a reader sees either the old or the new index, never half.
/// See <see href="https://github.com/opencontainers/image-spec/blob/v1.1.1/image-layout.md#indexjson-file">image-spec index.json</see>.
/// </summary>
internal static class LayoutIndexFile
{
    /// <summary>The index, or an empty one when the layout has no <c>index.json</c> yet.</summary>
    public static async Task<ImageIndex> ReadAsync(LayoutPaths paths, CancellationToken cancellationToken)
    {
        byte[] bytes;
        try
        {
            // FileShare.Delete lets a writer rename a new index over this one on Windows while we read.
            var stream = new FileStream(paths.Index, FileMode.Open, FileAccess.Read,
                FileShare.ReadWrite | FileShare.Delete, 4096, FileOptions.Asynchronous);
            await using (stream.ConfigureAwait(false))
            {
                bytes = new byte[stream.Length];
                await stream.ReadExactlyAsync(bytes, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (FileNotFoundException)
        {
            return new ImageIndex();
        }
        catch (DirectoryNotFoundException)
        {
            return new ImageIndex();
        }

        try
        {
            return OciJson.ReadIndex(bytes);
        }
        catch (TofuOciException ex) when (ex.Code == ErrorCode.InvalidManifest)
        {
            throw LayoutErrors.IndexInvalid(paths.Directory, ex.InnerException?.Message ?? ex.Message, ex);
        }
    }

    /// <summary>
    /// The bytes written for an index: compact and in a fixed order, so the same roots always give
    /// the same file on every platform (indentation would follow the platform's newline).
    /// </summary>
    public static byte[] Serialize(ImageIndex index)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var w = OciJson.CreateWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteNumber("schemaVersion", 2);
            w.WriteString("mediaType", MediaTypes.ImageIndex);
            w.WriteStartArray("manifests");
            foreach (var root in index.Manifests)
            {
                OciJson.WriteDescriptor(w, root);
            }

            w.WriteEndArray();
            if (index.Annotations is { Count: > 0 })
            {
                w.WriteStartObject("annotations");
                foreach (var (key, value) in index.Annotations.OrderBy(a => a.Key, StringComparer.Ordinal))
                {
                    w.WriteString(key, value);
                }

                w.WriteEndObject();
            }

            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Replaces <c>index.json</c> atomically (<see cref="AtomicFile.WriteAsync"/>: flushed to disk, renamed over,
    /// retried on Windows while another tool reads it). Callers hold the index lock, so no other writer of this
    /// layout races the rename.</summary>
    public static Task WriteAsync(LayoutPaths paths, ImageIndex index, CancellationToken cancellationToken) =>
        AtomicFile.WriteAsync(paths.Index, Serialize(index), null, cancellationToken);
}
