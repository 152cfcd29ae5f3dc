using System.Buffers;
using OpenTofuOci.Core.Errors;

namespace OpenTofuOci.Core.Oci.Layout;

/// <summary>
/// Reads and replaces a layout's <c>index.json</c>. Reads are lenient and lock-free: the file is
/// only ever replaced by a rename, so a reader sees either the old or the new index, never half.
/// See <see href="https://github.com/opencontainers/image-spec/blob/v1.1.1/image-layout.md#indexjson-file">image-spec index.json</see>.
/// </summary>
internal static class LayoutIndexFile
{
    private const int ReplaceAttempts = 20;

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
        catch (TofuOciException ex) when (ex.ErrorId == ErrorIds.InvalidManifest)
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

    /// <summary>Replaces <c>index.json</c> atomically: temp file in the same directory, flushed, renamed over.
    /// Callers hold the index lock, so no other writer of this layout races the rename.</summary>
    public static async Task WriteAsync(LayoutPaths paths, ImageIndex index, CancellationToken cancellationToken)
    {
        var bytes = Serialize(index);
        var temp = LayoutPaths.TempBeside(paths.Index);
        try
        {
            var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous);
            await using (stream.ConfigureAwait(false))
            {
                await stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
                // Durable before it becomes visible: a crash must not leave an empty index.json behind.
                stream.Flush(flushToDisk: true);
            }

            await ReplaceAsync(temp, paths.Index, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private static async Task ReplaceAsync(string temp, string target, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                File.Move(temp, target, overwrite: true);
                return;
            }
            catch (Exception ex) when (attempt < ReplaceAttempts && ex is IOException or UnauthorizedAccessException)
            {
                // Windows refuses the rename while a reader without FILE_SHARE_DELETE (another tool) has
                // the index open; such reads are short, so waiting a little is enough.
                await Task.Delay(25 * attempt, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
