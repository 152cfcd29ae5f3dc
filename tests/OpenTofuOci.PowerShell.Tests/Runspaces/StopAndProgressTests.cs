using System.Management.Automation;
using System.Security.Cryptography;
using OpenTofuOci.PowerShell.Output;
using OpenTofuOci.TestFixtures;

namespace OpenTofuOci.PowerShell.Tests.Runspaces;

/// <summary>
/// Ctrl+C and progress on real transfers: a 210 MiB provider package against a real registry. A
/// stop after the first progress record ends the invocation at once and leaves nothing behind;
/// progress is one activity per operation that only moves forward, ends complete and is throttled.
/// </summary>
public sealed class StopAndProgressTests(BigRelease big) : IClassFixture<BigRelease>, IDisposable
{
    /// <summary>What "at once" means for a stop: the worker's cleanup included, on a busy 2-core machine.</summary>
    private static readonly TimeSpan StopWithin = TimeSpan.FromSeconds(5);

    private readonly TempDirectory _dir = new("tofuoci-ps-stop-");
    private readonly RunspaceLease _ps = ModuleRunspaces.Rent();

    public void Dispose()
    {
        _ps.Dispose();
        _dir.Dispose();
    }

    private (string, object?)[] Variables(string destination) =>
        [("repository", big.PublishedRepository), ("registry", big.Address), ("release", big.ReleaseDirectory), ("destination", destination),
            ("lock", Path.Combine(Path.GetDirectoryName(destination) ?? _dir.Path, "lock.hcl"))];

    private const string Install =
        "Install-TofuProvider example/big -Repository $repository -PlainHttp -Platform linux_amd64 -Destination $destination -LockFile $lock -PassThru";

    private const string Publish = "Publish-TofuProvider -Path $release -Repository \"$registry/big/$(Split-Path -Leaf $destination)\" -PlainHttp";

    /// <summary>Starts <paramref name="script"/>, stops it at its first progress record, and checks that the stop ended it promptly.</summary>
    private async Task<PowerShellRun> StopAtFirstProgressAsync(string script, (string, object?)[] variables)
    {
        using var running = _ps.Start(script, variables);
        await running.FirstProgress.WaitAsync(TimeSpan.FromSeconds(60));
        var took = running.Stop();
        var run = running.Wait(TimeSpan.FromSeconds(30));

        Assert.True(took < StopWithin, $"Stop() took {took}");
        Assert.Equal(PSInvocationState.Stopped, run.State);
        Assert.IsType<PipelineStoppedException>(run.Terminating);
        Assert.Empty(run.Errors);
        Assert.Empty(run.Output);
        // Mid-transfer: some bytes had moved, and not all of them.
        var first = run.Progress[0].Record;
        Assert.InRange(first.PercentComplete, 0, 99);
        Assert.NotEqual(ProgressRecordType.Completed, first.RecordType);
        return run;
    }

