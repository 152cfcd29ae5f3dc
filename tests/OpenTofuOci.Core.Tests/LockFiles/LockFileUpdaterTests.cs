using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.LockFiles;
using OpenTofuOci.Core.Locking;
using OpenTofuOci.Core.Tests.Fixtures;

namespace OpenTofuOci.Core.Tests.LockFiles;

/// <summary>Read-merge-write of one lock file by many writers at once, under its lock.</summary>
public sealed class LockFileUpdaterTests
{
    private static string Zh(int i) => "zh:" + i.ToString("x64", System.Globalization.CultureInfo.InvariantCulture);

    private static LockedProvider Provider(string address, params string[] hashes) => new(address, "1.0.0", null, hashes);

    [Fact]
    public async Task Parallel_updates_of_different_providers_and_platforms_keep_every_hash()
    {
        using var temp = new TempDirectory();
        var path = temp.Combine(".terraform.lock.hcl");
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        // 16 providers, and 8 platforms' hashes for one more provider, all written at once.
        var writers = Enumerable.Range(0, 16).Select(i => (Provider($"example.com/ns{i}/p", Zh(i)), i))
            .Concat(Enumerable.Range(100, 8).Select(i => (Provider("example.com/shared/p", Zh(i)), i)))
            .Select(w => Task.Run(async () =>
            {
                await start.Task;
                await LockFileUpdater.UpdateAsync(path, current => current.Merge(w.Item1));
            })).ToArray();
        start.SetResult();
        await Task.WhenAll(writers);

        var file = await LockFileReader.ReadFileAsync(path);
        Assert.Equal(17, file.Providers.Count);
        Assert.All(Enumerable.Range(0, 16), i => Assert.Equal([Zh(i)], file.Find($"example.com/ns{i}/p")!.Hashes.ToArray()));
        Assert.Equal(Enumerable.Range(100, 8).Select(Zh).Order(StringComparer.Ordinal), file.Find("example.com/shared/p")!.Hashes.ToArray());
        Assert.Empty(Layout.LayoutTempDirectory.TempFiles(temp.Path));
    }

    [Fact]
    public async Task A_waiting_update_applies_to_what_the_holder_wrote()
    {
        using var temp = new TempDirectory();
        var path = temp.Combine(".terraform.lock.hcl");
        await LockFileWriter.WriteFileAsync(path, DependencyLockFile.Empty.With(Provider("example.com/a/first", Zh(1))));

        Task<DependencyLockFile> waiting;
        var held = await ExclusiveFileLock.TryAcquireAsync(LockFileUpdater.LockPathFor(path), TimeSpan.FromSeconds(5), CancellationToken.None);
        await using (held!)
        {
            waiting = LockFileUpdater.UpdateAsync(path, current => current.Merge(Provider("example.com/c/third", Zh(3))));
            await Task.Delay(200);
            Assert.False(waiting.IsCompleted);
            // The holder's own change, written while the other update waits, must survive it.
            await LockFileWriter.WriteFileAsync(path, (await LockFileReader.ReadFileAsync(path)).Merge(Provider("example.com/b/second", Zh(2))));
        }

        var result = await waiting;
        Assert.Equal(["example.com/a/first", "example.com/b/second", "example.com/c/third"], result.Providers.Keys);
        Assert.Equal(LockFileWriter.Format(result), await File.ReadAllTextAsync(path));
    }

    [Fact]
    public async Task A_lock_held_too_long_is_LockFileBusy_and_the_file_is_untouched()
    {
        using var temp = new TempDirectory();
        var path = temp.Combine(".terraform.lock.hcl");
        await LockFileWriter.WriteFileAsync(path, DependencyLockFile.Empty.With(Provider("example.com/a/first", Zh(1))));
        var before = await File.ReadAllBytesAsync(path);

        var held = await ExclusiveFileLock.TryAcquireAsync(LockFileUpdater.LockPathFor(path), TimeSpan.FromSeconds(5), CancellationToken.None);
        await using (held!)
        {
            var ex = await Assert.ThrowsAsync<TofuOciException>(() =>
                LockFileUpdater.UpdateAsync(path, current => current.Merge(Provider("example.com/b/second", Zh(2))), TimeSpan.FromMilliseconds(250)));
            Assert.Equal(ErrorIds.LockFileBusy, ex.ErrorId);
            Assert.Equal(ErrorKind.InvalidOperation, ex.Kind);
            Assert.Equal(path, ex.Target);
            Assert.Contains($"updating {path} for more than 250 ms (it holds {path}.lock)", ex.Message, StringComparison.Ordinal);
            Assert.Contains("Wait for it to finish and run again", ex.Message, StringComparison.Ordinal);
        }

        Assert.Equal(before, await File.ReadAllBytesAsync(path));
    }

    [Fact]
    public async Task An_invalid_current_file_fails_and_is_left_as_it_is()
    {
        using var temp = new TempDirectory();
        var path = temp.Combine(".terraform.lock.hcl");
        await File.WriteAllTextAsync(path, "provider \"example.com/a/b\" {\n  version = \"1.0.0\"\n  unknown = 1\n}\n");

        var ex = await Assert.ThrowsAsync<LockFileException>(() => LockFileUpdater.UpdateAsync(path, current => current.Merge(Provider("example.com/c/d", Zh(1)))));

        Assert.Equal(ErrorIds.InvalidLockFile, ex.ErrorId);
        Assert.Contains("unknown", await File.ReadAllTextAsync(path), StringComparison.Ordinal);
        Assert.Equal([".terraform.lock.hcl", ".terraform.lock.hcl.lock"], Directory.GetFiles(temp.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task An_update_that_changes_nothing_does_not_rewrite_the_file()
    {
        using var temp = new TempDirectory();
        var path = temp.Combine(".terraform.lock.hcl");
        await LockFileWriter.WriteFileAsync(path, DependencyLockFile.Empty.With(Provider("example.com/a/first", Zh(1))));
        var old = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(path, old);

        var result = await LockFileUpdater.UpdateAsync(path, current => current.Merge(Provider("example.com/a/first", Zh(1))));

        Assert.Equal(["example.com/a/first"], result.Providers.Keys);
        Assert.Equal(old, File.GetLastWriteTimeUtc(path));
    }
}
