using System.Security.Cryptography;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci;
using OpenTofuOci.Core.Oci.Layout;
using Xunit;

namespace OpenTofuOci.Core.Tests.Layout;

/// <summary>A blob stored before its digest is known: hashed into a temp file in the layout, renamed to its digest.</summary>
public sealed class LayoutHashingPushTests : IDisposable
{
    private readonly LayoutTempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static string[] BlobNames(string dir) =>
        Directory.GetFiles(Path.Combine(dir, "blobs", "sha256")).Select(f => Path.GetFileName(f)!).Order(StringComparer.Ordinal).ToArray();

    [Fact]
    public async Task A_blob_pushed_without_its_digest_is_stored_under_the_digest_of_its_bytes_and_a_second_push_keeps_the_first_file()
    {
        var dir = _temp.Sub("layout");
        var store = new OciLayoutStore(dir);
        var bytes = RandomNumberGenerator.GetBytes(200_000);
        var expected = Descriptor.FromBytes(MediaTypes.Zip, bytes);

        var first = await store.PushHashingAsync(MediaTypes.Zip, bytes.Length, new MemoryStream(bytes));
        var stored = new FileInfo(Path.Combine(dir, "blobs", "sha256", expected.ParsedDigest().Encoded));
        var written = stored.LastWriteTimeUtc;
        File.SetLastWriteTimeUtc(stored.FullName, written.AddHours(-1));
        var second = await store.PushHashingAsync(MediaTypes.Zip, bytes.Length, new MemoryStream(bytes));

        Assert.Equal(expected, first);
        Assert.Equal(expected, second);
        Assert.Equal(bytes, File.ReadAllBytes(stored.FullName));
        Assert.Equal(written.AddHours(-1), File.GetLastWriteTimeUtc(stored.FullName));
        Assert.Equal([expected.ParsedDigest().Encoded], BlobNames(dir));
        Assert.True(await store.ExistsAsync(expected));
    }

    [Theory]
    [InlineData(99, "100 bytes is 99 bytes")]
    [InlineData(101, "100 bytes is more than 100 bytes")]
    public async Task Content_of_another_size_than_announced_stores_nothing_and_leaves_no_temp_file(int actual, string says)
    {
        var dir = _temp.Sub("layout");
        var store = new OciLayoutStore(dir);

        var ex = await Assert.ThrowsAsync<TofuOciException>(() => store.PushHashingAsync(MediaTypes.Zip, 100, new MemoryStream(new byte[actual])));

        Assert.Equal(ErrorIds.SizeMismatch, ex.ErrorId);
        Assert.Contains(says, ex.Message, StringComparison.Ordinal);
        Assert.Empty(BlobNames(dir));
    }
}