    [Fact]
    public async Task Stopping_Install_TofuProvider_mid_download_ends_it_within_seconds_leaves_no_directory_or_temp_file_and_a_second_run_installs()
    {
        var destination = _dir.Combine("install", "providers");
        Directory.CreateDirectory(_dir.Combine("install"));

        await StopAtFirstProgressAsync(Install, Variables(destination));

        // Nothing at all: no package directory, no temp file or directory beside it, no directory the
        // install created, no lock file.
        Assert.Empty(FileTree.Snapshot(_dir.Combine("install")));

        var run = _ps.Run(Install, Variables(destination)).AssertClean();
        var package = Assert.Single(run.OutputOf<TofuProviderPackageInfo>());
        var installed = Path.Combine(destination, "registry.opentofu.org", "example", "big", "1.0.0", "linux_amd64");
        Assert.Equal(("1.0.0", "linux_amd64", installed, "Installed"), (package.Version, package.Platform, package.Path, package.Status));
        Assert.Equal(["payload.bin " + BigRelease.PayloadSize, "terraform-provider-big_v1.0.0 19"], FileTree.Snapshot(installed));
        await using (var payload = File.OpenRead(Path.Combine(installed, BigRelease.PayloadName)))
        {
            Assert.Equal(big.PayloadSha256, Convert.ToHexStringLower(await SHA256.HashDataAsync(payload)));
        }

        Assert.Contains(package.H1, File.ReadAllText(_dir.Combine("install", "lock.hcl")));
        // The lock file's own lock (lock.hcl.lock) stays beside it, by design (docs/design.md, Concurrency).
        Assert.Equal(["lock.hcl", "lock.hcl.lock", "providers"], Directory.GetFileSystemEntries(_dir.Combine("install")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Stopping_Publish_TofuProvider_mid_upload_ends_it_within_seconds_writes_no_tag_and_a_second_run_publishes()
    {
        var repository = "big/stopped";
        await StopAtFirstProgressAsync(Publish, Variables(_dir.Combine("stopped")));

        using (var http = new HttpClient())
        {
            // No tag: the registry does not list the repository's tags (it may keep blobs that were complete).
            using var tags = await http.GetAsync($"http://{big.Address}/v2/{repository}/tags/list");
            var body = await tags.Content.ReadAsStringAsync();
            Assert.True(tags.StatusCode == System.Net.HttpStatusCode.NotFound || body.Contains("\"tags\":null", StringComparison.Ordinal), body);
        }

        var run = _ps.Run(Publish, Variables(_dir.Combine("stopped"))).AssertClean();
        var published = Assert.Single(run.OutputOf<TofuProviderPublishInfo>());
        Assert.Equal(("1.0.0", "Published", big.IndexDigest), (published.Tag, published.Status, published.Digest));
    }

    [Fact]
    public void Install_progress_is_a_throttled_download_activity_with_an_unpacking_child_both_only_moving_forward_and_ending_completed()
    {
        Directory.CreateDirectory(_dir.Combine("progress"));
        var run = _ps.Run(Install, Variables(_dir.Combine("progress", "providers"))).AssertClean();
        AssertProgress(run, 4103, $"Installing providers into {_dir.Combine("progress", "providers")}", -1);

        // The extraction, which for a large provider outlasts the download: bytes written of what the
        // zip's entries declare, ending with every byte.
        AssertProgress(run, 4203, "Unpacking", 4103);
        var unpacking = run.Progress.Select(p => p.Record).Where(r => r.ActivityId == 4203).ToList();
        var total = $"{(BigRelease.PayloadSize + 19) / (1024.0 * 1024):0.0} MiB";
        Assert.All(unpacking, r => Assert.Matches($@"^\d+(\.\d)? (B|KiB|MiB) of {total} written$", r.StatusDescription));
        // The completion carries the final count, whatever the throttle let through before it.
        Assert.Equal($"{total} of {total} written", unpacking[^1].StatusDescription);
    }

    [Fact]
    public void Publish_progress_is_one_throttled_activity_that_only_moves_forward_and_ends_completed()
    {
        var run = _ps.Run(Publish, Variables(_dir.Combine("progress"))).AssertClean();
        AssertProgress(run, 4101, $"Publishing big 1.0.0 to {big.Address}/big/progress:1.0.0", -1);
        Assert.All(run.Progress, p => Assert.Equal(4101, p.Record.ActivityId));
    }

    private static void AssertProgress(PowerShellRun run, int activityId, string activity, int parentActivityId)
    {
        var records = run.Progress.Select(p => p.Record).Where(r => r.ActivityId == activityId).ToList();
        Assert.All(records, r => Assert.Equal((activityId, activity, parentActivityId), (r.ActivityId, r.Activity, r.ParentActivityId)));

        var percents = records.Select(r => r.PercentComplete).ToList();
        Assert.Equal(percents.Order(), percents);
        Assert.Equal(ProgressRecordType.Completed, records[^1].RecordType);
        Assert.Equal(100, records[^1].PercentComplete);
        Assert.Single(records, r => r.RecordType == ProgressRecordType.Completed);

        // Throttled to about five a second (one every 200 ms, plus the completion) over the whole run:
        // 210 MiB in 80 KiB reads would otherwise be thousands of records. The run's wall time, not the
        // arrival times, bounds them: a busy pipeline thread may receive queued records in a burst.
        var updates = records.Count(r => r.RecordType == ProgressRecordType.Processing);
        var seconds = run.Elapsed.TotalSeconds;
        // The unpacking child of a fast extraction may get a single update before it completes.
        Assert.True(updates >= (parentActivityId == -1 ? 2 : 1), $"{updates} update(s)");
        Assert.True(updates <= (seconds * 5) + 2, $"{updates} updates in {seconds:0.00} s");
    }
}
