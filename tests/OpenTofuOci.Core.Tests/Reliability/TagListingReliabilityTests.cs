using System.Text;
using OpenTofuOci.Core.Oci;
using OpenTofuOci.Core.Tags;

namespace OpenTofuOci.Core.Tests.Reliability;

/// <summary>
/// Tag listings through a proxy breaking 30 % of reads: the list is the registry's, or the listing
/// fails typed. A tag list has no digest, so a flipped byte that keeps it valid JSON with valid tag
/// names cannot be told from the real list by any client; such answers are counted apart.
/// </summary>
public sealed class TagListingReliabilityTests(PlainRegistryFixture fixture) : IClassFixture<PlainRegistryFixture>
{
    private const string Repository = "reliability/tags/hello";

    private async Task<string[]> TagAsync()
    {
        using var direct = fixture.Server.Repository(Repository);
        var manifest = Encoding.UTF8.GetBytes("""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.empty.v1+json","digest":"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a","size":2},"layers":[]}""");
        await direct.PushAsync(EmptyConfig.Descriptor, new MemoryStream(EmptyConfig.Content.ToArray()));
        var descriptor = Descriptor.FromBytes(MediaTypes.ImageManifest, manifest);
        await direct.PushAsync(descriptor, new MemoryStream(manifest));
        for (var i = 0; i < 30; i++)
        {
            await direct.TagAsync(descriptor, $"1.{i / 10}.{i % 10}");
        }

        return (await TagQuery.ListAsync(direct, Repository)).Select(t => t.Tag).ToArray();
    }

    [Fact]
    public async Task Tag_listings_through_a_proxy_breaking_30_percent_of_reads_are_the_registry_list_or_a_typed_error()
    {
        var expected = await TagAsync();
        var seed = ReliabilityKit.Seed(1601);
        await using var proxy = FaultProxy.Start(fixture.Server.Address, ReliabilityKit.BreakingReads(seed));
        var ledger = new ReliabilityLedger("tag-listing", proxy);

        for (var i = 0; i < 400; i++)
        {
            await ledger.RunAsync($"op-{i:D3}",
                async token =>
                {
                    using var source = ReliabilityKit.Through(proxy, Repository);
                    return await TagQuery.ListAsync(source, Repository, token);
                },
                (tags, faults) => Task.FromResult(
                    tags.Select(t => t.Tag).SequenceEqual(expected) ? null
                    : faults.ByKind[FaultKind.FlippedByte] > 0 ? ReliabilityLedger.Undetectable
                    : "listed " + string.Join(",", tags.Select(t => t.Tag))),
                _ => Task.FromResult<string?>(null));
        }

        var summary = ledger.Report(seed);
        Assert.True(ledger.BadOutcomes.Count == 0, summary + "\n" + string.Join("\n", ledger.BadOutcomes));
        Assert.True(ledger.FaultsInjected >= 100, summary);
        Assert.Equal(30, expected.Length);
    }

    [Fact]
    public async Task Tag_listings_wait_out_real_two_second_delays_and_return_every_tag()
    {
        var expected = await TagAsync();
        await using var proxy = FaultProxy.Start(fixture.Server.Address, new FaultProxyOptions
        {
            Seed = 1602, ReadFaultRate = 1, ReadFaultKinds = [FaultKind.Delay], Delay = TimeSpan.FromSeconds(2),
        });
        var ledger = new ReliabilityLedger("tag-listing-2s-delays", proxy);

        for (var i = 0; i < 3; i++)
        {
            await ledger.RunAsync($"delayed-{i}",
                async token =>
                {
                    using var source = ReliabilityKit.Through(proxy, Repository);
                    return await TagQuery.ListAsync(source, Repository, token);
                },
                tags => Task.FromResult(tags.Select(t => t.Tag).SequenceEqual(expected) ? null : "a different list"),
                _ => Task.FromResult<string?>(null));
        }

        var summary = ledger.Report(1602);
        Assert.True(ledger.BadOutcomes.Count == 0, summary + "\n" + string.Join("\n", ledger.BadOutcomes));
        Assert.Equal((3, 3, 3), (ledger.Recovered, ledger.FaultsInjected, ledger.ByKind[FaultKind.Delay]));
    }
}
