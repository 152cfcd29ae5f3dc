using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.LockFiles;
using OpenTofuOci.Core.Locking;
using OpenTofuOci.Core.Oci.Targets;
using OpenTofuOci.Core.Packages;
using OpenTofuOci.Core.Providers;
using OpenTofuOci.Core.Providers.Installing;
using OpenTofuOci.Core.Tests.Fixtures;
using static OpenTofuOci.Core.Tests.Providers.Installing.InstallTestMirror;

namespace OpenTofuOci.Core.Tests.Providers.Installing;

/// <summary>
/// Many installs of one provider version into one destination at once, from separate installers (as
/// PowerShell runspaces run them), from a real docker-registry: each installs the package or finds it
/// identical; a different package stays refused; a forced replacement racing the others leaves the
/// mirror's package and nothing else.
/// </summary>
public sealed class ProviderInstallConcurrencyTests(PlainRegistryFixture fixture) : IClassFixture<PlainRegistryFixture>
{
    private static readonly ProviderAddress Hello = ProviderAddress.Parse("example/hello");
    private static readonly ProviderPlatform Linux = ProviderPlatform.Parse("linux_amd64");

    private async Task<ITarget> PublishAsync()
    {
        var repo = fixture.Server.Repository($"conc/{Guid.NewGuid().ToString("N")[..12]}/hello");
        await PublishProviderAsync(repo, "hello", "1.0.0", "linux_amd64");
        return repo;
    }

    private static ProviderInstallRequest Request(string destination, PackageLayout layout = PackageLayout.Unpacked, bool force = false, string? lockFile = null) => new()
    {
        Providers = [ProviderRequirement.AnyVersion(Hello)],
        Platforms = [Linux],
        Destination = destination,
        Layout = layout,
        Force = force,
        LockFilePath = lockFile,
    };

    /// <summary>Runs the installs released at the same moment, each with its own installer.</summary>
    private static async Task<ProviderInstallResult[]> TogetherAsync(IReadOnlyTarget source, params ProviderInstallRequest[] requests)
    {
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var runs = requests.Select(r => Task.Run(async () =>
        {
            var installer = new ProviderInstaller(ProviderSourceResolver.FromFunction(_ => source));
            await start.Task;
            return await installer.InstallAsync(r);
        })).ToArray();
        start.SetResult();
        return await Task.WhenAll(runs);
    }

