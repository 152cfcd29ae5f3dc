using System.Diagnostics;
using OpenTofuOci.Core.Locking;
using OpenTofuOci.Core.Tests.Fixtures;

namespace OpenTofuOci.Core.Tests.Locking;

/// <summary>
/// The lock that serialises package installs and lock-file updates: between tasks of one process
/// (as PowerShell runspaces are), and against another process taking OpenTofu's own plugin-cache lock.
/// </summary>
public sealed class ExclusiveFileLockTests
{
    [Fact]
    public async Task A_second_holder_in_the_same_process_waits_and_times_out_with_null_then_gets_it_after_release()
    {
        using var temp = new TempDirectory();
        var path = temp.Combine("sub", "linux_amd64.lock");

        var first = await ExclusiveFileLock.TryAcquireAsync(path, TimeSpan.FromSeconds(5), CancellationToken.None);
        Assert.NotNull(first);
        Assert.True(File.Exists(path));
        var clock = Stopwatch.StartNew();
        Assert.Null(await ExclusiveFileLock.TryAcquireAsync(path, TimeSpan.FromMilliseconds(300), CancellationToken.None));
        Assert.True(clock.ElapsedMilliseconds >= 250, $"gave up after {clock.ElapsedMilliseconds} ms");

        var waiting = ExclusiveFileLock.TryAcquireAsync(path, TimeSpan.FromSeconds(10), CancellationToken.None);
        await Task.Delay(100);
        Assert.False(waiting.IsCompleted);
        await first.DisposeAsync();
        var second = await waiting;
        Assert.NotNull(second);
        await second.DisposeAsync();
        // The file stays: deleting it would let two waiters hold two different files.
        Assert.True(File.Exists(path));
    }

    [Fact]
    public async Task Many_tasks_take_turns_and_never_overlap()
    {
        using var temp = new TempDirectory();
        var path = temp.Combine("x.lock");
        var inside = 0;
        var maxInside = 0;
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var tasks = Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
        {
            await start.Task;
            for (var i = 0; i < 5; i++)
            {
                var held = await ExclusiveFileLock.TryAcquireAsync(path, TimeSpan.FromSeconds(30), CancellationToken.None);
                Assert.NotNull(held);
                await using (held)
                {
                    var now = Interlocked.Increment(ref inside);
                    InterlockedMax(ref maxInside, now);
                    await Task.Delay(1);
                    Interlocked.Decrement(ref inside);
                }
            }
        })).ToArray();
        start.SetResult();
        await Task.WhenAll(tasks);

        Assert.Equal(1, maxInside);
    }

    [Fact]
    public async Task Cancelling_a_waiter_throws_and_leaves_the_lock_usable()
    {
        using var temp = new TempDirectory();
        var path = temp.Combine("x.lock");
        var held = await ExclusiveFileLock.TryAcquireAsync(path, TimeSpan.FromSeconds(5), CancellationToken.None);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(150));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ExclusiveFileLock.TryAcquireAsync(path, TimeSpan.FromSeconds(30), cts.Token));
        await held!.DisposeAsync();

        var again = await ExclusiveFileLock.TryAcquireAsync(path, TimeSpan.FromSeconds(1), CancellationToken.None);
        Assert.NotNull(again);
        await again.DisposeAsync();
    }

    [Fact]
    public async Task OpenTofus_lock_held_by_another_process_is_waited_for_and_ours_keeps_it_out()
    {
        // OpenTofu locks <cache>/HOST/NS/TYPE/VERSION/OS_ARCH.lock with fcntl(F_SETLKW) over the whole file.
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        using var temp = new TempDirectory();
        var path = temp.Combine("linux_amd64.lock");
        using (var tofu = await PosixRecordLock.HoldAsync(path, TimeSpan.FromSeconds(1)))
        {
            var clock = Stopwatch.StartNew();
            var held = await ExclusiveFileLock.TryAcquireAsync(path, TimeSpan.FromSeconds(30), CancellationToken.None);
            clock.Stop();
            Assert.NotNull(held);
            Assert.True(clock.ElapsedMilliseconds >= 500, $"took the lock after {clock.ElapsedMilliseconds} ms while the other process held it");
            await tofu.WaitForExitAsync();

            Assert.False(await PosixRecordLock.IsFreeAsync(path));
            await held.DisposeAsync();
            Assert.True(await PosixRecordLock.IsFreeAsync(path));
        }
    }

    [Fact]
    public async Task A_holder_that_dies_releases_the_lock()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        using var temp = new TempDirectory();
        var path = temp.Combine("linux_amd64.lock");
        using var crashed = await PosixRecordLock.HoldAsync(path, TimeSpan.FromMinutes(5));
        Assert.Null(await ExclusiveFileLock.TryAcquireAsync(path, TimeSpan.FromMilliseconds(200), CancellationToken.None));

        crashed.Kill();
        await crashed.WaitForExitAsync();

        var held = await ExclusiveFileLock.TryAcquireAsync(path, TimeSpan.FromSeconds(5), CancellationToken.None);
        Assert.NotNull(held);
        await held.DisposeAsync();
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while (value > (current = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
