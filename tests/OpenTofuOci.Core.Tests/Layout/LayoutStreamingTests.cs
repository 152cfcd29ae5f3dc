using System.Text;
using OpenTofuOci.Core.Oci;
using OpenTofuOci.Core.Oci.Copy;
using OpenTofuOci.Core.Oci.Layout;
using Xunit;

namespace OpenTofuOci.Core.Tests.Layout;

[CollectionDefinition(nameof(AllocationMeasuring), DisableParallelization = true)]
public sealed class AllocationMeasuring;

/// <summary>
/// Memory must not grow with blob size (docs/design.md "Core shape"). Measured as bytes allocated
/// process-wide, so these tests run alone.
/// </summary>
[Collection(nameof(AllocationMeasuring))]
public sealed class LayoutStreamingTests : IDisposable
{
    private const long BlobSize = 64L * 1024 * 1024;
    private const long AllowedAllocation = 8L * 1024 * 1024;
    private readonly LayoutTempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>Deterministic non-seekable content of any length, generated as it is read.</summary>
    private sealed class GeneratedStream(long length) : Stream
    {
        private long _position;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _position; set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var n = (int)Math.Min(buffer.Length, length - _position);
            for (var i = 0; i < n; i++)
            {
                buffer[i] = (byte)((_position + i) * 31 % 251);
            }

            _position += n;
            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => new(Read(buffer.Span));
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromResult(Read(buffer, offset, count));
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    private static async Task<Descriptor> BigBlobAsync() => new()
    {
        MediaType = MediaTypes.Zip,
        Digest = (await Digest.ComputeAsync(new GeneratedStream(BlobSize))).ToString(),
        Size = BlobSize,
    };

    [Fact]
    public async Task Pushing_and_copying_a_64_MiB_blob_allocates_far_less_than_its_size()
    {
        var blob = await BigBlobAsync();
        var source = new OciLayoutStore(_temp.Sub("source"));
        var manifest = Encoding.UTF8.GetBytes(
            $"{{\"schemaVersion\":2,\"mediaType\":\"{MediaTypes.ImageManifest}\",\"config\":{{\"mediaType\":\"{MediaTypes.EmptyJson}\",\"digest\":\"{EmptyConfig.Digest}\",\"size\":2}}," +
            $"\"layers\":[{{\"mediaType\":\"{MediaTypes.Zip}\",\"digest\":\"{blob.Digest}\",\"size\":{BlobSize}}}]}}");
        await source.PushAsync(EmptyConfig.Descriptor, new MemoryStream(EmptyConfig.Content.ToArray()));
        await source.PushAsync(Descriptor.FromBytes(MediaTypes.ImageManifest, manifest), new MemoryStream(manifest), "big");

        var before = GC.GetTotalAllocatedBytes(precise: true);
        await source.PushAsync(blob, new GeneratedStream(BlobSize));
        var pushed = GC.GetTotalAllocatedBytes(precise: true) - before;

        before = GC.GetTotalAllocatedBytes(precise: true);
        var result = await ArtifactCopier.CopyAsync(source, "big", new OciLayoutStore(_temp.Sub("dest")), null);
        var copied = GC.GetTotalAllocatedBytes(precise: true) - before;

        Assert.Equal(BlobSize, new FileInfo(Path.Combine(source.Directory, "blobs", "sha256", blob.Digest[7..])).Length);
        Assert.Equal(3, result.ItemsCopied);
        Assert.True(pushed < AllowedAllocation, $"push allocated {pushed:N0} bytes");
        Assert.True(copied < AllowedAllocation, $"copy allocated {copied:N0} bytes");
    }
}
