using System.Collections.Concurrent;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.FileSystem;
using OpenTofuOci.Core.Oci;
using OpenTofuOci.Core.Oci.Copy;
using OpenTofuOci.Core.Oci.Layout;
using OpenTofuOci.Core.Oci.Remote;
using OpenTofuOci.Core.Tests.Layout;
using OpenTofuOci.Core.Tests.Remote;
using Xunit;

namespace OpenTofuOci.Core.Tests.Copy;

/// <summary>
/// Pulls (registry → layout copies): the layout holds exactly the registry's bytes, blob transfers start
/// while manifests are still being read, and a failure leaves no tag, no manifest and no partial file.
/// </summary>
public sealed class RegistryPullTests(PlainRegistryFixture fixture) : IClassFixture<PlainRegistryFixture>, IDisposable
{
    // Larger than one hand-over buffer of the layout writer, so the overlapped write path is the one tested.
    private const int LayerSize = (3 * OverlappedFileWriter.BufferSize) + 12345;
    private readonly LayoutTempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static string BlobPath(string dir, string digest) => Path.Combine(dir, "blobs", "sha256", digest["sha256:".Length..]);

    private static string RegistryBlobData(RegistryServer server, string digest) =>
        Path.Combine(server.StorageDirectory, "docker", "registry", "v2", "blobs", "sha256", digest["sha256:".Length..][..2], digest["sha256:".Length..], "data");

    private async Task<(string Repository, ProviderLikeArtifact Artifact)> PublishAsync(string name, int seed)
    {
        var artifact = new ProviderLikeArtifact(LayerSize, seed);
        var repository = $"pull/{name}-{Guid.NewGuid():N}";
        using var direct = fixture.Server.Repository(repository);
        await artifact.PublishAsync(direct, "1.0.0");
        return (repository, artifact);
    }

