using System.Collections.Concurrent;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci;
using OpenTofuOci.Core.Oci.Copy;
using OpenTofuOci.Core.Oci.Layout;
using OpenTofuOci.Core.Oci.Targets;
using OpenTofuOci.Core.Tests.Layout;
using Xunit;

namespace OpenTofuOci.Core.Tests.Copy;

public sealed class ArtifactCopierTests : IDisposable
{
    private readonly LayoutTempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>Records reports on the reporting thread (Progress&lt;T&gt; would post them later).</summary>
    private sealed class Recorder : IProgress<TransferProgress>
    {
        public ConcurrentQueue<TransferProgress> Reports { get; } = new();
        public Action<TransferProgress>? OnReport { get; init; }

        public void Report(TransferProgress value)
        {
            Reports.Enqueue(value);
            OnReport?.Invoke(value);
        }
    }

    private static string BlobPath(string dir, string digest) => Path.Combine(dir, "blobs", "sha256", digest["sha256:".Length..]);

    private async Task<(OciLayoutStore Source, ProviderLikeArtifact Artifact)> SourceAsync(int layerSize = 3000)
    {
        var artifact = new ProviderLikeArtifact(layerSize);
        var source = new OciLayoutStore(_temp.Sub("source"));
        await artifact.PublishAsync(source, "1.0.0");
        return (source, artifact);
    }

    [Fact]
    public async Task Layout_to_layout_copy_keeps_every_byte_and_digest_and_the_tag()
    {
        var (source, artifact) = await SourceAsync();
        var destination = new OciLayoutStore(_temp.Sub("dest"));
        var progress = new Recorder();

        var result = await ArtifactCopier.CopyAsync(source, "1.0.0", destination, null, progress: progress);

        Assert.Equal(new CopyResult(artifact.Index, "1.0.0", 6, 0, 0, artifact.TotalBytes), result);
        foreach (var (descriptor, bytes) in artifact.Items)
        {
            Assert.Equal(bytes, File.ReadAllBytes(BlobPath(destination.Directory, descriptor.Digest)));
        }

        Assert.Equal(6, Directory.GetFiles(Path.Combine(destination.Directory, "blobs", "sha256")).Length);
        Assert.Equal(artifact.Index, await destination.ResolveAsync("1.0.0"));
        Assert.Equal(["1.0.0"], await destination.ListTagsAsync().ToListAsync());
        Assert.All(progress.Reports, r => Assert.Equal((artifact.TotalBytes, 6), (r.BytesTotal, r.ItemsTotal)));
        Assert.Equal(artifact.TotalBytes, progress.Reports.Max(r => r.BytesDone));
        Assert.Equal(6, progress.Reports.Max(r => r.ItemsDone));
        Assert.Empty(LayoutTempDirectory.TempFiles(destination.Directory));
    }

    [Fact]
    public async Task Second_copy_skips_everything_and_still_reports_full_progress()
    {
        var (source, artifact) = await SourceAsync();
        var destination = new OciLayoutStore(_temp.Sub("dest"));
        await ArtifactCopier.CopyAsync(source, "1.0.0", destination, null);
        var progress = new Recorder();

        var result = await ArtifactCopier.CopyAsync(source, "1.0.0", destination, null, progress: progress);

        Assert.Equal(new CopyResult(artifact.Index, "1.0.0", 0, 6, 0, 0), result);
        Assert.Equal(artifact.TotalBytes, progress.Reports.Max(r => r.BytesDone));
        Assert.Equal(6, progress.Reports.Max(r => r.ItemsDone));
    }

    [Fact]
    public async Task Copy_of_present_content_under_a_new_tag_only_tags()
    {
        var (source, artifact) = await SourceAsync();
        var destination = new OciLayoutStore(_temp.Sub("dest"));
        await ArtifactCopier.CopyAsync(source, "1.0.0", destination, null);

        var result = await ArtifactCopier.CopyAsync(source, "1.0.0", destination, "stable");

        Assert.Equal((0, 6, "stable"), (result.ItemsCopied, result.ItemsSkipped, result.Tag));
        Assert.Equal(["1.0.0", "stable"], await destination.ListTagsAsync().ToListAsync());
        Assert.Equal(artifact.Index, await destination.ResolveAsync("stable"));
    }

