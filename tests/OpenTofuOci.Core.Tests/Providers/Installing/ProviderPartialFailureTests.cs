using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.LockFiles;
using OpenTofuOci.Core.Oci.Layout;
using OpenTofuOci.Core.Oci.Targets;
using OpenTofuOci.Core.Providers;
using OpenTofuOci.Core.Providers.Installing;
using OpenTofuOci.Core.Tests.Fixtures;
using static OpenTofuOci.Core.Tests.Providers.Installing.InstallTestMirror;

namespace OpenTofuOci.Core.Tests.Providers.Installing;

/// <summary>
/// One provider that fails does not stop the others: they are installed (or locked) and recorded,
/// and the failed one is reported with its address and error. Setup errors still fail the call.
/// </summary>
public sealed class ProviderPartialFailureTests(PlainRegistryFixture fixture) : IClassFixture<PlainRegistryFixture>
{
    private static readonly ProviderAddress Hello = ProviderAddress.Parse("example/hello");
    private static readonly ProviderAddress Missing = ProviderAddress.Parse("example/missing");
    private static readonly ProviderPlatform Linux = ProviderPlatform.Parse("linux_amd64");

    private async Task<ProviderSourceResolver> MirrorAsync()
    {
        var prefix = "partial" + Guid.NewGuid().ToString("N")[..8];
        await PublishProviderAsync(fixture.Server.Repository($"{prefix}/example/hello"), "hello", "1.0.0", "linux_amd64");
        return ProviderSourceResolver.ForTemplate($"{fixture.Server.Address}/{prefix}/${{namespace}}/${{type}}", [Hello, Missing], new TargetOptions { PlainHttp = true });
    }

    private static string[] Tree(string root) => ProviderInstallConcurrencyTests.Tree(root);

    [Fact]
    public async Task Install_of_a_and_b_with_b_missing_installs_a_reports_b_and_locks_only_a()
    {
        var resolver = await MirrorAsync();
        using var temp = new TempDirectory();
        var lockPath = temp.Combine(".terraform.lock.hcl");

        var result = await new ProviderInstaller(resolver).InstallAsync(new ProviderInstallRequest
        {
            Providers = [ProviderRequirement.AnyVersion(Hello), ProviderRequirement.AnyVersion(Missing)],
            Platforms = [Linux],
            Destination = temp.Combine("plugins"),
            LockFilePath = lockPath,
        });

        var package = Assert.Single(result.Packages);
        Assert.Equal((Hello, PackageInstallStatus.Installed), (package.Address, package.Status));
        var failure = Assert.Single(result.Failures);
        Assert.Equal(Missing, failure.Address);
        Assert.Equal(ErrorIds.ProviderNotFound, failure.Error.ErrorId);
        Assert.Equal(ErrorKind.NotFound, failure.Error.Kind);
        Assert.StartsWith("Provider registry.opentofu.org/example/missing is not in the OCI mirror at ", failure.Error.Message, StringComparison.Ordinal);
        Assert.Equal(lockPath, result.LockFilePath);
        var locked = await LockFileReader.ReadFileAsync(lockPath);
        Assert.Equal(["registry.opentofu.org/example/hello"], locked.Providers.Keys);
        Assert.Equal(new[] { package.H1, package.Zh }.Order(StringComparer.Ordinal), locked.Find(Hello.ToString())!.Hashes.ToArray());
        Assert.Equal(["registry.opentofu.org/example"], Directory.GetDirectories(temp.Combine("plugins", "registry.opentofu.org")).Select(d => Path.GetRelativePath(temp.Combine("plugins"), d)));
        Assert.False(Directory.Exists(temp.Combine("plugins", "registry.opentofu.org", "example", "missing")));
    }

    [Fact]
    public async Task Lock_of_a_and_b_with_b_missing_records_a_and_reports_b()
    {
        var resolver = await MirrorAsync();
        using var temp = new TempDirectory();
        var lockPath = temp.Combine(".terraform.lock.hcl");

        var result = await new ProviderLocker(resolver).LockAsync(new ProviderLockRequest
        {
            Providers = [ProviderRequirement.AnyVersion(Missing), ProviderRequirement.AnyVersion(Hello)],
            Platforms = [Linux],
            LockFilePath = lockPath,
        });

        Assert.Equal(Hello, Assert.Single(result.Packages).Address);
        var failure = Assert.Single(result.Failures);
        Assert.Equal((Missing, ErrorIds.ProviderNotFound), (failure.Address, failure.Error.ErrorId));
        Assert.Equal(["registry.opentofu.org/example/hello"], (await LockFileReader.ReadFileAsync(lockPath)).Providers.Keys);
    }

    [Fact]
    public async Task When_every_provider_fails_nothing_is_created_and_the_lock_file_is_untouched()
    {
        var resolver = await MirrorAsync();
        using var temp = new TempDirectory();
        var lockPath = temp.Combine(".terraform.lock.hcl");
        await LockFileWriter.WriteFileAsync(lockPath, DependencyLockFile.Empty.With(new LockedProvider("example.com/a/b", "1.0.0", null, ["zh:" + new string('a', 64)])));
        var before = await File.ReadAllBytesAsync(lockPath);

        var result = await new ProviderInstaller(resolver).InstallAsync(new ProviderInstallRequest
        {
            Providers = [ProviderRequirement.AnyVersion(Missing), new ProviderRequirement(Hello, VersionConstraint.Parse(">= 2.0"))],
            Platforms = [Linux],
            Destination = temp.Combine("plugins"),
            LockFilePath = lockPath,
        });

        Assert.Empty(result.Packages);
        Assert.Equal([(Missing, ErrorIds.ProviderNotFound), (Hello, ErrorIds.NoMatchingVersion)], result.Failures.Select(f => (f.Address, f.Error.ErrorId)));
        Assert.False(Directory.Exists(temp.Combine("plugins")));
        Assert.Equal(before, await File.ReadAllBytesAsync(lockPath));
    }

