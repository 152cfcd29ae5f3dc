using OpenTofuOci.Core.Modules;

namespace OpenTofuOci.Core.Tests.Reliability;

/// <summary>
/// Module saves through a proxy breaking 30 % of reads: the saved tree is byte-identical to a direct
/// save, or the save fails typed leaving neither the destination nor staging beside it.
/// </summary>
public sealed class ModuleSaveReliabilityTests(PlainRegistryFixture fixture) : IClassFixture<PlainRegistryFixture>, IDisposable
{
    private const string Repository = "reliability/save/network";
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Module_saves_through_a_proxy_breaking_30_percent_of_reads_are_identical_to_a_direct_save_or_leave_nothing()
    {
        var module = _dir.Combine("module");
        Directory.CreateDirectory(Path.Combine(module, "modules", "subnet"));
        await File.WriteAllTextAsync(Path.Combine(module, "main.tf"), "module \"subnet\" { source = \"./modules/subnet\" }\n");
        await File.WriteAllTextAsync(Path.Combine(module, "modules", "subnet", "main.tf"), "variable \"cidr\" {}\n");
        using (var direct = fixture.Server.Repository(Repository))
        {
            await ModulePublisher.PublishAsync(new ModulePublishRequest
            {
                Directory = module, Target = direct, RepositoryText = $"{fixture.Server.Address}/{Repository}", Tags = ["1.0.0"],
            });
            await ModuleSaver.SaveAsync(direct, ModuleAddress.Parse($"oci://{fixture.Server.Address}/{Repository}?tag=1.0.0"), _dir.Combine("direct"));
        }

        var expected = ReliabilityKit.Snapshot(_dir.Combine("direct"));
        var seed = ReliabilityKit.Seed(1501);
        await using var proxy = FaultProxy.Start(fixture.Server.Address, ReliabilityKit.BreakingReads(seed));
        var address = ModuleAddress.Parse($"oci://{proxy.Address}/{Repository}?tag=1.0.0");
        var ledger = new ReliabilityLedger("module-save", proxy);

        for (var i = 0; i < 150; i++)
        {
            var parent = _dir.Combine($"op-{i:D3}");
            var destination = Path.Combine(parent, "network");
            await ledger.RunAsync($"op-{i:D3}",
                async token =>
                {
                    using var source = ReliabilityKit.Through(proxy, Repository);
                    return await ModuleSaver.SaveAsync(source, address, destination, cancellationToken: token);
                },
                _ => Task.FromResult(ReliabilityKit.Difference(expected, ReliabilityKit.Snapshot(destination))
                    ?? (ReliabilityKit.Leftovers(parent) is { Count: > 0 } left ? "left behind: " + string.Join(", ", left) : null)),
                _ => Task.FromResult(Directory.Exists(parent) ? "left behind: " + string.Join(", ", ReliabilityKit.Snapshot(parent).Keys.DefaultIfEmpty(parent)) : null));
        }

        var summary = ledger.Report(seed);
        Assert.True(ledger.BadOutcomes.Count == 0, summary + "\n" + string.Join("\n", ledger.BadOutcomes));
        Assert.True(ledger.FaultsInjected >= 150, summary);
        Assert.Equal(["main.tf", "modules", "modules/subnet", "modules/subnet/main.tf"], expected.Keys);
    }
}
