using OpenTofuOci.Core.Modules;
using OpenTofuOci.Core.Providers.Publishing;

namespace OpenTofuOci.Core.Tests.Reliability;

/// <summary>
/// Provider and module publishes through a proxy that breaks 30 % of reads and 10 % of writes: a
/// publish completes with its tag on complete content, or fails typed leaving no tag on missing
/// content (checked against the registry directly), and a re-run completes it.
/// </summary>
public sealed class PublishReliabilityTests(PlainRegistryFixture fixture) : IClassFixture<PlainRegistryFixture>, IDisposable
{
    private static readonly DateTimeOffset Created = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private IReadOnlyList<ProviderReleaseFile> Release(bool sums = true)
    {
        var release = _dir.Combine(sums ? "release" : "release-without-sums");
        if (!Directory.Exists(release))
        {
            ReleaseFiles.Write(release, "hello", "1.0.0", ["linux_amd64", "darwin_arm64"], sums);
        }

        return ProviderReleaseFile.FromPaths([release]);
    }

    private string Module()
    {
        var module = _dir.Combine("module");
        if (!Directory.Exists(module))
        {
            Directory.CreateDirectory(Path.Combine(module, "sub"));
            File.WriteAllText(Path.Combine(module, "main.tf"), "variable \"name\" {}\n");
            File.WriteAllText(Path.Combine(module, "sub", "outputs.tf"), "output \"x\" { value = 1 }\n");
        }

        return module;
    }

    private static async Task<ProviderPublishResult> PublishProviderAsync(IReadOnlyList<ProviderReleaseFile> files, FaultProxy proxy, string repository, CancellationToken token)
    {
        using var target = ReliabilityKit.Through(proxy, repository);
        return await ProviderPublisher.PublishAsync(new ProviderPublishRequest { Files = files, Target = target }, cancellationToken: token);
    }

    private static async Task<ModulePublishResult> PublishModuleAsync(string directory, FaultProxy proxy, string repository, CancellationToken token)
    {
        using var target = ReliabilityKit.Through(proxy, repository);
        return await ModulePublisher.PublishAsync(new ModulePublishRequest
        {
            Directory = directory,
            Target = target,
            RepositoryText = $"{proxy.Address}/{repository}",
            Tags = ["1.0.0"],
            Created = Created,
        }, cancellationToken: token);
    }

    /// <summary>After a failed run: no tag on missing content, then one more run (through <paramref name="rerun"/>'s faults) must complete it.</summary>
    private async Task<string?> AfterFailureAsync(FaultProxy proxy, string repository, Func<Task> rerun, FaultProxyOptions rerunFaults)
    {
        using var direct = ReliabilityKit.Direct(fixture.Server, repository);
        if (await ReliabilityKit.TagProblemAsync(direct, "1.0.0", mustExist: false) is { } dangling)
        {
            return "after the failure: " + dangling;
        }

        var faults = proxy.Options;
        proxy.Options = rerunFaults;
        try
        {
            await rerun();
        }
        catch (Exception ex)
        {
            return $"the re-run failed: {ex.GetType().Name}: {ex.Message}";
        }
        finally
        {
            proxy.Options = faults;
        }

        return await ReliabilityKit.TagProblemAsync(direct, "1.0.0", mustExist: true) is { } problem ? "after the re-run: " + problem : null;
    }

    private async Task<string?> CompleteAsync(string repository, string digest)
    {
        using var direct = ReliabilityKit.Direct(fixture.Server, repository);
        if (await ReliabilityKit.TagProblemAsync(direct, "1.0.0", mustExist: true) is { } problem)
        {
            return problem;
        }

        var tagged = (await direct.ResolveAsync("1.0.0")).Digest;
        return tagged == digest ? null : $"the tag names {tagged}, the publish reported {digest}";
    }