    [Fact]
    public async Task A_package_that_fails_to_verify_fails_its_provider_only_and_leaves_no_directories()
    {
        using var temp = new TempDirectory();
        var good = new OciLayoutStore(temp.Combine("good"));
        var bad = new OciLayoutStore(temp.Combine("bad"));
        await PublishProviderAsync(good, "hello", "1.0.0", "linux_amd64");
        var layers = await PublishAsync(bad, "2.0.0", new Dictionary<string, byte[]> { ["linux_amd64"] = ProviderZip("world", "2.0.0", "linux_amd64") });
        var blob = temp.Combine("bad", "blobs", "sha256", layers["linux_amd64"].Digest["sha256:".Length..]);
        var bytes = await File.ReadAllBytesAsync(blob);
        bytes[^10] ^= 0xff;
        await File.WriteAllBytesAsync(blob, bytes);
        var world = ProviderAddress.Parse("example.com/acme/world");
        var lockPath = temp.Combine(".terraform.lock.hcl");

        var result = await new ProviderInstaller(ProviderSourceResolver.FromFunction(a => a == Hello ? good : bad)).InstallAsync(new ProviderInstallRequest
        {
            Providers = [ProviderRequirement.AnyVersion(world), ProviderRequirement.AnyVersion(Hello)],
            Platforms = [Linux],
            Destination = temp.Combine("mirror"),
            LockFilePath = lockPath,
        });

        Assert.Equal(Hello, Assert.Single(result.Packages).Address);
        var failure = Assert.Single(result.Failures);
        Assert.Equal((world, ErrorIds.DigestMismatch), (failure.Address, failure.Error.ErrorId));
        Assert.StartsWith("Provider example.com/acme/world 2.0.0 linux_amd64: fetching provider package blob " + layers["linux_amd64"].Digest, failure.Error.Message, StringComparison.Ordinal);
        Assert.Equal(["registry.opentofu.org"], Directory.GetDirectories(temp.Combine("mirror")).Select(Path.GetFileName));
        Assert.Equal(["registry.opentofu.org/example/hello"], (await LockFileReader.ReadFileAsync(lockPath)).Providers.Keys);
    }

    [Fact]
    public async Task Setup_errors_still_fail_the_whole_call_and_download_no_package()
    {
        using var temp = new TempDirectory();
        var store = new OciLayoutStore(temp.Combine("layout"));
        await PublishProviderAsync(store, "hello", "1.0.0", "linux_amd64");
        var counting = new CountingTarget(store);
        var installer = new ProviderInstaller(ProviderSourceResolver.FromFunction(_ => counting));
        var badLock = temp.Combine("bad.lock.hcl");
        await File.WriteAllTextAsync(badLock, "provider \"registry.opentofu.org/example/hello\" {\n}\n");
        var aFile = temp.Combine("a-file");
        await File.WriteAllTextAsync(aFile, "x");

        var invalidLock = await Assert.ThrowsAsync<LockFileException>(() => installer.InstallAsync(new ProviderInstallRequest
        {
            Providers = [ProviderRequirement.AnyVersion(Hello)], Platforms = [Linux], Destination = temp.Combine("d"), LockFilePath = badLock,
        }));
        var fileDestination = await Assert.ThrowsAsync<TofuOciException>(() => installer.InstallAsync(new ProviderInstallRequest
        {
            Providers = [ProviderRequirement.AnyVersion(Hello)], Platforms = [Linux], Destination = aFile,
        }));
        // Below a file: the destination cannot be created, which fails the call (front ends report FileAccessFailed).
        await Assert.ThrowsAnyAsync<IOException>(() => installer.InstallAsync(new ProviderInstallRequest
        {
            Providers = [ProviderRequirement.AnyVersion(Hello)], Platforms = [Linux], Destination = Path.Combine(aFile, "providers"),
        }));
        var twice = await Assert.ThrowsAsync<TofuOciException>(() => installer.InstallAsync(new ProviderInstallRequest
        {
            Providers = [ProviderRequirement.AnyVersion(Hello), ProviderRequirement.AnyVersion(Hello)], Platforms = [Linux], Destination = temp.Combine("d"),
        }));
        var negativeWait = await Assert.ThrowsAsync<TofuOciException>(() => installer.InstallAsync(new ProviderInstallRequest
        {
            Providers = [ProviderRequirement.AnyVersion(Hello)], Platforms = [Linux], Destination = temp.Combine("d"), LockTimeout = TimeSpan.FromSeconds(-1),
        }));

        Assert.Equal(ErrorIds.InvalidLockFile, invalidLock.ErrorId);
        Assert.Equal((ErrorIds.FileAccessFailed, aFile), (fileDestination.ErrorId, fileDestination.Target));
        Assert.Equal($"The destination {aFile} is a file; give a directory (a filesystem mirror or plugin cache) to install into.", fileDestination.Message);
        Assert.Equal(ErrorIds.InvalidArgument, twice.ErrorId);
        Assert.Equal(ErrorIds.InvalidArgument, negativeWait.ErrorId);
        Assert.Equal(0, counting.ZipFetches);
        Assert.False(Directory.Exists(temp.Combine("d")));
        Assert.Equal("x", await File.ReadAllTextAsync(aFile));
    }
}