    private static async Task<byte[]> FetchAsync(RemoteRepository repository, Descriptor descriptor)
    {
        var stream = await repository.FetchAsync(descriptor);
        await using (stream)
        {
            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer);
            return buffer.ToArray();
        }
    }

    [Fact]
    public async Task Pull_from_a_real_registry_writes_the_registrys_exact_bytes_under_their_digests_and_tags_last()
    {
        var (repository, artifact) = await PublishAsync("exact", seed: 41);
        using var source = fixture.Server.Repository(repository);
        var layout = new OciLayoutStore(_temp.Sub("pulled"));

        var result = await ArtifactCopier.CopyAsync(source, "1.0.0", layout, null);

        Assert.Equal(new CopyResult(artifact.Index, "1.0.0", 6, 0, 0, artifact.TotalBytes), result);
        foreach (var (descriptor, _) in artifact.Items)
        {
            var served = await FetchAsync(source, descriptor);
            Assert.Equal(served, File.ReadAllBytes(BlobPath(layout.Directory, descriptor.Digest)));
            Assert.Equal(descriptor.Digest, Digest.Compute(served).ToString());
        }

        Assert.Equal(6, Directory.GetFiles(Path.Combine(layout.Directory, "blobs", "sha256")).Length);
        Assert.Equal(artifact.Index, await layout.ResolveAsync("1.0.0"));
        Assert.Empty(LayoutTempDirectory.TempFiles(layout.Directory));
    }

    [Fact]
    public async Task Pull_of_a_blob_the_real_registry_serves_corrupted_fails_with_digest_mismatch_and_leaves_no_file_manifest_or_tag()
    {
        var (repository, artifact) = await PublishAsync("corrupt", seed: 43);
        // distribution serves blobs from its storage as they are: a byte flipped on disk is served flipped.
        var data = RegistryBlobData(fixture.Server, artifact.LayerAmd64Descriptor.Digest);
        var bytes = File.ReadAllBytes(data);
        bytes[LayerSize / 2] ^= 0x5a;
        File.WriteAllBytes(data, bytes);
        using var source = new RemoteRepository(fixture.Server.Address, repository, new RemoteRepositoryOptions { PlainHttp = true, MaxRetries = 0 });
        var layout = new OciLayoutStore(_temp.Sub("pulled"));

        var ex = await Assert.ThrowsAsync<TofuOciException>(() => ArtifactCopier.CopyAsync(source, "1.0.0", layout, null));

        Assert.Equal(ErrorIds.DigestMismatch, ex.ErrorId);
        Assert.Equal(artifact.LayerAmd64Descriptor.Digest, ex.Target);
        Assert.False(File.Exists(BlobPath(layout.Directory, artifact.LayerAmd64Descriptor.Digest)));
        foreach (var manifest in new[] { artifact.Index, artifact.ManifestAmd64Descriptor, artifact.ManifestArm64Descriptor })
        {
            Assert.False(File.Exists(BlobPath(layout.Directory, manifest.Digest)));
        }

        // The layout exists only if another blob was written before the failure stopped the copy.
        if (Directory.Exists(layout.Directory))
        {
            Assert.Empty(await layout.ListTagsAsync().ToListAsync());
        }

        Assert.Empty(LayoutTempDirectory.TempFiles(layout.Directory));
    }

    [Fact]
    public async Task Pull_of_a_tag_the_real_registry_lost_a_blob_of_fails_not_found_and_leaves_no_tag()
    {
        var (repository, artifact) = await PublishAsync("missing", seed: 47);
        File.Delete(RegistryBlobData(fixture.Server, artifact.LayerArm64Descriptor.Digest));
        using var source = fixture.Server.Repository(repository);
        var layout = new OciLayoutStore(_temp.Sub("pulled"));

        var ex = await Assert.ThrowsAsync<TofuOciException>(() => ArtifactCopier.CopyAsync(source, "1.0.0", layout, null));

        Assert.Equal(ErrorIds.NotFound, ex.ErrorId);
        Assert.False(File.Exists(BlobPath(layout.Directory, artifact.Index.Digest)));
        // The layout exists only if another blob was written before the failure stopped the copy.
        if (Directory.Exists(layout.Directory))
        {
            Assert.Empty(await layout.ListTagsAsync().ToListAsync());
        }

        Assert.Empty(LayoutTempDirectory.TempFiles(layout.Directory));
    }

    [Fact]
    public async Task In_process_registry_holding_back_the_last_manifest_sees_a_blob_get_before_that_manifest_answers()
    {
        // Ordering a real registry will not show on demand: the amd64 manifest is answered only once a blob
        // GET has arrived (or after 20 s). A copy that read every manifest before any blob would wait out
        // the 20 s and record the blob GET after the manifest's answer.
        var artifact = new ProviderLikeArtifact(LayerSize, seed: 53);
        var held = $"/v2/{RemoteTestKit.Repo}/manifests/{artifact.ManifestAmd64Descriptor.Digest}";
        var blobAsked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var events = new ConcurrentQueue<string>();
        var registry = new InMemoryRegistry
        {
            Override = async (ctx, r) =>
            {
                if (r.Method == "GET" && r.Path.Contains("/blobs/", StringComparison.Ordinal))
                {
                    events.Enqueue("blob GET " + r.Path[(r.Path.LastIndexOf('/') + 1)..]);
                    blobAsked.TrySetResult();
                }
                else if (r.Method == "GET" && r.Path == held)
                {
                    await Task.WhenAny(blobAsked.Task, Task.Delay(TimeSpan.FromSeconds(20)));
                    events.Enqueue("amd64 manifest answered");
                }

                return false;
            },
        };
        foreach (var (descriptor, bytes) in artifact.Items)
        {
            if (MediaTypes.IsManifest(descriptor.MediaType))
            {
                registry.Manifests[descriptor.Digest] = (descriptor.MediaType, bytes);
            }
            else
            {
                registry.Blobs[descriptor.Digest] = bytes;
            }
        }

        registry.Manifests["1.0.0"] = (artifact.Index.MediaType, artifact.IndexBytes);
        var (server, _) = await InMemoryRegistry.StartAsync(registry);
        await using (server)
        {
            using var source = RemoteTestKit.Open(server);
            var layout = new OciLayoutStore(_temp.Sub("pulled"));

            var result = await ArtifactCopier.CopyAsync(source, "1.0.0", layout, null);

            var order = events.ToArray();
            Assert.StartsWith("blob GET ", order[0], StringComparison.Ordinal);
            Assert.Contains("amd64 manifest answered", order);
            Assert.Equal((6, "1.0.0"), (result.ItemsCopied, result.Tag));
            foreach (var (descriptor, bytes) in artifact.Items)
            {
                Assert.Equal(bytes, File.ReadAllBytes(BlobPath(layout.Directory, descriptor.Digest)));
            }
        }
    }
}