    private Task<bool> RunProviderPublishAsync(ReliabilityLedger ledger, FaultProxy proxy, string name, FaultProxyOptions rerunFaults, bool sums = true)
    {
        var repository = $"reliability/publish/{name}/hello";
        var files = Release(sums);
        return ledger.RunAsync(name,
            token => PublishProviderAsync(files, proxy, repository, token),
            result => CompleteAsync(repository, result.IndexDigest),
            _ => AfterFailureAsync(proxy, repository, () => PublishProviderAsync(files, proxy, repository, CancellationToken.None), rerunFaults));
    }

    [Fact]
    public async Task Publishes_through_a_proxy_breaking_reads_and_writes_never_leave_a_tag_on_missing_content()
    {
        var seed = ReliabilityKit.Seed(1301);
        var faults = ReliabilityKit.BreakingReadsAndWrites(seed);
        await using var proxy = FaultProxy.Start(fixture.Server.Address, faults);
        var ledger = new ReliabilityLedger("publish", proxy);
        var healthy = faults with { ReadFaultRate = 0, WriteFaultRate = 0 };
        var module = Module();

        for (var i = 0; i < 90; i++)
        {
            var name = $"op-{i:D3}";
            if (i % 3 == 2)
            {
                var repository = $"reliability/publish/{name}/module";
                await ledger.RunAsync(name,
                    token => PublishModuleAsync(module, proxy, repository, token),
                    result => CompleteAsync(repository, result.ManifestDigest),
                    _ => AfterFailureAsync(proxy, repository, () => PublishModuleAsync(module, proxy, repository, CancellationToken.None), healthy));
            }
            else
            {
                await RunProviderPublishAsync(ledger, proxy, name, healthy);
            }
        }

        var summary = ledger.Report(seed);
        Assert.True(ledger.BadOutcomes.Count == 0, summary + "\n" + string.Join("\n", ledger.BadOutcomes));
        Assert.True(ledger.FaultsInjected >= 150, summary);
        Assert.All(FaultProxyOptions.WriteKinds, k => Assert.True(ledger.ByKind[k] > 0, $"no {k} injected: {summary}"));
    }

    [Fact]
    public async Task Every_publish_through_a_proxy_resetting_10_percent_of_writes_completes_or_fails_cleanly_and_one_re_run_through_it_completes_it()
    {
        var seed = ReliabilityKit.Seed(1302);
        var faults = ReliabilityKit.BreakingReadsAndWrites(seed) with { WriteFaultKinds = [FaultKind.WriteResetBefore, FaultKind.WriteResetAfter] };
        await using var proxy = FaultProxy.Start(fixture.Server.Address, faults);
        var ledger = new ReliabilityLedger("publish-threshold", proxy);

        for (var i = 0; i < 20; i++)
        {
            // The re-run goes through the same faulty proxy: it must complete what the first run left.
            await RunProviderPublishAsync(ledger, proxy, $"threshold-{i:D2}", faults);
        }

        var summary = ledger.Report(seed);
        Assert.True(ledger.Faulted >= 10, summary);
        Assert.True(ledger.BadOutcomes.Count == 0, summary + "\n" + string.Join("\n", ledger.BadOutcomes));
    }

    [Fact]
    public async Task Every_one_pass_publish_without_SHA256SUMS_through_a_proxy_resetting_10_percent_of_writes_completes_or_fails_cleanly_and_one_re_run_through_it_completes_it()
    {
        var seed = ReliabilityKit.Seed(1303);
        var faults = ReliabilityKit.BreakingReadsAndWrites(seed) with { WriteFaultKinds = [FaultKind.WriteResetBefore, FaultKind.WriteResetAfter] };
        await using var proxy = FaultProxy.Start(fixture.Server.Address, faults);
        var ledger = new ReliabilityLedger("publish-one-pass", proxy);

        for (var i = 0; i < 20; i++)
        {
            // Digests learnt while uploading; a re-run after a failure finds no tag (one pass again) or the tag (hashed first).
            await RunProviderPublishAsync(ledger, proxy, $"one-pass-{i:D2}", faults, sums: false);
        }

        var summary = ledger.Report(seed);
        Assert.True(ledger.Faulted >= 10, summary);
        Assert.True(ledger.BadOutcomes.Count == 0, summary + "\n" + string.Join("\n", ledger.BadOutcomes));
    }
}