    [Fact]
    public async Task Copy_by_digest_without_tag_leaves_the_root_untagged()
    {
        var (source, artifact) = await SourceAsync();
        var destination = new OciLayoutStore(_temp.Sub("dest"));

        var result = await ArtifactCopier.CopyAsync(source, artifact.Index.Digest, destination, null);

        Assert.Null(result.Tag);
        Assert.Equal(6, result.ItemsCopied);
        Assert.Empty(await destination.ListTagsAsync().ToListAsync());
        Assert.Equal(artifact.Index, await destination.ResolveAsync(artifact.Index.Digest));
    }

    [Fact]
    public async Task Corrupted_source_blob_fails_with_digest_mismatch_and_leaves_neither_blob_nor_tag()
    {
        var (source, artifact) = await SourceAsync();
        var layer = artifact.LayerArm64Descriptor;
        var path = BlobPath(source.Directory, layer.Digest);
        var bytes = File.ReadAllBytes(path);
        bytes[^1] ^= 0x01;
        File.WriteAllBytes(path, bytes);
        var destination = new OciLayoutStore(_temp.Sub("dest"));

        var ex = await Assert.ThrowsAsync<TofuOciException>(() => ArtifactCopier.CopyAsync(source, "1.0.0", destination, null));

        Assert.Equal(ErrorIds.DigestMismatch, ex.ErrorId);
        Assert.Equal(layer.Digest, ex.Target);
        Assert.False(File.Exists(BlobPath(destination.Directory, layer.Digest)));
        Assert.False(File.Exists(BlobPath(destination.Directory, artifact.Index.Digest)));
        Assert.False(await destination.ExistsAsync(layer));
        if (Directory.Exists(destination.Directory))
        {
            Assert.Empty(await destination.ListTagsAsync().ToListAsync());
        }

        Assert.Empty(LayoutTempDirectory.TempFiles(destination.Directory));
    }

    [Fact]
    public async Task Corrupted_source_manifest_fails_before_any_blob_it_names_or_any_manifest_or_tag_is_written()
    {
        var (source, artifact) = await SourceAsync();
        var path = BlobPath(source.Directory, artifact.ManifestAmd64Descriptor.Digest);
        var text = File.ReadAllText(path);
        File.WriteAllText(path, text.Replace("hand made", "hand mad!", StringComparison.Ordinal));
        var destination = new OciLayoutStore(_temp.Sub("dest"));

        var ex = await Assert.ThrowsAsync<TofuOciException>(() => ArtifactCopier.CopyAsync(source, "1.0.0", destination, null));

        // The arm64 manifest verified, so its blobs may have been copied meanwhile; nothing names them.
        Assert.Equal(ErrorIds.DigestMismatch, ex.ErrorId);
        Assert.Equal(artifact.ManifestAmd64Descriptor.Digest, ex.Target);
        Assert.False(File.Exists(BlobPath(destination.Directory, artifact.LayerAmd64Descriptor.Digest)));
        foreach (var manifest in new[] { artifact.Index, artifact.ManifestAmd64Descriptor, artifact.ManifestArm64Descriptor })
        {
            Assert.False(File.Exists(BlobPath(destination.Directory, manifest.Digest)));
        }

        if (Directory.Exists(destination.Directory))
        {
            Assert.Empty(await destination.ListTagsAsync().ToListAsync());
        }

        Assert.Empty(LayoutTempDirectory.TempFiles(destination.Directory));
    }

    [Fact]
    public async Task Cancellation_mid_blob_leaves_no_temp_files_and_no_tag()
    {
        var (source, artifact) = await SourceAsync(layerSize: 4 * 1024 * 1024);
        var destination = new OciLayoutStore(_temp.Sub("dest"));
        using var cts = new CancellationTokenSource();
        var progress = new Recorder { OnReport = r => { if (r.BytesDone > 100_000) { cts.Cancel(); } } };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            ArtifactCopier.CopyAsync(source, "1.0.0", destination, null, new CopyOptions { MaxParallelism = 1 }, progress, cts.Token));

