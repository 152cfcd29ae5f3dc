using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using OpenTofuOci.Core.Oci.Transport;
using OpenTofuOci.Core.Tests.Providers.Installing;
using OpenTofuOci.Core.Tests.Reliability;
using Xunit.Abstractions;

namespace OpenTofuOci.Core.Tests.Native;

/// <summary>
/// The reliability targets measured as shipped: the native tofu-oci, with its default retry policy
/// (5 retries, 0.2 s doubling backoff with jitter, Retry-After honoured), through a
/// <see cref="FaultProxy"/> whose delays are a real 2 s, in front of a real docker-registry. Each
/// operation has its own proxy (seed = the suite's seed + its number), so the faults counted are its
/// own even when operations run side by side. With TOFU_OCI_RELIABILITY_REPORT set the figures go to
/// native-install-threshold.json and native-publish.json (tests/reliability/update-figures.sh).
/// </summary>
[Collection(NativeCliGroup.Name)]
public sealed partial class NativeFaultThresholdTests(NativeCliFixture native, PlainRegistryFixture registry, ITestOutputHelper output)
    : IClassFixture<PlainRegistryFixture>, IDisposable
{
    private const string Type = "bulky";
    private const string Version = "1.0.0";
    private const int Publishes = 8;
    private static readonly TimeSpan RealDelay = TimeSpan.FromSeconds(2);

    /// <summary>The shipped retry policy: nothing from the environment changes it.</summary>
    private static readonly Dictionary<string, string?> Shipped = new(StringComparer.Ordinal)
    {
        [RetrySettings.MaxRetriesVariable] = null,
        [RetrySettings.IdleTimeoutVariable] = null,
    };

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>
    /// A provider zip of <paramref name="size"/> random (incompressible, stored) bytes plus a README, so a
    /// truncated or flipped answer lands in the middle of the layer's stream.
    /// </summary>
    private static byte[] BulkyZip(string platform, int size)
    {
        var payload = new byte[size];
        new Random(size + platform.Sum(c => c)).NextBytes(payload);
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            var binary = zip.CreateEntry($"terraform-provider-{Type}_v{Version}", CompressionLevel.NoCompression);
            binary.ExternalAttributes = (0x8000 | InstallTestMirror.Executable) << 16;
            using (var s = binary.Open())
            {
                s.Write(payload);
            }

            var readme = zip.CreateEntry("README", CompressionLevel.Optimal);
            readme.ExternalAttributes = (0x8000 | InstallTestMirror.Regular) << 16;
            using (var s = readme.Open())
            {
                s.Write(Encoding.UTF8.GetBytes($"{Type} {Version} for {platform}\n"));
            }
        }

        return buffer.ToArray();
    }

    private Task<NativeCliFixture.Result> RunAsync(params string[] args) => Task.Run(() =>
    {
        try
        {
            return native.Invoke(Shipped, args);
        }
        catch (TimeoutException ex)
        {
            return new NativeCliFixture.Result(-1, string.Empty, ex.Message);
        }
    });

    /// <summary>The error id of a failed run's "error: … [Id]" line on stderr, or null when there is none.</summary>
    private static string? ErrorId(NativeCliFixture.Result run) =>
        ErrorLine().Match(run.Error) is { Success: true } m ? m.Groups["id"].Value : null;

    /// <summary>What is wrong with a failed run (null: exit 1 with an error id on stderr).</summary>
    private static string? FailureProblem(NativeCliFixture.Result run) =>
        run.ExitCode != 1 ? $"exit {run.ExitCode}: {run.Error.Trim()}"
        : ErrorId(run) is null ? "no [ErrorId] on stderr: " + run.Error.Trim()
        : null;

    private static string[] Install(string repository, string destination) =>
        ["provider", "install", $"example/{Type}", "--repository", repository, "--plain-http", "--platform", "linux_amd64", "--destination", destination, "--json"];

    private static string[] Publish(string release, string repository) =>
        ["provider", "publish", release, "--repository", repository, "--plain-http", "--json"];

    private sealed record InstallRun(int Number, NativeCliFixture.Result Run, FaultCounts Faults, string Destination, TimeSpan Took);

    [Fact]
    public async Task At_least_29_of_30_native_installs_through_a_proxy_breaking_30_percent_of_reads_in_six_ways_succeed_byte_identical()
    {
        // The repository is named by the seed: the proxy's fault draws depend on the request paths, so a seed replays its faults.
        var seed = ReliabilityKit.Seed(1111);
        var repository = $"nfault/install-{seed}/{Type}";
        await InstallTestMirror.PublishAsync(registry.Server.Repository(repository), Version,
            new Dictionary<string, byte[]>(StringComparer.Ordinal) { ["linux_amd64"] = BulkyZip("linux_amd64", 384 * 1024) });
        var direct = await RunAsync(Install($"{registry.Server.Address}/{repository}", _dir.Combine("direct")));
        Assert.True(direct.ExitCode == 0, direct.Error);
        var expectedPackage = Assert.Single(JsonDocument.Parse(direct.Out).RootElement.GetProperty("packages").EnumerateArray());
        var expectedHashes = (expectedPackage.GetProperty("h1").GetString(), expectedPackage.GetProperty("zh").GetString());
        var expectedFiles = ReliabilityKit.Snapshot(_dir.Combine("direct"));
        Assert.Contains(expectedFiles, f => f.Key.EndsWith($"/terraform-provider-{Type}_v{Version}", StringComparison.Ordinal) && f.Value.Length == 384 * 1024);

        var faults = ReliabilityKit.BreakingReads(seed) with { Delay = RealDelay };
        var ledger = new ReliabilityLedger("native-install-threshold");
        var runs = new InstallRun[30];
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, runs.Length), new ParallelOptions { MaxDegreeOfParallelism = 6 }, async (i, _) =>
        {
            await using var proxy = FaultProxy.Start(registry.Server.Address, faults with { Seed = seed + i });
            var destination = _dir.Combine($"through-{i:D2}");
            var started = Stopwatch.StartNew();
            var run = await RunAsync(Install($"{proxy.Address}/{repository}", destination));
            runs[i] = new InstallRun(i, run, proxy.Counts, destination, started.Elapsed);
        });
        clock.Stop();

        foreach (var r in runs)
        {
            string? problem;
            string? errorId = null;
            if (r.Run.ExitCode == 0)
            {
                var package = Assert.Single(JsonDocument.Parse(r.Run.Out).RootElement.GetProperty("packages").EnumerateArray());
                problem = (package.GetProperty("h1").GetString(), package.GetProperty("zh").GetString()) != expectedHashes
                    ? "h1/zh differ from the direct install"
                    : ReliabilityKit.Difference(expectedFiles, ReliabilityKit.Snapshot(r.Destination));
            }
            else
            {
                errorId = ErrorId(r.Run);
                problem = FailureProblem(r.Run)
                    ?? (Directory.Exists(r.Destination) ? "left the destination behind: [" + string.Join(", ", ReliabilityKit.Snapshot(r.Destination).Keys) + "]" : null);
            }

            ledger.Record($"install-{r.Number:D2}", r.Faults, errorId, problem);
            output.WriteLine($"install-{r.Number:D2}: exit {r.Run.ExitCode} in {r.Took.TotalSeconds:F1} s, faults "
                + string.Join(", ", r.Faults.ByKind.Where(k => k.Value > 0).Select(k => $"{ReliabilityLedger.KindName(k.Key)}×{k.Value}"))
                + (r.Run.ExitCode == 0 ? string.Empty : " — " + r.Run.Error.Trim()));
        }

        var summary = ledger.Report(seed) + $"; {ledger.Succeeded}/30 succeeded; by kind "
            + string.Join(", ", ledger.ByKind.Where(k => k.Value > 0).Select(k => $"{ReliabilityLedger.KindName(k.Key)} {k.Value}"))
            + $"; {clock.Elapsed.TotalSeconds:F0} s";
        output.WriteLine(summary);
        Assert.True(ledger.BadOutcomes.Count == 0, summary + "\n" + string.Join("\n", ledger.BadOutcomes));
        Assert.True(ledger.Succeeded >= 29, summary);
        Assert.Equal(30, ledger.Succeeded + ledger.CleanFailures);
        Assert.All(FaultProxyOptions.ReadKinds, k => Assert.True(ledger.ByKind[k] > 0, $"no {k} injected: {summary}"));
        Assert.True(ledger.Faulted >= 15, summary);
    }

    private sealed record PublishOutcome(int Number, NativeCliFixture.Result First, FaultCounts FirstFaults, int ReRuns, FaultCounts AllFaults, string? Problem);

    [Fact]
    public async Task A_native_publish_through_a_proxy_also_resetting_10_percent_of_writes_completes_or_leaves_no_dangling_tag_and_a_rerun_completes_it()
    {
        var release = _dir.Combine("release");
        Directory.CreateDirectory(release);
        var sums = new StringBuilder();
        foreach (var platform in new[] { "linux_amd64", "darwin_arm64" })
        {
            var bytes = BulkyZip(platform, 256 * 1024);
            var name = ReleaseFiles.FileName(Type, Version, platform);
            await File.WriteAllBytesAsync(Path.Combine(release, name), bytes);
            sums.Append(ReleaseFiles.Sha256Hex(bytes)).Append("  ").Append(name).Append('\n');
        }

        await File.WriteAllTextAsync(Path.Combine(release, $"terraform-provider-{Type}_{Version}_SHA256SUMS"), sums.ToString());
        var seed = ReliabilityKit.Seed(1112);
        var prefix = $"nfault/publish-{seed}";
        var direct = await RunAsync(Publish(release, $"{registry.Server.Address}/{prefix}/direct/{Type}"));
        Assert.True(direct.ExitCode == 0, direct.Error);
        var digest = JsonDocument.Parse(direct.Out).RootElement.GetProperty("digest").GetString()!;

        var faults = ReliabilityKit.BreakingReadsAndWrites(seed) with
        {
            WriteFaultKinds = [FaultKind.WriteResetBefore, FaultKind.WriteResetAfter],
            Delay = RealDelay,
        };
        var ledger = new ReliabilityLedger("native-publish");
        var clock = Stopwatch.StartNew();
        var outcomes = await Task.WhenAll(Enumerable.Range(0, Publishes).Select(i => PublishThroughProxyAsync(i, faults with { Seed = seed + i }, release, $"{prefix}/{i}/{Type}", digest)));
        // The runs at 10 % write faults may all complete; this one is made to fail (every write reset) so
        // the failure path is always taken: no tag on missing content, then re-runs at 10 % complete it.
        var forced = await PublishThroughProxyAsync(Publishes, faults with { Seed = seed + Publishes }, release, $"{prefix}/forced/{Type}", digest,
            faults with { Seed = seed + Publishes, WriteFaultRate = 1 });
        clock.Stop();

        foreach (var o in outcomes)
        {
            ledger.Record($"publish-{o.Number}", o.FirstFaults, o.First.ExitCode == 0 ? null : ErrorId(o.First), o.Problem);
            output.WriteLine($"publish-{o.Number} (seed {seed + o.Number}): first run exit {o.First.ExitCode}, {o.ReRuns} re-run(s); first run's faults "
                + string.Join(", ", o.FirstFaults.ByKind.Where(k => k.Value > 0).Select(k => $"{ReliabilityLedger.KindName(k.Key)}×{k.Value}"))
                + $"; all runs' faults {o.AllFaults.Total} ({o.AllFaults.Reads} reads, {o.AllFaults.Writes} writes)"
                + (o.First.ExitCode == 0 ? string.Empty : " — " + o.First.Error.Trim()));
        }

        var summary = ledger.Report(seed) + $"; re-runs {string.Join("/", outcomes.Select(o => o.ReRuns))}; forced failure: exit {forced.First.ExitCode} "
            + $"[{ErrorId(forced.First)}], {forced.ReRuns} re-run(s), {forced.Problem ?? "completed"}; {clock.Elapsed.TotalSeconds:F0} s";
        output.WriteLine(summary);
        Assert.True(forced.Problem is null, summary);
        Assert.Equal(1, forced.First.ExitCode);
        Assert.InRange(forced.ReRuns, 1, 3);
        Assert.True(ledger.BadOutcomes.Count == 0, summary + "\n" + string.Join("\n", ledger.BadOutcomes));
        Assert.Equal(Publishes, ledger.Succeeded + ledger.CleanFailures);
        Assert.True(outcomes.Sum(o => o.AllFaults.ByKind[FaultKind.WriteResetBefore] + o.AllFaults.ByKind[FaultKind.WriteResetAfter]) > 0, summary);
        Assert.True(ledger.Faulted >= Publishes / 2, summary);
    }

    /// <summary>
    /// One publish through its own proxy, checked on the registry directly: a success has its tag on
    /// complete content with the direct publish's digest; a failure is exit 1 with an error id and no
    /// tag on missing content, and one of up to three re-runs through the same proxy completes it.
    /// <paramref name="firstRunFaults"/>, when given, replaces <paramref name="faults"/> for the first run only.
    /// </summary>
    private async Task<PublishOutcome> PublishThroughProxyAsync(int number, FaultProxyOptions faults, string release, string repository, string digest,
        FaultProxyOptions? firstRunFaults = null)
    {
        await using var proxy = FaultProxy.Start(registry.Server.Address, firstRunFaults ?? faults);
        using var target = ReliabilityKit.Direct(registry.Server, repository);
        var first = await RunAsync(Publish(release, $"{proxy.Address}/{repository}"));
        var firstFaults = proxy.Counts;
        proxy.Options = faults;
        var reRuns = 0;
        string? problem;
        if (first.ExitCode == 0)
        {
            var reported = JsonDocument.Parse(first.Out).RootElement.GetProperty("digest").GetString();
            problem = reported != digest ? $"the publish reported {reported}, a direct publish {digest}" : await TaggedProblemAsync(target, digest);
        }
        else
        {
            problem = FailureProblem(first)
                ?? (await ReliabilityKit.TagProblemAsync(target, Version, mustExist: false) is { } dangling ? "after the failure: " + dangling : null);
            var rerun = first;
            while (problem is null && rerun.ExitCode != 0 && reRuns < 3)
            {
                reRuns++;
                rerun = await RunAsync(Publish(release, $"{proxy.Address}/{repository}"));
                if (rerun.ExitCode != 0)
                {
                    problem = FailureProblem(rerun)
                        ?? (await ReliabilityKit.TagProblemAsync(target, Version, mustExist: false) is { } left ? $"after re-run {reRuns}: " + left : null);
                }
            }

            problem ??= rerun.ExitCode != 0 ? "three re-runs through the proxy did not complete it: " + rerun.Error.Trim()
                : await TaggedProblemAsync(target, digest) is { } incomplete ? "after the re-run: " + incomplete : null;
        }

        return new PublishOutcome(number, first, firstFaults, reRuns, proxy.Counts, problem);
    }

    private static async Task<string?> TaggedProblemAsync(Core.Oci.Remote.RemoteRepository target, string digest)
    {
        if (await ReliabilityKit.TagProblemAsync(target, Version, mustExist: true) is { } problem)
        {
            return problem;
        }

        var tagged = (await target.ResolveAsync(Version)).Digest;
        return tagged == digest ? null : $"the tag names {tagged}, a direct publish {digest}";
    }

    [GeneratedRegex(@"^error: .* \[(?<id>[A-Za-z]+)\]$", RegexOptions.Multiline)]
    private static partial Regex ErrorLine();
}
