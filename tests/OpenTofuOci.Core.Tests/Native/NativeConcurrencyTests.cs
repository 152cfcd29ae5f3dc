using System.Diagnostics;
using System.Text.Json;
using OpenTofuOci.Core.LockFiles;
using OpenTofuOci.Core.Oci.Targets;
using OpenTofuOci.Core.Packages;
using OpenTofuOci.Core.Providers;
using OpenTofuOci.Core.Providers.Installing;
using OpenTofuOci.Core.Tests.Fixtures;
using OpenTofuOci.Core.Tests.Providers.Installing;

namespace OpenTofuOci.Core.Tests.Native;

/// <summary>
/// Several <c>tofu-oci</c> processes (the native build we ship) installing into one destination and
/// locking into one lock file at the same time, against a real docker-registry.
/// </summary>
[Collection(NativeCliGroup.Name)]
public sealed class NativeConcurrencyTests(NativeCliFixture native, PlainRegistryFixture registry) : IClassFixture<PlainRegistryFixture>
{
    private sealed record Run(int ExitCode, string Out, string Error);

    /// <summary>Starts one process per argument list, all before waiting for any, and collects their results.</summary>
    private async Task<Run[]> TogetherAsync(IEnumerable<string[]> argumentLists)
    {
        var processes = argumentLists.Select(args =>
        {
            var start = new ProcessStartInfo(native.Executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in args)
            {
                start.ArgumentList.Add(a);
            }

            var process = Process.Start(start)!;
            return (process, Out: process.StandardOutput.ReadToEndAsync(), Error: process.StandardError.ReadToEndAsync());
        }).ToList();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            await Task.WhenAll(processes.Select(p => p.process.WaitForExitAsync(timeout.Token)));
            return await Task.WhenAll(processes.Select(async p => new Run(p.process.ExitCode, await p.Out, await p.Error)));
        }
        finally
        {
            foreach (var (process, _, _) in processes)
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                }

