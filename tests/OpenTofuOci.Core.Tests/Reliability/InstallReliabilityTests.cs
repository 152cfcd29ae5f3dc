using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci.Targets;
using OpenTofuOci.Core.Oci.Transport;
using OpenTofuOci.Core.Providers;
using OpenTofuOci.Core.Providers.Installing;
using static OpenTofuOci.Core.Tests.Providers.Installing.InstallTestMirror;

namespace OpenTofuOci.Core.Tests.Reliability;

/// <summary>
/// Provider installs (with a lock file) through a proxy that breaks 30 % of reads: every success is
/// byte-identical to a direct install, every failure is typed and leaves nothing at the destination.
/// </summary>
public sealed class InstallReliabilityTests(PlainRegistryFixture fixture) : IClassFixture<PlainRegistryFixture>, IDisposable
{
    private const string Repository = "reliability/install/hello";
    private static readonly ProviderAddress Hello = ProviderAddress.Parse("example/hello");
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private async Task<Expected> PublishAndInstallDirectlyAsync()
    {
        var direct = fixture.Server.Repository(Repository);
        await PublishProviderAsync(direct, "hello", "1.0.0", "linux_amd64");
        var reference = _dir.Combine("direct");
        var result = await InstallAsync(direct, reference, CancellationToken.None);
        Assert.Empty(result.Failures);
        return new Expected(ReliabilityKit.Snapshot(reference), result.Packages.Select(p => (p.H1, p.Zh)).ToList());
    }

    private sealed record Expected(SortedDictionary<string, byte[]> Files, List<(string H1, string Zh)> Hashes);

    private static Task<ProviderInstallResult> InstallAsync(IReadOnlyTarget source, string root, CancellationToken cancellationToken) =>
        new ProviderInstaller(ProviderSourceResolver.FromFunction(_ => source)).InstallAsync(new ProviderInstallRequest
        {
            Providers = [ProviderRequirement.AnyVersion(Hello)],
            Platforms = [ProviderPlatform.Parse("linux_amd64")],
            Destination = Path.Combine(root, "mirror"),
            LockFilePath = Path.Combine(root, ".terraform.lock.hcl"),
        }, cancellationToken: cancellationToken);

    /// <summary>Installs into <c>&lt;scratch&gt;/&lt;name&gt;</c> through the proxy; a per-provider failure is thrown as its typed error.</summary>
    private Task<bool> RunInstallAsync(ReliabilityLedger ledger, FaultProxy proxy, Expected expected, string name)
    {
        var root = _dir.Combine(name);
        return ledger.RunAsync(name,
            async token =>
            {
                using var source = ReliabilityKit.Through(proxy, Repository);
                var result = await InstallAsync(source, root, token);
                return result.Failures.Count == 0 ? result : throw result.Failures[0].Error;
            },
            result => Task.FromResult(
                !result.Packages.Select(p => (p.H1, p.Zh)).SequenceEqual(expected.Hashes) ? "h1/zh differ from the direct install"
                : ReliabilityKit.Difference(expected.Files, ReliabilityKit.Snapshot(root))),
            _ => Task.FromResult(ReliabilityKit.Snapshot(root) is { Count: > 0 } left ? "left behind: " + string.Join(", ", left.Keys) : null));
    }

    [Fact]
    public async Task Installs_through_a_proxy_breaking_30_percent_of_reads_never_end_in_a_bad_outcome()
    {
        var expected = await PublishAndInstallDirectlyAsync();
        var seed = ReliabilityKit.Seed(1101);
        await using var proxy = FaultProxy.Start(fixture.Server.Address, ReliabilityKit.BreakingReads(seed));
        var ledger = new ReliabilityLedger("install", proxy);

        for (var i = 0; i < 150; i++)
        {
            await RunInstallAsync(ledger, proxy, expected, $"op-{i:D3}");
        }

        var summary = ledger.Report(seed);
        Assert.True(ledger.BadOutcomes.Count == 0, summary + "\n" + string.Join("\n", ledger.BadOutcomes));
        Assert.True(ledger.FaultsInjected >= 200, summary);
        Assert.All(FaultProxyOptions.ReadKinds, k => Assert.True(ledger.ByKind[k] > 0, $"no {k} injected: {summary}"));
        Assert.Equal(150, ledger.Recovered + ledger.Untouched + ledger.CleanFailures);
    }

    [Fact]
    public async Task At_least_29_of_30_installs_through_a_proxy_breaking_30_percent_of_reads_succeed_byte_identical_to_a_direct_install()
    {
        var expected = await PublishAndInstallDirectlyAsync();
        var seed = ReliabilityKit.Seed(1102);
        await using var proxy = FaultProxy.Start(fixture.Server.Address, ReliabilityKit.BreakingReads(seed));
        var ledger = new ReliabilityLedger("install-threshold", proxy);

        for (var i = 0; i < 30; i++)
        {
            await RunInstallAsync(ledger, proxy, expected, $"threshold-{i:D2}");
        }

        var summary = ledger.Report(seed);
        Assert.True(ledger.BadOutcomes.Count == 0, summary + "\n" + string.Join("\n", ledger.BadOutcomes));
        Assert.True(ledger.Faulted >= 20, summary);
        Assert.True(ledger.Succeeded >= 29, summary);
    }

    [Fact]
    public async Task A_failed_install_through_the_proxy_is_a_typed_error_that_leaves_no_destination()
    {
        await PublishAndInstallDirectlyAsync();
        // Every read answered 503: the retries run out and the install fails as a whole.
        await using var proxy = FaultProxy.Start(fixture.Server.Address, new FaultProxyOptions
        {
            Seed = 1, ReadFaultRate = 1, ReadFaultKinds = [FaultKind.ServiceUnavailable],
        });
        using var source = ReliabilityKit.Through(proxy, Repository);

        var result = await InstallAsync(source, _dir.Combine("failed"), CancellationToken.None);

        var error = Assert.Single(result.Failures).Error;
        Assert.Equal(ErrorIds.RegistryError, error.ErrorId);
        Assert.Equal(503, error.StatusCode);
        Assert.False(Directory.Exists(_dir.Combine("failed")));
        Assert.Equal(1 + RetrySettings.DefaultMaxRetries, proxy.Counts.ByKind[FaultKind.ServiceUnavailable]);
    }
}
