using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci;
using OpenTofuOci.Core.Oci.Copy;

namespace OpenTofuOci.Core.Tests.Oci;

public sealed class VerifyingStreamTests
{
    private static readonly byte[] Content = "hello, registry"u8.ToArray();
    private static readonly Descriptor Expected = Descriptor.FromBytes(MediaTypes.Zip, Content);

    private static async Task<byte[]> ReadAll(Stream s)
    {
        using var ms = new MemoryStream();
        await s.CopyToAsync(ms, 4);
        return ms.ToArray();
    }

    [Fact]
    public async Task Matching_content_reads_through_unchanged()
    {
        await using var s = new VerifyingStream(new MemoryStream(Content), Expected, "test");
        Assert.Equal(Content, await ReadAll(s));
    }

    [Fact]
    public async Task Wrong_bytes_fail_with_DigestMismatch_at_the_end()
    {
        var tampered = (byte[])Content.Clone();
        tampered[3] ^= 1;
        await using var s = new VerifyingStream(new MemoryStream(tampered), Expected, "reg/repo");
        var ex = await Assert.ThrowsAsync<TofuOciException>(() => ReadAll(s));
        Assert.Equal(ErrorIds.DigestMismatch, ex.ErrorId);
        Assert.Equal(Expected.Digest, ex.Target);
        Assert.Contains("reg/repo", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Short_body_fails_with_SizeMismatch()
    {
        await using var s = new VerifyingStream(new MemoryStream(Content[..^1]), Expected, "test");
        var ex = await Assert.ThrowsAsync<TofuOciException>(() => ReadAll(s));
        Assert.Equal(ErrorIds.SizeMismatch, ex.ErrorId);
        Assert.Contains($"{Content.Length - 1} bytes", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Long_body_fails_with_SizeMismatch_as_soon_as_it_overflows()
    {
        await using var s = new VerifyingStream(new MemoryStream([.. Content, 0]), Expected, "test");
        var ex = await Assert.ThrowsAsync<TofuOciException>(() => ReadAll(s));
        Assert.Equal(ErrorIds.SizeMismatch, ex.ErrorId);
        Assert.Contains("more than", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sync_reads_verify_too()
    {
        using var s = new VerifyingStream(new MemoryStream(Content[..^2]), Expected, "test");
        var ex = Assert.Throws<TofuOciException>(() => s.CopyTo(Stream.Null));
        Assert.Equal(ErrorIds.SizeMismatch, ex.ErrorId);
    }

    [Fact]
    public async Task A_progress_wrapper_keeps_the_promise_to_verify_so_the_destination_hashes_once()
    {
        var counted = 0;
        await using var wrapped = new CountingReadStream(new VerifyingStream(new MemoryStream(Content), Expected, "test"), n => counted += n);
        Assert.True(VerifyingStream.WillVerify(wrapped, Expected));
        Assert.False(VerifyingStream.WillVerify(wrapped, Descriptor.FromBytes(MediaTypes.Zip, "other"u8)));
        Assert.False(VerifyingStream.WillVerify(new CountingReadStream(new MemoryStream(Content), _ => { }), Expected));
        Assert.Equal(1, await wrapped.ReadAsync(new byte[1]));
        Assert.False(VerifyingStream.WillVerify(wrapped, Expected));
        Assert.Equal(Content.Length, 1 + (await ReadAll(wrapped)).Length);
        Assert.Equal(Content.Length, counted);
    }

    [Fact]
    public async Task Wrong_bytes_behind_a_progress_wrapper_still_fail_in_a_layout()
    {
        using var dir = new TempDirectory();
        var store = new OpenTofuOci.Core.Oci.Layout.OciLayoutStore(dir.Path);
        var tampered = (byte[])Content.Clone();
        tampered[0] ^= 1;
        await using var wrapped = new CountingReadStream(new VerifyingStream(new MemoryStream(tampered), Expected, "reg/repo"), _ => { });
        var ex = await Assert.ThrowsAsync<TofuOciException>(() => store.PushAsync(Expected, wrapped));
        Assert.Equal(ErrorIds.DigestMismatch, ex.ErrorId);
        Assert.False(await store.ExistsAsync(Expected));
        Assert.DoesNotContain(Directory.EnumerateFiles(dir.Path, "*", SearchOption.AllDirectories), f => f.Contains(".tmp", StringComparison.Ordinal));
    }
}
