using System.Diagnostics;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci;
using OpenTofuOci.Core.Oci.Layout;
using Xunit;

namespace OpenTofuOci.Core.Tests.Layout;

/// <summary>
/// Writers of one layout from several stores at once. Each store instance opens its own lock handle,
/// and FileShare.None is enforced per handle, so threads here contend exactly as processes would.
/// </summary>
public sealed class LayoutConcurrencyTests : IDisposable
{
    private readonly LayoutTempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Parallel_tagging_from_separate_stores_loses_no_tag()
    {
        var dir = _temp.Sub("l");
        var artifact = new ProviderLikeArtifact();
        await artifact.PublishAsync(new OciLayoutStore(dir), "seed");
        var tags = Enumerable.Range(0, 160).Select(i => $"v{i}").ToArray();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        // Eight writers released at once, each tagging its share in a loop, keep index.json contended throughout.
        var writers = tags.Chunk(20).Select(share => Task.Run(async () =>
        {
            var store = new OciLayoutStore(dir);
            await start.Task;
            foreach (var tag in share)
            {
                await store.TagAsync(artifact.Index, tag);
            }
        })).ToArray();
        start.SetResult();
        await Task.WhenAll(writers);

        var listed = await new OciLayoutStore(dir).ListTagsAsync().ToListAsync();
        Assert.Equal(tags.Append("seed").Order(StringComparer.Ordinal), listed.Order(StringComparer.Ordinal));
        Assert.Empty(LayoutTempDirectory.TempFiles(dir));
    }

    [Fact]
    public async Task Parallel_first_writes_into_a_new_directory_create_one_valid_layout()
    {
        var dir = _temp.Sub("fresh");
        var artifacts = Enumerable.Range(1, 8).Select(seed => new ProviderLikeArtifact(layerSize: 500, seed: seed)).ToArray();

        await Task.WhenAll(artifacts.Select((a, i) => Task.Run(() => a.PublishAsync(new OciLayoutStore(dir), $"t{i}"))));

        var store = new OciLayoutStore(dir);
        for (var i = 0; i < artifacts.Length; i++)
        {
            Assert.Equal(artifacts[i].Index, await store.ResolveAsync($"t{i}"));
        }

        Assert.Equal("{\"imageLayoutVersion\":\"1.0.0\"}", File.ReadAllText(Path.Combine(dir, "oci-layout")));
        Assert.Empty(LayoutTempDirectory.TempFiles(dir));
    }

    [Fact]
    public async Task Readers_during_writes_always_see_a_complete_index()
    {
        var dir = _temp.Sub("l");
        var artifact = new ProviderLikeArtifact();
        await artifact.PublishAsync(new OciLayoutStore(dir), "seed");
        using var done = new CancellationTokenSource();
        var reader = Task.Run(async () =>
        {
            var reads = 0;
            var store = new OciLayoutStore(dir);
            while (!done.IsCancellationRequested || reads == 0)
            {
                Assert.Equal(artifact.Index.Digest, (await store.ResolveAsync("seed")).Digest);
                reads++;
            }

            return reads;
        });

        await Task.WhenAll(Enumerable.Range(0, 32).Select(i => Task.Run(() => new OciLayoutStore(dir).TagAsync(artifact.Index, $"v{i}"))));
        await done.CancelAsync();

        Assert.True(await reader > 0);
    }

    [Fact]
    public async Task A_held_lock_makes_writers_wait_then_fail_with_layout_busy_naming_the_lock()
    {
        var dir = _temp.Sub("l");
        var artifact = new ProviderLikeArtifact();
        await artifact.PublishAsync(new OciLayoutStore(dir), "seed");
        var lockPath = Path.Combine(dir, "index.json.lock");
        var store = new OciLayoutStore(dir) { LockTimeout = TimeSpan.FromMilliseconds(300) };

        using (new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            var ex = await Assert.ThrowsAsync<TofuOciException>(() => store.TagAsync(artifact.Index, "blocked"));
            Assert.Equal(ErrorIds.LayoutBusy, ex.ErrorId);
            Assert.Contains(lockPath, ex.Message);
            Assert.Contains(store.Directory, ex.Message);
        }

        await store.TagAsync(artifact.Index, "after");
        Assert.Equal(["seed", "after"], await store.ListTagsAsync().ToListAsync());
    }

    [Fact]
    public async Task A_writer_waiting_for_the_lock_proceeds_when_it_is_released_and_keeps_the_other_change()
    {
        var dir = _temp.Sub("l");
        var a = new ProviderLikeArtifact(seed: 1);
        var b = new ProviderLikeArtifact(seed: 2);
        await a.PublishAsync(new OciLayoutStore(dir), "a");
        await b.PublishAsync(new OciLayoutStore(dir), "b");
        var lockPath = Path.Combine(dir, "index.json.lock");

        Task waiting;
        using (new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            waiting = new OciLayoutStore(dir).TagAsync(a.Index, "late");
            await Task.Delay(200);
            Assert.False(waiting.IsCompleted);
            // A change made by the lock holder while the waiter waits must survive: the waiter re-reads under the lock.
            var index = OciJson.ReadIndex(File.ReadAllBytes(Path.Combine(dir, "index.json")));
            var text = File.ReadAllText(Path.Combine(dir, "index.json"));
            File.WriteAllText(Path.Combine(dir, "index.json"), text.Replace("\"b\"", "\"b2\"", StringComparison.Ordinal));
            Assert.Equal(2, index.Manifests.Count);
        }

        await waiting;
        Assert.Equal(["a", "b2", "late"], await new OciLayoutStore(dir).ListTagsAsync().ToListAsync());
    }

    [Fact]
    public async Task Cancelling_a_waiting_writer_leaves_the_index_unchanged()
    {
        var dir = _temp.Sub("l");
        var artifact = new ProviderLikeArtifact();
        await artifact.PublishAsync(new OciLayoutStore(dir), "seed");
        var before = File.ReadAllBytes(Path.Combine(dir, "index.json"));
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(150));

        using (new FileStream(Path.Combine(dir, "index.json.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new OciLayoutStore(dir).TagAsync(artifact.Index, "x", cts.Token));
        }

        Assert.Equal(before, File.ReadAllBytes(Path.Combine(dir, "index.json")));
    }

    [Fact]
    public async Task Another_process_holding_the_lock_is_waited_for()
    {
        // Cross-process check with the same primitive .NET uses for FileShare.None on Unix (flock);
        // Windows share modes are per handle too and are exercised by the thread tests above.
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var dir = _temp.Sub("l");
        var artifact = new ProviderLikeArtifact();
        await artifact.PublishAsync(new OciLayoutStore(dir), "seed");
        var ready = Path.Combine(_temp.Path, "ready");
        var start = new ProcessStartInfo("flock") { UseShellExecute = false };
        foreach (var a in new[] { Path.Combine(dir, "index.json.lock"), "-c", $"touch '{ready}'; sleep 1" })
        {
            start.ArgumentList.Add(a);
        }

        using var child = Process.Start(start)!;
        while (!File.Exists(ready))
        {
            await Task.Delay(10);
        }

        var clock = Stopwatch.StartNew();
        await new OciLayoutStore(dir).TagAsync(artifact.Index, "after-child");
        clock.Stop();
        await child.WaitForExitAsync();

        Assert.True(clock.ElapsedMilliseconds >= 500, $"tagging took {clock.ElapsedMilliseconds} ms while another process held the lock");
        Assert.Equal(["seed", "after-child"], await new OciLayoutStore(dir).ListTagsAsync().ToListAsync());
    }
}
