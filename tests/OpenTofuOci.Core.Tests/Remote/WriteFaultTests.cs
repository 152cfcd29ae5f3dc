using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci;
using OpenTofuOci.Core.Oci.Remote;
using OpenTofuOci.Core.Providers.Publishing;
using OpenTofuOci.Core.Tests.Reliability;
using static OpenTofuOci.Core.Tests.Remote.RemoteTestKit;

namespace OpenTofuOci.Core.Tests.Remote;

/// <summary>
/// Writes to a real docker-registry through a loopback proxy that breaks connections
/// (<see cref="ResettingProxy"/>): what the registry holds afterwards, read straight from it.
/// </summary>
public sealed class WriteFaultTests(PlainRegistryFixture registry) : IClassFixture<PlainRegistryFixture>
{
    private static RemoteRepository ThroughProxy(ResettingProxy proxy, string repository, int maxRetries = 3, long chunkedAbove = RemoteRepositoryOptions.DefaultChunkedUploadThreshold, int chunkSize = 16 << 20) =>
        new(proxy.Authority, repository, new RemoteRepositoryOptions
        {
            PlainHttp = true,
            MaxRetries = maxRetries,
            RetryBaseDelay = TimeSpan.FromMilliseconds(1),
            ChunkedUploadThreshold = chunkedAbove,
            ChunkSize = chunkSize,
        });

    private static string NewRepository() => "writes/" + Guid.NewGuid().ToString("N")[..10];

    [Fact]
    public async Task Chunked_upload_through_a_proxy_that_resets_the_second_patch_resumes_at_the_offset_the_real_registry_reports()
    {
        await using var proxy = await ResettingProxy.StartAsync(registry.Server.Address);
        var patches = 0;
        proxy.ShouldReset = (_, r) => (r.Method == "PATCH" && Interlocked.Increment(ref patches) == 2, false);
        var name = NewRepository();
        using var repo = ThroughProxy(proxy, name, chunkedAbove: 1000, chunkSize: 1000);
        var bytes = RandomBytes(3500);
        var desc = Blob(bytes);

        await repo.PushAsync(desc, new MemoryStream(bytes));

        var sent = proxy.Requests.Where(r => r.Method == "PATCH").Select(p => p.Header("Content-Range")).ToList();
        Assert.Equal(["0-999", "1000-1999", "1000-1999", "2000-2999", "3000-3499"], sent);
        Assert.Equal(["HEAD", "POST", "PATCH", "PATCH", "GET", "PATCH", "PATCH", "PATCH", "PUT"], proxy.Requests.Select(r => r.Method));
        Assert.Equal(("PATCH", false), proxy.Resets.Select(x => (x.Method, x.Forwarded)).Single());
        using var direct = registry.Server.Repository(name);
        Assert.Equal(bytes, await ReadAllAsync(await direct.FetchAsync(desc)));
        Assert.Equal(desc.Digest, Digest.Compute(await ReadAllAsync(await direct.FetchAsync(desc))).ToString());
    }

    [Fact]
    public async Task Monolithic_put_through_a_proxy_that_resets_it_once_is_retried_from_a_fresh_post_at_the_real_registry()
    {
        await using var proxy = await ResettingProxy.StartAsync(registry.Server.Address);
        proxy.ShouldReset = (n, r) => (r.Method == "PUT" && n == 2, false);
        var name = NewRepository();
        using var repo = ThroughProxy(proxy, name);
        var bytes = RandomBytes(5000);
        var desc = Blob(bytes);

        await repo.PushAsync(desc, new MemoryStream(bytes));

        Assert.Equal(["HEAD", "POST", "PUT", "DELETE", "HEAD", "POST", "PUT"], proxy.Requests.Select(r => r.Method));
        var puts = proxy.Requests.Where(r => r.Method == "PUT").Select(r => r.Path).ToList();
        Assert.NotEqual(puts[0], puts[1]);
        using var direct = registry.Server.Repository(name);
        Assert.Equal(bytes, await ReadAllAsync(await direct.FetchAsync(desc)));
    }

    /// <summary>
    /// A provider release published through a proxy that resets one write in ten (seeded, half of
    /// them after the registry acted): with retries it completes; without, it may fail, but a tag it
    /// leaves never points at missing content, and a second run completes it, skipping what is there.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public async Task Publish_through_a_proxy_that_resets_ten_percent_of_writes_never_tags_missing_content_and_a_rerun_completes_it(int seed)
    {
        await using var proxy = await ResettingProxy.StartAsync(registry.Server.Address);
        var random = new Random(seed);
        var gate = new object();
        proxy.ShouldReset = (_, _) =>
        {
            lock (gate)
            {
                return (random.NextDouble() < 0.10, random.Next(2) == 1);
            }
        };
        using var dir = new TempDirectory();
        var paths = ReleaseFiles.Write(dir.Path, "hello", "1.2.3", ["linux_amd64", "linux_arm64", "darwin_arm64", "windows_amd64"]);
        var files = ProviderReleaseFile.FromPaths([dir.Path]);
        var name = NewRepository();
        using var direct = registry.Server.Repository(name);

        // Without retries: any reset fails the run; whatever it leaves must be consistent.
        using (var once = ThroughProxy(proxy, name, maxRetries: 0))
        {
            try
            {
                await ProviderPublisher.PublishAsync(new ProviderPublishRequest { Files = files, Target = once, MaxParallelism = 1 });
            }
            catch (TofuOciException)
            {
                // Expected for most seeds; what matters is what the registry holds.
            }
        }

        Assert.Null(await ReliabilityKit.TagProblemAsync(direct, "1.2.3", mustExist: false));

        using var retrying = ThroughProxy(proxy, name);
        var result = await ProviderPublisher.PublishAsync(new ProviderPublishRequest { Files = files, Target = retrying, MaxParallelism = 1 });

        Assert.NotEmpty(proxy.Resets);
        var index = await direct.ResolveAsync("1.2.3");
        Assert.Equal(result.Index.Digest, index.Digest);
        Assert.Null(await ReliabilityKit.GraphProblemAsync(direct, index));
        foreach (var path in paths)
        {
            var layer = Descriptor.FromBytes(MediaTypes.Zip, await File.ReadAllBytesAsync(path));
            Assert.Equal(await File.ReadAllBytesAsync(path), await ReadAllAsync(await direct.FetchAsync(layer)));
        }
    }
}