        Assert.Empty(LayoutTempDirectory.TempFiles(destination.Directory));
        Assert.False(File.Exists(BlobPath(destination.Directory, artifact.Index.Digest)));
        Assert.Empty(await destination.ListTagsAsync().ToListAsync());
    }

    [Fact]
    public async Task Invalid_destination_tag_is_refused_before_anything_happens()
    {
        var (source, _) = await SourceAsync();
        var destination = new OciLayoutStore(_temp.Sub("dest"));

        var ex = await Assert.ThrowsAsync<TofuOciException>(() => ArtifactCopier.CopyAsync(source, "1.0.0", destination, "1.0.0+meta"));

        Assert.Equal(ErrorIds.InvalidReference, ex.ErrorId);
        Assert.False(Directory.Exists(destination.Directory));
    }

    [Fact]
    public async Task Registry_destination_gets_blobs_then_manifests_then_the_tagged_index()
    {
        var (source, artifact) = await SourceAsync();
        var destination = new MemoryTarget();

        var result = await ArtifactCopier.CopyAsync(source, "1.0.0", destination, "v1", new CopyOptions { MaxParallelism = 3 });

        var log = destination.Log.ToArray();
        Assert.Equal(6, log.Length);
        Assert.All(log.Take(3), l => Assert.StartsWith("blob ", l));
        Assert.Equal(
            new[] { $"manifest {artifact.ManifestAmd64Descriptor.Digest}", $"manifest {artifact.ManifestArm64Descriptor.Digest}" }.Order(),
            log.Skip(3).Take(2).Order());
        Assert.Equal($"manifest {artifact.Index.Digest} v1", log[5]);
        Assert.Equal(artifact.IndexBytes, destination.Bytes(artifact.Index.Digest));
        Assert.Equal(artifact.ManifestArm64, destination.Bytes(artifact.ManifestArm64Descriptor.Digest));
        Assert.Equal(6, result.ItemsCopied);
    }

    [Fact]
    public async Task Mount_is_tried_for_blobs_only_and_falls_back_to_upload_when_declined()
    {
        var (source, artifact) = await SourceAsync();
        var destination = new MemoryTarget();
        destination.Mountable[artifact.LayerAmd64Descriptor.Digest] = artifact.LayerAmd64;

        var result = await ArtifactCopier.CopyAsync(source, "1.0.0", destination, null, new CopyOptions { MountFromRepository = "other/repo" });

        var log = destination.Log.ToArray();
        Assert.Equal(3, log.Count(l => l.StartsWith("mount ", StringComparison.Ordinal) && l.EndsWith(" other/repo", StringComparison.Ordinal)));
        Assert.DoesNotContain(log, l => l.StartsWith("blob " + artifact.LayerAmd64Descriptor.Digest, StringComparison.Ordinal));
        Assert.Contains("blob " + artifact.LayerArm64Descriptor.Digest, log);
        Assert.Contains("blob " + EmptyConfig.Digest, log);
        Assert.Equal((5, 0, 1), (result.ItemsCopied, result.ItemsSkipped, result.ItemsMounted));
        Assert.Equal(artifact.TotalBytes - artifact.LayerAmd64.Length, result.BytesCopied);
    }

    [Fact]
    public async Task Copy_from_a_registry_records_the_artifact_type_it_did_not_report_on_the_layout_root()
    {
        var (layout, artifact) = await SourceAsync();
        var registry = new MemoryTarget();
        await ArtifactCopier.CopyAsync(layout, "1.0.0", registry, null);
        Assert.Null((await registry.ResolveAsync("1.0.0")).ArtifactType);
        var destination = new OciLayoutStore(_temp.Sub("dest"));

        var result = await ArtifactCopier.CopyAsync(registry, "1.0.0", destination, null);

        Assert.Equal(artifact.Index, result.Root);
        Assert.Equal(MediaTypes.OpenTofuProvider, (await destination.ResolveAsync("1.0.0")).ArtifactType);
        Assert.Equal(artifact.IndexBytes, File.ReadAllBytes(BlobPath(destination.Directory, artifact.Index.Digest)));
    }

    [Fact]
    public async Task Copy_of_a_single_manifest_by_tag_copies_its_config_and_layer()
    {
        var (source, artifact) = await SourceAsync();
        await source.TagAsync(artifact.ManifestAmd64Descriptor, "amd64");
        var destination = new OciLayoutStore(_temp.Sub("dest"));

        var result = await ArtifactCopier.CopyAsync(source, "amd64", destination, null);

        Assert.Equal(3, result.ItemsCopied);
        Assert.Equal(artifact.ManifestAmd64Descriptor, await destination.ResolveAsync("amd64"));
        Assert.True(await destination.ExistsAsync(artifact.LayerAmd64Descriptor));
        Assert.False(await destination.ExistsAsync(artifact.LayerArm64Descriptor));
    }
}