    internal static string[] Tree(string root) =>
        Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(root, p).Replace('\\', '/')).Order(StringComparer.Ordinal).ToArray();

    /// <summary>Every file below <paramref name="root"/> with its bytes, for byte-for-byte comparison.</summary>
    internal static Dictionary<string, byte[]> Files(string root) =>
        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .ToDictionary(p => Path.GetRelativePath(root, p).Replace('\\', '/'), File.ReadAllBytes, StringComparer.Ordinal);

    [Theory]
    [InlineData(PackageLayout.Unpacked)]
    [InlineData(PackageLayout.Packed)]
    public async Task Six_concurrent_installs_of_one_version_install_it_once_and_find_it_identical_otherwise(PackageLayout layout)
    {
        var source = await PublishAsync();
        using var temp = new TempDirectory();
        var reference = Assert.Single((await new ProviderInstaller(ProviderSourceResolver.FromFunction(_ => source))
            .InstallAsync(Request(temp.Combine("reference"), layout))).Packages);
        var expectedTree = Tree(temp.Combine("reference"));
        var expectedFiles = Files(temp.Combine("reference"));

        for (var round = 0; round < 10; round++)
        {
            var destination = temp.Combine($"round{round}");

            var results = await TogetherAsync(source, Enumerable.Range(0, 6).Select(_ => Request(destination, layout)).ToArray());

            Assert.All(results, r => Assert.Empty(r.Failures));
            var packages = results.Select(r => Assert.Single(r.Packages)).ToList();
            Assert.Equal(1, packages.Count(p => p.Status == PackageInstallStatus.Installed));
            Assert.Equal(5, packages.Count(p => p.Status == PackageInstallStatus.AlreadyPresent));
            Assert.All(packages, p => Assert.Equal((reference.H1, reference.Zh), (p.H1, p.Zh)));
            // Exactly one package, byte for byte what a lone install writes, and no temporary leftovers.
            Assert.Equal(expectedTree, Tree(destination));
            Assert.Equal(expectedFiles, Files(destination));
            var installed = packages[0].Path;
            Assert.Equal(reference.H1, layout == PackageLayout.Packed
                ? (await DirHash.HashZipAsync(installed)).ToString()
                : (await DirHash.HashDirectoryAsync(installed)).ToString());
        }

        Assert.Contains(layout == PackageLayout.Packed ? "registry.opentofu.org/example/hello/terraform-provider-hello_1.0.0_linux_amd64.zip.lock"
            : "registry.opentofu.org/example/hello/1.0.0/linux_amd64.lock", expectedTree);
    }

    [Theory]
    [InlineData(PackageLayout.Unpacked)]
    [InlineData(PackageLayout.Packed)]
    public async Task A_different_package_in_place_is_refused_by_every_concurrent_install_and_left_alone(PackageLayout layout)
    {
        var source = await PublishAsync();
        using var temp = new TempDirectory();
        var destination = temp.Combine("d");
        var installed = Assert.Single((await new ProviderInstaller(ProviderSourceResolver.FromFunction(_ => source)).InstallAsync(Request(destination, layout))).Packages).Path;
        if (layout == PackageLayout.Packed)
        {
            await File.WriteAllBytesAsync(installed, ProviderZip("hello", "1.0.0", "tampered"));
        }
        else
        {
            await File.WriteAllTextAsync(Path.Combine(installed, "README"), "local change\n");
        }

        var before = Files(destination);

        var results = await TogetherAsync(source, Enumerable.Range(0, 6).Select(_ => Request(destination, layout)).ToArray());

        Assert.All(results, r =>
        {
            Assert.Empty(r.Packages);
            var failure = Assert.Single(r.Failures);
            Assert.Equal(Hello, failure.Address);
            Assert.Equal(ErrorIds.PackageMismatch, failure.Error.ErrorId);
            Assert.Equal(installed, failure.Error.Target);
        });
        Assert.Equal(before, Files(destination));
        Assert.DoesNotContain(Tree(destination), e => e.Contains(".tmp-", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(PackageLayout.Unpacked)]
    [InlineData(PackageLayout.Packed)]
    public async Task A_forced_replacement_racing_other_installs_leaves_the_mirrors_package_whole(PackageLayout layout)
    {
        var source = await PublishAsync();
        using var temp = new TempDirectory();
        var reference = temp.Combine("reference");
        await new ProviderInstaller(ProviderSourceResolver.FromFunction(_ => source)).InstallAsync(Request(reference, layout));

        for (var round = 0; round < 5; round++)
        {
            var destination = temp.Combine($"round{round}");
            var installed = Assert.Single((await new ProviderInstaller(ProviderSourceResolver.FromFunction(_ => source)).InstallAsync(Request(destination, layout))).Packages).Path;
            if (layout == PackageLayout.Packed)
            {
                await File.WriteAllBytesAsync(installed, ProviderZip("hello", "1.0.0", "tampered"));
            }
            else
            {
                await File.WriteAllTextAsync(Path.Combine(installed, "README"), "local change\n");
            }

            // Three forced installs and three ordinary ones at once.
            var results = await TogetherAsync(source, Enumerable.Range(0, 6).Select(i => Request(destination, layout, force: i % 2 == 0)).ToArray());

            var forced = results.Where((_, i) => i % 2 == 0).ToList();
            Assert.All(forced, r => Assert.Empty(r.Failures));
            Assert.Equal(1, forced.Count(r => r.Packages[0].Status == PackageInstallStatus.Replaced));
            Assert.Equal(2, forced.Count(r => r.Packages[0].Status == PackageInstallStatus.AlreadyPresent));
            // An ordinary install sees either the tampered package (refused) or the replaced one (identical): never a mix.
            Assert.All(results.Where((_, i) => i % 2 == 1), r => Assert.True(
                (r.Failures.Count == 1 && r.Failures[0].Error.ErrorId == ErrorIds.PackageMismatch) || r.Packages.SingleOrDefault()?.Status == PackageInstallStatus.AlreadyPresent,
                string.Join("; ", r.Failures.Select(f => f.Error.Message))));
            Assert.Equal(Files(reference), Files(destination));
            Assert.Equal(Tree(reference), Tree(destination));
        }
    }

    [Fact]
    public async Task A_package_lock_held_by_another_process_too_long_is_PackageBusy_and_installs_nothing()
    {
        var source = await PublishAsync();
        using var temp = new TempDirectory();
        var destination = temp.Combine("d");
        var dir = Path.Combine(destination, "registry.opentofu.org", "example", "hello", "1.0.0", "linux_amd64");

        var held = await ExclusiveFileLock.TryAcquireAsync(dir + ".lock", TimeSpan.FromSeconds(5), CancellationToken.None);
        ProviderInstallResult result;
        await using (held!)
        {
            result = await new ProviderInstaller(ProviderSourceResolver.FromFunction(_ => source)).InstallAsync(new ProviderInstallRequest
            {
                Providers = [ProviderRequirement.AnyVersion(Hello)],
                Platforms = [Linux],
                Destination = destination,
                LockTimeout = TimeSpan.FromMilliseconds(300),
            });
        }

        Assert.Empty(result.Packages);
        var failure = Assert.Single(result.Failures);
        Assert.Equal(ErrorIds.PackageBusy, failure.Error.ErrorId);
        Assert.Equal(ErrorKind.InvalidOperation, failure.Error.Kind);
        Assert.Equal(dir, failure.Error.Target);
        Assert.Equal(
            $"Provider registry.opentofu.org/example/hello 1.0.0 linux_amd64: another process (tofu init or tofu-oci) has been installing it into {dir} for more than 300 ms (it holds {dir}.lock). "
            + "Wait for it to finish and run again; a process that ended releases the lock by itself, so there is nothing to delete.",
            failure.Error.Message);
        Assert.Equal(["registry.opentofu.org", "registry.opentofu.org/example", "registry.opentofu.org/example/hello", "registry.opentofu.org/example/hello/1.0.0",
            "registry.opentofu.org/example/hello/1.0.0/linux_amd64.lock"], Tree(destination));
    }

    [Fact]
    public async Task An_install_waits_for_OpenTofus_own_lock_on_the_plugin_cache_package()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var source = await PublishAsync();
        using var temp = new TempDirectory();
        var destination = temp.Combine("cache");
        var dir = Path.Combine(destination, "registry.opentofu.org", "example", "hello", "1.0.0", "linux_amd64");
        Directory.CreateDirectory(Path.GetDirectoryName(dir)!);

        using var tofu = await PosixRecordLock.HoldAsync(dir + ".lock", TimeSpan.FromSeconds(1.5));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var result = await new ProviderInstaller(ProviderSourceResolver.FromFunction(_ => source)).InstallAsync(Request(destination));
        clock.Stop();

        Assert.Empty(result.Failures);
        Assert.Equal(PackageInstallStatus.Installed, Assert.Single(result.Packages).Status);
        Assert.True(clock.ElapsedMilliseconds >= 1000, $"installed after {clock.ElapsedMilliseconds} ms while tofu held the package lock");
        await tofu.WaitForExitAsync();
    }

    [Fact]
    public async Task Parallel_locks_of_different_providers_into_one_lock_file_keep_every_provider()
    {
        var ns = "lk" + Guid.NewGuid().ToString("N")[..8];
        var types = Enumerable.Range(0, 6).Select(i => $"p{i}").ToArray();
        foreach (var type in types)
        {
            await PublishProviderAsync(fixture.Server.Repository($"{ns}/example/{type}"), type, "1.0.0", "linux_amd64", "darwin_arm64");
        }

        using var temp = new TempDirectory();
        var lockPath = temp.Combine(".terraform.lock.hcl");
        var resolver = ProviderSourceResolver.ForTemplate($"{fixture.Server.Address}/{ns}/${{namespace}}/${{type}}",
            types.Select(t => ProviderAddress.Parse("example/" + t)).ToList(), new TargetOptions { PlainHttp = true });
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var runs = types.Select(t => Task.Run(async () =>
        {
            await start.Task;
            return await new ProviderLocker(resolver).LockAsync(new ProviderLockRequest
            {
                Providers = [ProviderRequirement.AnyVersion(ProviderAddress.Parse("example/" + t))],
                Platforms = [Linux, ProviderPlatform.Parse("darwin_arm64")],
                LockFilePath = lockPath,
            });
        })).ToArray();
        start.SetResult();
        var results = await Task.WhenAll(runs);

        Assert.All(results, r => Assert.Empty(r.Failures));
        var file = await LockFileReader.ReadFileAsync(lockPath);
        Assert.Equal(types.Select(t => "registry.opentofu.org/example/" + t), file.Providers.Keys);
        Assert.All(results, r => Assert.Equal(
            r.Packages.SelectMany(p => new[] { p.H1, p.Zh }).Order(StringComparer.Ordinal),
            file.Find(r.Packages[0].Address.ToString())!.Hashes.ToArray()));
    }
}
