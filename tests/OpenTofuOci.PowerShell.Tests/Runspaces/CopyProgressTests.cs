using System.Management.Automation;
using OpenTofuOci.PowerShell.Output;
using OpenTofuOci.TestFixtures;

namespace OpenTofuOci.PowerShell.Tests.Runspaces;

/// <summary>
/// Copy-TofuProvider's progress in a real runspace, from a real <c>tofu providers mirror</c> directory into a
/// real registry: one Write-Progress activity per package, named by its file, each completed once at the end.
/// </summary>
public sealed class CopyProgressTests(PlainSeededRegistry registry) : IClassFixture<PlainSeededRegistry>, IDisposable
{
    private static readonly string[] Files = ["terraform-provider-hello_1.0.0_linux_amd64.zip", "terraform-provider-hello_1.0.0_windows_amd64.zip"];
    private readonly TempDirectory _dir = new("tofuoci-ps-copyprogress-");
    private readonly RunspaceLease _ps = ModuleRunspaces.Rent();

    public void Dispose()
    {
        _ps.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public void Copy_TofuProvider_writes_one_progress_activity_per_package_file_each_completed_once_at_the_end()
    {
        // The source is set up apart: Copy-Item writes progress records of its own.
        var source = _dir.Combine("src", "registry.opentofu.org", "example", "hello");
        Directory.CreateDirectory(source);
        foreach (var zip in Directory.GetFiles(registry.HelloRelease, "*.zip"))
        {
            File.Copy(zip, Path.Combine(source, Path.GetFileName(zip)));
        }

        var run = _ps.Run(
            "Copy-TofuProvider example/hello -FromDirectory (Join-Path $dir src) -AllowUnsigned -Repository \"$registry/progress/mirror\" -PlainHttp",
            ("registry", registry.Address), ("dir", _dir.Path)).AssertClean();

        Assert.Equal(2, run.OutputOf<TofuProviderMirrorInfo>().Count);
        var records = run.Progress.Select(p => p.Record).ToList();
        var activities = records.GroupBy(r => r.ActivityId).OrderBy(g => g.Key).ToList();
        Assert.Equal([4200, 4201], activities.Select(a => a.Key));
        // Downloads run in parallel, so which file opens the first activity is not fixed; each keeps its own.
        Assert.Equal(Files, activities.Select(a => a.First().Activity).Order(StringComparer.Ordinal));
        foreach (var activity in activities)
        {
            var list = activity.ToList();
            Assert.All(list, r => Assert.Equal((list[0].Activity, -1), (r.Activity, r.ParentActivityId)));
            Assert.StartsWith("Downloading: ", list[0].StatusDescription, StringComparison.Ordinal);
            Assert.All(list[..^1], r => Assert.Equal(ProgressRecordType.Processing, r.RecordType));
            Assert.All(list[..^1], r => Assert.Matches("^(Downloading|Uploading): [01] of 1 item\\(s\\), ", r.StatusDescription));
            Assert.Equal((ProgressRecordType.Completed, 100, "Done"), (list[^1].RecordType, list[^1].PercentComplete, list[^1].StatusDescription));
        }

        // Every activity ends after the last file's transfer: the completions are the run's last records.
        Assert.All(records[^2..], r => Assert.Equal(ProgressRecordType.Completed, r.RecordType));
    }
}
