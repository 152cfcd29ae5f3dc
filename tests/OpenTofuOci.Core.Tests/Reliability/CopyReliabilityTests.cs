using OpenTofuOci.Core.Oci;
using OpenTofuOci.Core.Oci.Copy;
using OpenTofuOci.Core.Oci.Layout;
using OpenTofuOci.Core.Oci.Remote;
using OpenTofuOci.Core.Oci.Targets;
using static OpenTofuOci.Core.Tests.Providers.Installing.InstallTestMirror;

namespace OpenTofuOci.Core.Tests.Reliability;

/// <summary>
/// Pulls (every manifest and blob of a tag read through the proxy) and copies registry → layout and
/// layout → registry through a proxy breaking 30 % of reads and 10 % of writes: the copy is complete
/// with the source's digest, or fails typed leaving no tag on missing content.
/// </summary>
public sealed class CopyReliabilityTests(PlainRegistryFixture fixture) : IClassFixture<PlainRegistryFixture>, IDisposable
{
    private const string Source = "reliability/copy/source";
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>A two-platform provider at <see cref="Source"/>:1.0.0, and the same in a layout; returns the index digest.</summary>
    private async Task<(string Digest, OciLayoutStore Layout)> SourceAsync()
    {
        using var direct = fixture.Server.Repository(Source);
        await PublishProviderAsync(direct, "hello", "1.0.0", "linux_amd64", "darwin_arm64");
        var layout = new OciLayoutStore(_dir.Combine("source-layout"));
        var copied = await ArtifactCopier.CopyAsync(direct, "1.0.0", layout, null);
        return (copied.Root.Digest, layout);
    }

    /// <summary>
    /// Every manifest and blob under <paramref name="tag"/>, by digest, read from <paramref name="target"/>
    /// the way every reader in Core reads content: through <see cref="ContentRetry"/>, which fetches a
    /// body that fails its digest again.
    /// </summary>
    private static async Task<SortedDictionary<string, byte[]>> PullAsync(RemoteRepository target, string tag, CancellationToken token)
    {
        var content = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        var pending = new Stack<Descriptor>([await target.ResolveAsync(tag, token)]);
        while (pending.TryPop(out var descriptor))
        {
            content[descriptor.Digest] = await ContentRetry.ReadAsync(target, descriptor, async (stream, _, t) =>
            {
                using var buffer = new MemoryStream();
                await stream.CopyToAsync(buffer, t);
                return buffer.ToArray();
            }, token);
            if (descriptor.MediaType == MediaTypes.ImageIndex)
            {
                foreach (var child in OciJson.ReadIndex(content[descriptor.Digest], descriptor.Digest).Manifests)
                {
                    pending.Push(child);
                }
            }
            else if (descriptor.MediaType == MediaTypes.ImageManifest)
            {
                var manifest = OciJson.ReadManifest(content[descriptor.Digest], descriptor.Digest);
                foreach (var child in manifest.Config is null ? manifest.Layers : manifest.Layers.Prepend(manifest.Config))
                {
                    pending.Push(child);
                }
            }
        }

        return content;
    }

    [Fact]
    public async Task Pulls_through_a_proxy_breaking_30_percent_of_reads_return_the_exact_bytes_or_a_typed_error()
    {
        await SourceAsync();
        using var direct = fixture.Server.Repository(Source);
        var expected = await PullAsync(direct, "1.0.0", CancellationToken.None);
        var seed = ReliabilityKit.Seed(1201);
        await using var proxy = FaultProxy.Start(fixture.Server.Address, ReliabilityKit.BreakingReads(seed));
        var ledger = new ReliabilityLedger("pull", proxy);

        for (var i = 0; i < 120; i++)
        {
            await ledger.RunAsync($"op-{i:D3}",
                async token =>
                {
                    using var source = ReliabilityKit.Through(proxy, Source);
                    return await PullAsync(source, "1.0.0", token);
                },
                pulled => Task.FromResult(ReliabilityKit.Difference(expected, pulled)),
                _ => Task.FromResult<string?>(null));
        }

        var summary = ledger.Report(seed);
        Assert.True(ledger.BadOutcomes.Count == 0, summary + "\n" + string.Join("\n", ledger.BadOutcomes));
        Assert.True(ledger.FaultsInjected >= 180, summary);
    }

    [Fact]
    public async Task Copies_both_ways_through_a_proxy_breaking_reads_and_writes_are_complete_or_leave_no_tag_on_missing_content()
    {
        var (digest, sourceLayout) = await SourceAsync();
        var seed = ReliabilityKit.Seed(1401);
        await using var proxy = FaultProxy.Start(fixture.Server.Address, ReliabilityKit.BreakingReadsAndWrites(seed));
        var ledger = new ReliabilityLedger("copy", proxy);

        for (var i = 0; i < 120; i++)
        {
            var name = $"op-{i:D3}";
            if (i % 2 == 0)
            {
                // Registry → layout: the source is read through the proxy.
                var layout = new OciLayoutStore(_dir.Combine(name));
                await ledger.RunAsync(name,
                    async token =>
                    {
                        using var source = ReliabilityKit.Through(proxy, Source);
                        return await ArtifactCopier.CopyAsync(source, "1.0.0", layout, null, cancellationToken: token);
                    },
                    async result => result.Root.Digest != digest ? $"copied {result.Root.Digest}, the source is {digest}"
                        : await ReliabilityKit.TagProblemAsync(layout, "1.0.0", mustExist: true) is { } problem ? problem
                        : (await layout.ResolveAsync("1.0.0")).Digest != digest ? "the layout tag names other content"
                        : ReliabilityKit.Leftovers(layout.Directory) is { Count: > 0 } left ? "left behind: " + string.Join(", ", left) : null,
                    async _ => Directory.Exists(layout.Directory) && await ReliabilityKit.TagProblemAsync(layout, "1.0.0", mustExist: false) is { } problem ? problem
                        : ReliabilityKit.Leftovers(layout.Directory) is { Count: > 0 } left ? "left behind: " + string.Join(", ", left) : null);
            }
            else
            {
                // Layout → registry: the destination is written through the proxy, checked directly.
                var repository = $"reliability/copy/{name}";
                await ledger.RunAsync(name,
                    async token =>
                    {
                        using var destination = ReliabilityKit.Through(proxy, repository);
                        return await ArtifactCopier.CopyAsync(sourceLayout, "1.0.0", destination, null, cancellationToken: token);
                    },
                    async result =>
                    {
                        using var direct = ReliabilityKit.Direct(fixture.Server, repository);
                        return result.Root.Digest != digest ? $"copied {result.Root.Digest}, the source is {digest}"
                            : await ReliabilityKit.TagProblemAsync(direct, "1.0.0", mustExist: true) is { } problem ? problem
                            : (await direct.ResolveAsync("1.0.0")).Digest != digest ? "the registry tag names other content" : null;
                    },
                    async _ =>
                    {
                        using var direct = ReliabilityKit.Direct(fixture.Server, repository);
                        return await ReliabilityKit.TagProblemAsync(direct, "1.0.0", mustExist: false);
                    });
            }
        }

        var summary = ledger.Report(seed);
        Assert.True(ledger.BadOutcomes.Count == 0, summary + "\n" + string.Join("\n", ledger.BadOutcomes));
        Assert.True(ledger.FaultsInjected >= 150, summary);
    }
}
