using System.Collections.Concurrent;
using OpenTofuOci.Core.Oci;
using OpenTofuOci.Core.Oci.Copy;
using OpenTofuOci.Core.Oci.Layout;
using OpenTofuOci.Core.Oci.Remote;
using OpenTofuOci.Core.Providers.Publishing;
using OpenTofuOci.Core.Tests.Layout;

namespace OpenTofuOci.Core.Tests.Copy;

/// <summary>
/// Publishing or copying to a real docker-registry asks about each blob once: the HEAD that decides
/// "skipped" or "sent" is not followed by a second one inside the upload (IMissingBlobPusher).
/// </summary>
public sealed class BlobQuestionTests(PlainRegistryFixture fixture) : IClassFixture<PlainRegistryFixture>, IDisposable
{
    private static readonly string[] Platforms = ["linux_amd64", "darwin_arm64", "windows_amd64"];
    private readonly TempDirectory _dir = new();
    private readonly ConcurrentQueue<string> _log = new();

    public void Dispose() => _dir.Dispose();

    private RemoteRepository Logged(string repository) => fixture.Server.Repository(repository, log: _log.Enqueue);

    private List<string> BlobHeads() =>
        _log.Where(l => l.StartsWith("HEAD ", StringComparison.Ordinal) && l.Contains("/blobs/sha256:", StringComparison.Ordinal))
            .Select(l => l.Split(' ')[1])
            .ToList();

    [Fact]
    public async Task A_release_with_SHA256SUMS_published_to_a_real_registry_asks_once_per_blob_and_a_republish_asks_once_and_sends_nothing()
    {
        ReleaseFiles.Write(_dir.Combine("release"), "question", "1.0.0", Platforms);
        var repository = $"pub/question-{Guid.NewGuid():N}";
        using var target = Logged(repository);

        var first = await ProviderPublisher.PublishAsync(new ProviderPublishRequest { Files = ProviderReleaseFile.FromPaths([_dir.Combine("release")]), Target = target });

        var heads = BlobHeads();
        // The empty config and the three zips: one HEAD each, every one answered 404, then one upload each.
        Assert.Equal(1 + Platforms.Length, heads.Count);
        Assert.Equal(heads.Count, heads.Distinct(StringComparer.Ordinal).Count());
        Assert.All(_log.Where(l => l.StartsWith("HEAD ", StringComparison.Ordinal) && l.Contains("/blobs/", StringComparison.Ordinal)), l => Assert.EndsWith(" 404", l, StringComparison.Ordinal));
        Assert.Equal(1 + Platforms.Length, _log.Count(l => l.StartsWith("PUT ", StringComparison.Ordinal) && l.Contains("/blobs/uploads/", StringComparison.Ordinal)));
        Assert.Equal(1 + Platforms.Length, first.BlobsUploaded);

        _log.Clear();
        var again = await ProviderPublisher.PublishAsync(new ProviderPublishRequest { Files = ProviderReleaseFile.FromPaths([_dir.Combine("release")]), Target = target });

        Assert.Equal(ProviderPublishStatus.Unchanged, again.Status);
        Assert.Equal(0, again.BytesUploaded);
        Assert.DoesNotContain(_log, l => l.StartsWith("POST ", StringComparison.Ordinal) || l.StartsWith("PUT ", StringComparison.Ordinal) || l.StartsWith("PATCH ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_layout_copied_to_a_real_registry_asks_once_per_blob_and_stores_the_exact_bytes()
    {
        var artifact = new ProviderLikeArtifact(layerSize: 5000, seed: 77);
        var layout = new OciLayoutStore(_dir.Combine("layout"));
        await artifact.PublishAsync(layout, "1.0.0");
        var repository = $"copy/question-{Guid.NewGuid():N}";
        using var destination = Logged(repository);

        var result = await ArtifactCopier.CopyAsync(layout, "1.0.0", destination, "1.0.0");

        Assert.Equal(artifact.Index.Digest, result.Root.Digest);
        var heads = BlobHeads();
        var blobs = artifact.Items.Where(i => !MediaTypes.IsManifest(i.Descriptor.MediaType)).Select(i => i.Descriptor.Digest).Distinct().ToList();
        Assert.Equal(blobs.Count, heads.Count);
        Assert.Equal(blobs.Order(StringComparer.Ordinal), heads.Select(h => h[(h.LastIndexOf('/') + 1)..]).Order(StringComparer.Ordinal));
        using var reader = fixture.Server.Repository(repository);
        foreach (var (descriptor, bytes) in artifact.Items.Where(i => !MediaTypes.IsManifest(i.Descriptor.MediaType)))
        {
            var stream = await reader.FetchAsync(descriptor);
            await using (stream)
            {
                using var copy = new MemoryStream();
                await stream.CopyToAsync(copy);
                Assert.Equal(bytes, copy.ToArray());
            }
        }
    }
}