                process.Dispose();
            }
        }
    }

    private async Task<string> PublishAsync(string type = "hello", string? prefix = null)
    {
        var repo = $"{prefix ?? "nconc/" + Guid.NewGuid().ToString("N")[..10]}/{type}";
        await InstallTestMirror.PublishProviderAsync(registry.Server.Repository(repo), type, "1.0.0", "linux_amd64");
        return $"{registry.Server.Address}/{repo}";
    }

    private static string[] Install(string repository, string destination, bool packed) =>
        ["provider", "install", "example/hello", "--repository", repository, "--plain-http", "--platform", "linux_amd64",
            "--destination", destination, "--json", .. packed ? new[] { "--packed" } : []];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Six_processes_installing_one_version_install_it_once_and_find_it_identical_otherwise(bool packed)
    {
        var repository = await PublishAsync();
        using var temp = new TempDirectory();
        var layout = packed ? PackageLayout.Packed : PackageLayout.Unpacked;
        var reference = Assert.Single((await new ProviderInstaller(ProviderSourceResolver.ForRepository(TargetAddress.Parse(repository), new TargetOptions { PlainHttp = true }))
            .InstallAsync(new ProviderInstallRequest
            {
                Providers = [ProviderRequirement.AnyVersion(ProviderAddress.Parse("example/hello"))],
                Platforms = [ProviderPlatform.Parse("linux_amd64")],
                Destination = temp.Combine("reference"),
                Layout = layout,
            })).Packages);
        var expectedTree = ProviderInstallConcurrencyTests.Tree(temp.Combine("reference"));
        var expectedFiles = ProviderInstallConcurrencyTests.Files(temp.Combine("reference"));

        for (var round = 0; round < 10; round++)
        {
            var destination = temp.Combine($"round{round}");

            var runs = await TogetherAsync(Enumerable.Range(0, 6).Select(_ => Install(repository, destination, packed)));

            Assert.All(runs, r => Assert.True(r.ExitCode == 0, r.Error));
            var packages = runs.Select(r => Assert.Single(JsonDocument.Parse(r.Out).RootElement.GetProperty("packages").EnumerateArray())).ToList();
            Assert.Equal(1, packages.Count(p => p.GetProperty("status").GetString() == "installed"));
            Assert.Equal(5, packages.Count(p => p.GetProperty("status").GetString() == "already-present"));
            Assert.All(packages, p => Assert.Equal((reference.H1, reference.Zh), (p.GetProperty("h1").GetString(), p.GetProperty("zh").GetString())));
            Assert.All(runs, r => Assert.Empty(JsonDocument.Parse(r.Out).RootElement.GetProperty("failures").EnumerateArray()));
            Assert.Equal(expectedTree, ProviderInstallConcurrencyTests.Tree(destination));
            Assert.Equal(expectedFiles, ProviderInstallConcurrencyTests.Files(destination));
            var path = packages[0].GetProperty("path").GetString()!;
            Assert.Equal(reference.H1, packed ? (await DirHash.HashZipAsync(path)).ToString() : (await DirHash.HashDirectoryAsync(path)).ToString());
        }
    }

    [Fact]
    public async Task Six_processes_meeting_a_different_package_all_refuse_it_and_leave_it_alone()
    {
        var repository = await PublishAsync();
        using var temp = new TempDirectory();
        var destination = temp.Combine("d");
        var first = native.Invoke(Install(repository, destination, packed: false));
        Assert.True(first.ExitCode == 0, first.Error);
        var dir = JsonDocument.Parse(first.Out).RootElement.GetProperty("packages")[0].GetProperty("path").GetString()!;
        await File.WriteAllTextAsync(Path.Combine(dir, "README"), "local change\n");
        var before = ProviderInstallConcurrencyTests.Files(destination);

        var runs = await TogetherAsync(Enumerable.Range(0, 6).Select(_ => Install(repository, destination, packed: false)));

        Assert.All(runs, r =>
        {
            Assert.Equal(1, r.ExitCode);
            var root = JsonDocument.Parse(r.Out).RootElement;
            Assert.Empty(root.GetProperty("packages").EnumerateArray());
            var failure = Assert.Single(root.GetProperty("failures").EnumerateArray());
            Assert.Equal("PackageMismatch", failure.GetProperty("error").GetProperty("id").GetString());
            Assert.Equal(dir, failure.GetProperty("error").GetProperty("target").GetString());
            Assert.Contains("[PackageMismatch]", r.Error, StringComparison.Ordinal);
        });
        Assert.Equal(before, ProviderInstallConcurrencyTests.Files(destination));
        Assert.DoesNotContain(ProviderInstallConcurrencyTests.Tree(destination), e => e.Contains(".tmp-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Six_processes_locking_different_providers_into_one_lock_file_keep_every_hash()
    {
        var prefix = "nlock/" + Guid.NewGuid().ToString("N")[..10];
        var types = Enumerable.Range(0, 6).Select(i => $"p{i}").ToArray();
        foreach (var type in types)
        {
            await PublishAsync(type, $"{prefix}/example");
        }

        using var temp = new TempDirectory();
        var lockPath = temp.Combine(".terraform.lock.hcl");

        var runs = await TogetherAsync(types.Select(t => new[]
        {
            "provider", "lock", "example/" + t, "--template", $"{registry.Server.Address}/{prefix}/${{namespace}}/${{type}}", "--plain-http",
            "--platform", "linux_amd64", "--lock-file", lockPath, "--json",
        }));

        Assert.All(runs, r => Assert.True(r.ExitCode == 0, r.Error));
        var file = await LockFileReader.ReadFileAsync(lockPath);
        Assert.Equal(types.Select(t => "registry.opentofu.org/example/" + t), file.Providers.Keys);
        foreach (var run in runs)
        {
            var package = Assert.Single(JsonDocument.Parse(run.Out).RootElement.GetProperty("packages").EnumerateArray());
            Assert.Equal(
                new[] { package.GetProperty("h1").GetString()!, package.GetProperty("zh").GetString()! }.Order(StringComparer.Ordinal),
                file.Find(package.GetProperty("address").GetString()!)!.Hashes.ToArray());
        }
    }
}
