using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci;

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
}
