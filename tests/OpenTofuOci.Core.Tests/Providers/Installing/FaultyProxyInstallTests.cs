using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using OpenTofuOci.Core.Oci.Remote;
using OpenTofuOci.Core.Packages;
using OpenTofuOci.Core.Providers;
using OpenTofuOci.Core.Providers.Installing;
using OpenTofuOci.Core.Tests.Fixtures;
using static OpenTofuOci.Core.Tests.Providers.Installing.InstallTestMirror;

namespace OpenTofuOci.Core.Tests.Providers.Installing;

/// <summary>
/// Installs from a real docker-registry through a small in-process loopback proxy that breaks 30 % of
/// the responses (reset before the answer, 503, 429 with Retry-After, body cut off under its full
/// Content-Length, a byte flipped, a delay): at least 29 of 30 installs must succeed byte for byte
/// as a direct install does, and any other must fail with a typed error and install nothing.
/// </summary>
public sealed class FaultyProxyInstallTests(PlainRegistryFixture fixture) : IClassFixture<PlainRegistryFixture>
{
    private static readonly ProviderAddress Hello = ProviderAddress.Parse("example/hello");

    [Fact]
    public async Task At_least_29_of_30_installs_through_a_proxy_breaking_30_percent_of_responses_succeed_and_match_a_direct_install()
    {
        var name = $"faults/{Guid.NewGuid().ToString("N")[..12]}/hello";
        using (var publish = fixture.Server.Repository(name))
        {
            // A bigger zip makes a cut-off body land mid-stream; over 4 MiB (random text deflates to about
            // 4.5 MB), so it is extracted while it downloads (the range request for its end faulted too),
            // and its download is written through the overlapped writer, retries included.
            await PublishAsync(publish, "1.0.0", new Dictionary<string, byte[]>
            {
                ["linux_amd64"] = Zip(("terraform-provider-hello_v1.0.0", Convert.ToBase64String(RandomBytes(4_500_000)) + Guid.NewGuid(), Executable), ("README", "r", Regular)),
                ["windows_arm64"] = ProviderZip("hello", "1.0.0", "windows_arm64"),
            });
        }

        using var root = new TempDirectory();
        string[] direct;
        using (var repo = fixture.Server.Repository(name))
        {
            direct = await InstallAsync(repo, root.Combine("direct"));
        }

        await using var proxy = await FaultProxy.StartAsync(fixture.Server.Address, seed: 11);
        var succeeded = 0;
        var failures = new List<string>();
        for (var i = 0; i < 30; i++)
        {
            var destination = root.Combine($"through-{i}");
            using var repo = new RemoteRepository(proxy.Authority, name, new RemoteRepositoryOptions { PlainHttp = true, RetryBaseDelay = TimeSpan.FromMilliseconds(10) });
            try
            {
                Assert.Equal(direct, await InstallAsync(repo, destination));
                succeeded++;
            }
            catch (Errors.TofuOciException ex)
            {
                failures.Add(ex.Message);
                // Whatever a failed install left (the other platform's package) is exactly what a direct install writes: nothing partial or corrupt.
                Assert.Subset(direct.ToHashSet(StringComparer.Ordinal), Listing(destination).ToHashSet(StringComparer.Ordinal));
            }
        }

        var faults = string.Join(", ", proxy.Faults.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key} {f.Value}"));
        Assert.True(succeeded >= 29, $"{succeeded}/30 succeeded; faults injected: {faults}; failures: {string.Join(" | ", failures)}");
        Assert.True(proxy.Faults.Values.Sum() >= 30, $"too few faults injected to mean anything: {faults}");
    }

    private static byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        new Random(5).NextBytes(bytes);
        return bytes;
    }

    /// <summary>Installs both platforms into <paramref name="destination"/> and returns every file with its bytes' hash; throws the first failure.</summary>
    private static async Task<string[]> InstallAsync(RemoteRepository repo, string destination)
    {
        var installer = new ProviderInstaller(ProviderSourceResolver.FromFunction(_ => repo));
        var result = await installer.InstallAsync(new ProviderInstallRequest
        {
            Providers = [new ProviderRequirement(Hello, VersionConstraint.Any)],
            Platforms = [ProviderPlatform.Parse("linux_amd64"), ProviderPlatform.Parse("windows_arm64")],
            Destination = destination,
            Layout = PackageLayout.Unpacked,
        });
        if (result.Failures.Count > 0)
        {
            throw result.Failures[0].Error;
        }

        return Listing(destination);
    }

    /// <summary>Every file and directory under <paramref name="destination"/>, files with the SHA-256 of their bytes.</summary>
    private static string[] Listing(string destination) =>
        [.. Tree(destination).Select(p => p + " " + (File.Exists(Path.Combine(destination, p))
            ? Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(Path.Combine(destination, p))))
            : "dir"))];

    private static string[] Tree(string root) => Directory.Exists(root)
        ? [.. Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(root, p).Replace('\\', '/')).Order(StringComparer.Ordinal)]
        : [];

    /// <summary>Forwards to the registry and breaks a seeded 30 % of the responses in one of six ways.</summary>
    private sealed class FaultProxy : IAsyncDisposable
    {
        private readonly InProcessServer _server;

        private FaultProxy(InProcessServer server) => _server = server;

        public string Authority => _server.Authority;

        public ConcurrentDictionary<string, int> Faults { get; } = new();

        public static async Task<FaultProxy> StartAsync(string registry, int seed)
        {
            var random = new Random(seed);
            FaultProxy? proxy = null;
            var server = await InProcessServer.StartAsync(async (ctx, r) =>
            {
                int roll;
                lock (random)
                {
                    roll = random.Next(100);
                }

                await proxy!.ForwardAsync(ctx, r, registry, roll < 30 ? roll % 6 : -1);
            });
            proxy = new FaultProxy(server);
            return proxy;
        }

        private async Task ForwardAsync(HttpContext ctx, RecordedRequest r, string registry, int fault)
        {
            switch (fault)
            {
                case 0:
                    Count("reset");
                    ctx.Abort();
                    return;
                case 1:
                    Count("503");
                    ctx.Response.StatusCode = 503;
                    return;
                case 2:
                    Count("429");
                    ctx.Response.StatusCode = 429;
                    ctx.Response.Headers.RetryAfter = "1";
                    return;
                case 5:
                    Count("delay");
                    await Task.Delay(300);
                    break;
            }

            var (_, body) = await RegistryForwarding.ForwardAsync(ctx, r, registry);
            if (HttpMethods.IsHead(r.Method) || body.Length == 0)
            {
                return;
            }

            if (fault == 3 && body.Length > 1)
            {
                // Cut off under the full Content-Length; the pause lets the head reach the client before the reset.
                Count("truncated");
                await ctx.Response.Body.WriteAsync(body.AsMemory(0, body.Length / 2));
                await ctx.Response.Body.FlushAsync();
                await Task.Delay(100);
                ctx.Abort();
                return;
            }

            if (fault == 4)
            {
                // Every bit of one byte: in JSON this also breaks the UTF-8, so even an undigested tag list shows it.
                Count("flipped");
                body[body.Length / 2] ^= 0xFF;
            }

            await ctx.Response.Body.WriteAsync(body);
        }

        private void Count(string fault) => Faults.AddOrUpdate(fault, 1, (_, n) => n + 1);

        public ValueTask DisposeAsync() => _server.DisposeAsync();
    }
}
