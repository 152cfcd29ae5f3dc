using OpenTofuOci.Core.Configuration;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.LockFiles;
using OpenTofuOci.Core.Oci.Targets;
using OpenTofuOci.Core.Packages;
using OpenTofuOci.Core.Providers;
using OpenTofuOci.Core.Providers.Installing;
using OpenTofuOci.Core.Tests.Fixtures;
using static OpenTofuOci.Core.Tests.Providers.Installing.InstallTestMirror;

namespace OpenTofuOci.Core.Tests.Providers.Installing;

/// <summary>Installs and locks providers published to a real docker-registry (plain HTTP).</summary>
public sealed class ProviderInstallRegistryTests(PlainRegistryFixture fixture) : IClassFixture<PlainRegistryFixture>
{
    private static readonly ProviderAddress Hello = ProviderAddress.Parse("example/hello");
    private static readonly ProviderPlatform Linux = ProviderPlatform.Parse("linux_amd64");
    private static readonly ProviderPlatform Windows = ProviderPlatform.Parse("windows_arm64");

    private RegistryServer Server => fixture.Server;

    private async Task<(CountingTarget Source, Dictionary<string, byte[]> Zips)> PublishAsync(string version = "1.0.0", params string[] platforms)
    {
        var repo = Server.Repository($"install/{Guid.NewGuid().ToString("N")[..12]}/hello");
        var zips = await PublishProviderAsync(repo, "hello", version, platforms.Length == 0 ? ["linux_amd64", "windows_arm64"] : platforms);
        return (new CountingTarget(repo), zips);
    }

    private static ProviderInstaller Installer(IReadOnlyTarget source) => new(ProviderSourceResolver.FromFunction(_ => source));

    private static ProviderInstallRequest Request(string destination, string? lockFile = null, PackageLayout layout = PackageLayout.Unpacked, bool force = false, string? constraint = null) => new()
    {
        Providers = [new ProviderRequirement(Hello, constraint is null ? VersionConstraint.Any : VersionConstraint.Parse(constraint))],
        Platforms = [Linux, Windows],
        Destination = destination,
        Layout = layout,
        Force = force,
        LockFilePath = lockFile,
    };

    private static string[] Tree(string root) => Directory.Exists(root)
        ? Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(root, p).Replace('\\', '/')).Order(StringComparer.Ordinal).ToArray()
        : [];

    [Fact]
    public async Task Install_unpacked_two_platforms_writes_exact_files_keeps_exec_bit_and_locks_H1_and_Zh()
    {
        var (source, zips) = await PublishAsync();
        using var dest = new TempDirectory();
        var lockPath = dest.Combine(".terraform.lock.hcl");

        var result = await Installer(source).InstallAsync(Request(dest.Combine("mirror"), lockPath, constraint: "~> 1.0"));

        var mirror = dest.Combine("mirror");
        Assert.Equal(
            [
                "registry.opentofu.org", "registry.opentofu.org/example", "registry.opentofu.org/example/hello",
                "registry.opentofu.org/example/hello/1.0.0",
                "registry.opentofu.org/example/hello/1.0.0/linux_amd64",
                // The lock file OpenTofu's installer also takes for the package (docs/design.md, "Concurrency").
                "registry.opentofu.org/example/hello/1.0.0/linux_amd64.lock",
                "registry.opentofu.org/example/hello/1.0.0/linux_amd64/README",
                "registry.opentofu.org/example/hello/1.0.0/linux_amd64/terraform-provider-hello_v1.0.0",
                "registry.opentofu.org/example/hello/1.0.0/windows_arm64",
                "registry.opentofu.org/example/hello/1.0.0/windows_arm64.lock",
                "registry.opentofu.org/example/hello/1.0.0/windows_arm64/README",
                "registry.opentofu.org/example/hello/1.0.0/windows_arm64/terraform-provider-hello_v1.0.0",
            ],
            Tree(mirror));
        var linuxDir = Path.Combine(mirror, "registry.opentofu.org/example/hello/1.0.0/linux_amd64");
        Assert.Equal("#!/bin/sh\necho hello 1.0.0 linux_amd64\n", await File.ReadAllTextAsync(Path.Combine(linuxDir, "terraform-provider-hello_v1.0.0")));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal((UnixFileMode)Executable, File.GetUnixFileMode(Path.Combine(linuxDir, "terraform-provider-hello_v1.0.0")));
            Assert.Equal((UnixFileMode)Regular, File.GetUnixFileMode(Path.Combine(linuxDir, "README")));
        }

        Assert.Equal(2, result.Packages.Count);
        Assert.All(result.Packages, p => Assert.Equal(PackageInstallStatus.Installed, p.Status));
        var linuxH1 = (await DirHash.HashDirectoryAsync(linuxDir)).ToString();
        var windowsH1 = (await DirHash.HashDirectoryAsync(Path.Combine(mirror, "registry.opentofu.org/example/hello/1.0.0/windows_arm64"))).ToString();
        Assert.Equal(linuxH1, result.Packages[0].H1);
        Assert.Equal(windowsH1, result.Packages[1].H1);
        Assert.Equal(Zh(zips["linux_amd64"]), result.Packages[0].Zh);
        Assert.Equal(Zh(zips["windows_arm64"]), result.Packages[1].Zh);
        Assert.Equal(linuxDir, result.Packages[0].Path);
        Assert.Equal(lockPath, result.LockFilePath);
        Assert.Empty(result.Failures);
        Assert.Equal(2, source.ZipFetches);

        var hashes = new[] { linuxH1, windowsH1, Zh(zips["linux_amd64"]), Zh(zips["windows_arm64"]) }.Order(StringComparer.Ordinal);
        Assert.Equal(
            "# This file is maintained automatically by \"tofu init\".\n# Manual edits may be lost in future updates.\n\n"
            + "provider \"registry.opentofu.org/example/hello\" {\n  version     = \"1.0.0\"\n  constraints = \"~> 1.0\"\n  hashes = [\n"
            + string.Concat(hashes.Select(h => $"    \"{h}\",\n")) + "  ]\n}\n",
            await File.ReadAllTextAsync(lockPath));
    }

    [Fact]
    public async Task Second_install_with_lock_file_is_already_present_and_downloads_nothing()
    {
        var (source, _) = await PublishAsync();
        using var dest = new TempDirectory();
        var lockPath = dest.Combine(".terraform.lock.hcl");
        var first = await Installer(source).InstallAsync(Request(dest.Combine("m"), lockPath));
        var lockText = await File.ReadAllTextAsync(lockPath);

        var second = await Installer(source).InstallAsync(Request(dest.Combine("m"), lockPath));

        Assert.Equal(2, source.ZipFetches);
        Assert.All(second.Packages, p => Assert.Equal(PackageInstallStatus.AlreadyPresent, p.Status));
        Assert.Equal(first.Packages.Select(p => (p.H1, p.Zh)), second.Packages.Select(p => (p.H1, p.Zh)));
        Assert.Equal(lockText, await File.ReadAllTextAsync(lockPath));
    }

    [Fact]
    public async Task Second_install_without_lock_file_compares_downloaded_package_and_is_already_present()
    {
        var (source, _) = await PublishAsync();
        using var dest = new TempDirectory();
        await Installer(source).InstallAsync(Request(dest.Path));

        var second = await Installer(source).InstallAsync(Request(dest.Path));

        Assert.All(second.Packages, p => Assert.Equal(PackageInstallStatus.AlreadyPresent, p.Status));
        Assert.Equal(4, source.ZipFetches);
        Assert.DoesNotContain(Tree(dest.Path), e => e.Contains(".tmp-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Modified_installed_package_is_PackageMismatch_and_force_replaces_it()
    {
        var (source, _) = await PublishAsync();
        using var dest = new TempDirectory();
        var first = await Installer(source).InstallAsync(Request(dest.Path));
        var readme = Path.Combine(first.Packages[0].Path, "README");
        await File.WriteAllTextAsync(readme, "local change\n");

        var refused = await Installer(source).InstallAsync(Request(dest.Path));
        var ex = SingleFailure(refused);
        Assert.Equal(ErrorIds.PackageMismatch, ex.ErrorId);
        Assert.Contains("does not match the content of the downloaded package", ex.Message, StringComparison.Ordinal);
        Assert.Equal("local change\n", await File.ReadAllTextAsync(readme));
        // The other platform of the provider is still there and reported; the provider as a whole failed.
        Assert.Equal([("windows_arm64", PackageInstallStatus.AlreadyPresent)], refused.Packages.Select(p => (p.Platform.ToString(), p.Status)));

        var forced = await Installer(source).InstallAsync(Request(dest.Path, force: true));
        Assert.Equal([PackageInstallStatus.Replaced, PackageInstallStatus.AlreadyPresent], forced.Packages.Select(p => p.Status));
        Assert.Equal("hello 1.0.0 for linux_amd64\n", await File.ReadAllTextAsync(readme));
        Assert.Equal(first.Packages[0].H1, forced.Packages[0].H1);
        Assert.DoesNotContain(Tree(dest.Path), e => e.Contains(".tmp-", StringComparison.Ordinal) || e.Contains(".old-", StringComparison.Ordinal));
    }

    private static TofuOciException SingleFailure(ProviderInstallResult result)
    {
        var failure = Assert.Single(result.Failures);
        Assert.Equal(Hello, failure.Address);
        return failure.Error;
    }

    [Fact]
    public async Task Packed_writes_the_published_zip_bytes_and_records_its_HashZip_H1()
    {
        var (source, zips) = await PublishAsync();
        using var dest = new TempDirectory();
        var lockPath = dest.Combine("lock.hcl");

        var result = await Installer(source).InstallAsync(Request(dest.Combine("packed"), lockPath, PackageLayout.Packed));

        var dir = dest.Combine("packed", "registry.opentofu.org", "example", "hello");
        Assert.Equal(
            ["terraform-provider-hello_1.0.0_linux_amd64.zip", "terraform-provider-hello_1.0.0_linux_amd64.zip.lock",
             "terraform-provider-hello_1.0.0_windows_arm64.zip", "terraform-provider-hello_1.0.0_windows_arm64.zip.lock"],
            Tree(dir));
        Assert.Equal(zips["linux_amd64"], await File.ReadAllBytesAsync(Path.Combine(dir, "terraform-provider-hello_1.0.0_linux_amd64.zip")));
        Assert.Equal(zips["windows_arm64"], await File.ReadAllBytesAsync(Path.Combine(dir, "terraform-provider-hello_1.0.0_windows_arm64.zip")));
        Assert.Equal((await DirHash.HashZipAsync(Path.Combine(dir, "terraform-provider-hello_1.0.0_linux_amd64.zip"))).ToString(), result.Packages[0].H1);

        // The same zip unpacked has the same h1: (flat provider zips), so either layout locks alike.
        var unpacked = await Installer(source).InstallAsync(Request(dest.Combine("unpacked")));
        Assert.Equal(unpacked.Packages.Select(p => p.H1), result.Packages.Select(p => p.H1));

        var again = await Installer(source).InstallAsync(Request(dest.Combine("packed"), lockPath, PackageLayout.Packed));
        Assert.All(again.Packages, p => Assert.Equal(PackageInstallStatus.AlreadyPresent, p.Status));
        Assert.Equal(4, source.ZipFetches);
    }

    [Fact]
    public async Task Packed_existing_different_zip_is_PackageMismatch_unless_forced()
    {
        var (source, zips) = await PublishAsync();
        using var dest = new TempDirectory();
        var dir = dest.Combine("registry.opentofu.org", "example", "hello");
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, "terraform-provider-hello_1.0.0_linux_amd64.zip");
        var other = ProviderZip("hello", "1.0.0", "other");
        await File.WriteAllBytesAsync(path, other);

        var refused = await Installer(source).InstallAsync(Request(dest.Path, layout: PackageLayout.Packed));
        Assert.Equal(ErrorIds.PackageMismatch, SingleFailure(refused).ErrorId);
        Assert.Equal(other, await File.ReadAllBytesAsync(path));
        // Known by its zh: from the layer digest, the different zip is refused without a download.
        Assert.Equal(1, source.ZipFetches);

        var forced = await Installer(source).InstallAsync(Request(dest.Path, layout: PackageLayout.Packed, force: true));
        Assert.Equal(PackageInstallStatus.Replaced, forced.Packages[0].Status);
        Assert.Equal(zips["linux_amd64"], await File.ReadAllBytesAsync(path));
    }

    [Fact]
    public async Task Lock_file_with_other_Zh_is_LockedChecksumMismatch_before_any_download()
    {
        var (source, _) = await PublishAsync();
        using var dest = new TempDirectory();
        var lockPath = dest.Combine(".terraform.lock.hcl");
        await LockFileWriter.WriteFileAsync(lockPath, DependencyLockFile.Empty.With(
            new LockedProvider(Hello.ToString(), "1.0.0", null, ["zh:" + new string('0', 64), "h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="])));
        var before = await File.ReadAllTextAsync(lockPath);

        var result = await Installer(source).InstallAsync(Request(dest.Combine("mirror"), lockPath));

        var ex = SingleFailure(result);
        Assert.Empty(result.Packages);
        Assert.Equal(ErrorIds.LockedChecksumMismatch, ex.ErrorId);
        Assert.Contains("doesn't match any of the checksums previously recorded in the dependency lock file", ex.Message, StringComparison.Ordinal);
        var expected = $"the provider lock command for registry.opentofu.org/example/hello with the platform option linux_amd64, windows_arm64; the lock file option {lockPath} (and the repository option or the repository template option as for this install)";
        Assert.True(ex.Message.Contains(expected, StringComparison.Ordinal), ex.Message);
        Assert.Equal(0, source.ZipFetches);
        Assert.False(Directory.Exists(dest.Combine("mirror")));
        Assert.Equal(before, await File.ReadAllTextAsync(lockPath));
    }

    [Fact]
    public async Task Locked_version_is_kept_when_the_mirror_has_a_newer_one()
    {
        var (source, _) = await PublishAsync("1.0.0");
        var repo = Server.Repository(source.DisplayName[(Server.Address.Length + 1)..]);
        await PublishProviderAsync(repo, "hello", "1.1.0", "linux_amd64", "windows_arm64");
        using var dest = new TempDirectory();
        var lockPath = dest.Combine("l.hcl");
        await Installer(source).InstallAsync(Request(dest.Path, lockPath, constraint: "= 1.0.0"));

        var result = await Installer(source).InstallAsync(Request(dest.Path, lockPath, constraint: ">= 1.0.0"));

        Assert.All(result.Packages, p => Assert.Equal("1.0.0", p.Version.ToString()));
        Assert.Equal("1.0.0", LockFileReader.Parse(await File.ReadAllTextAsync(lockPath), lockPath).Find(Hello.ToString())!.Version);
        Assert.Equal(">= 1.0.0", LockFileReader.Parse(await File.ReadAllTextAsync(lockPath), lockPath).Find(Hello.ToString())!.Constraints);
    }

    [Fact]
    public async Task Hostile_zip_is_UnsafeArchiveEntry_and_leaves_nothing()
    {
        var repo = Server.Repository($"install/{Guid.NewGuid().ToString("N")[..12]}/hello");
        await InstallTestMirror.PublishAsync(repo, "1.0.0", new Dictionary<string, byte[]>
        {
            ["linux_amd64"] = Zip(("terraform-provider-hello_v1.0.0", "x", Executable), ("../../escape", "gotcha", Regular)),
        });
        using var dest = new TempDirectory();

        var result = await Installer(repo).InstallAsync(new ProviderInstallRequest
        {
            Providers = [ProviderRequirement.AnyVersion(Hello)],
            Platforms = [Linux],
            Destination = dest.Combine("mirror"),
        });

        var ex = SingleFailure(result);
        Assert.Equal(ErrorIds.UnsafeArchiveEntry, ex.ErrorId);
        Assert.Contains("Refusing to extract the linux_amd64 package of registry.opentofu.org/example/hello 1.0.0", ex.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dest.Combine("mirror")));
        Assert.Empty(Tree(dest.Path));
    }

    [Fact]
    public async Task Package_without_executable_is_ProviderBinaryNotFound_and_leaves_nothing()
    {
        var repo = Server.Repository($"install/{Guid.NewGuid().ToString("N")[..12]}/hello");
        await InstallTestMirror.PublishAsync(repo, "1.0.0", new Dictionary<string, byte[]> { ["linux_amd64"] = Zip(("README", "no binary", Regular)) });
        using var dest = new TempDirectory();

        var result = await Installer(repo).InstallAsync(new ProviderInstallRequest
        {
            Providers = [ProviderRequirement.AnyVersion(Hello)],
            Platforms = [Linux],
            Destination = dest.Path,
        });

        Assert.Equal(ErrorIds.ProviderBinaryNotFound, SingleFailure(result).ErrorId);
        Assert.Empty(Tree(dest.Path));
    }

    [Fact]
    public async Task Lock_two_platforms_records_two_H1_and_two_Zh_and_installs_nothing()
    {
        var (source, zips) = await PublishAsync();
        using var dest = new TempDirectory();
        var lockPath = dest.Combine(".terraform.lock.hcl");

        var result = await new ProviderLocker(ProviderSourceResolver.FromFunction(_ => source)).LockAsync(new ProviderLockRequest
        {
            Providers = [ProviderRequirement.AnyVersion(Hello)],
            Platforms = [Linux, Windows],
            LockFilePath = lockPath,
        });

        // The lock file and the file that serialises its updates (docs/design.md, "Concurrency").
        Assert.Equal([".terraform.lock.hcl", ".terraform.lock.hcl.lock"], Tree(dest.Path));
        Assert.Empty(result.Failures);
        // h1: of each zip equals the dirhash tofu init records for the extracted package.
        var installed = await Installer(source).InstallAsync(Request(dest.Combine("check")));
        Assert.Equal(installed.Packages.Select(p => p.H1), result.Packages.Select(p => p.H1));
        Assert.Equal([Zh(zips["linux_amd64"]), Zh(zips["windows_arm64"])], result.Packages.Select(p => p.Zh));
        var locked = LockFileReader.Parse(await File.ReadAllTextAsync(lockPath), lockPath).Find(Hello.ToString())!;
        Assert.Equal("1.0.0", locked.Version);
        Assert.Null(locked.Constraints);
        Assert.Equal(installed.Packages.SelectMany(p => new[] { p.H1, p.Zh }).Order(StringComparer.Ordinal), locked.Hashes.ToArray());
    }

    [Fact]
    public async Task Config_driven_install_uses_the_oci_mirror_block_of_the_CLI_configuration()
    {
        var ns = "cfg" + Guid.NewGuid().ToString("N")[..10];
        var repo = Server.Repository($"mirror/{ns}/hello");
        var zips = await PublishProviderAsync(repo, "hello", "2.0.0", "linux_amd64");
        using var home = new TempDirectory();
        await File.WriteAllTextAsync(Path.Combine(home.Path, ".tofurc"), $$"""
            provider_installation {
              oci_mirror {
                repository_template = "{{Server.Address}}/mirror/${namespace}/${type}"
                include             = ["registry.opentofu.org/*/*"]
              }
            }
            """);
        var environment = new CliConfigEnvironment(CliConfigPlatform.Unix, n => n == "HOME" ? home.Path : null, home.Path, null);
        var config = await CliConfigLoader.LoadAsync(environment);
        var resolver = ProviderSourceResolver.ForConfiguration(config, new TargetOptions { PlainHttp = true });

        var result = await new ProviderInstaller(resolver).InstallAsync(new ProviderInstallRequest
        {
            Providers = [ProviderRequirement.AnyVersion(ProviderAddress.Parse($"{ns}/hello"))],
            Platforms = [Linux],
            Destination = home.Combine("cache"),
        });

        Assert.Equal(Zh(zips["linux_amd64"]), result.Packages[0].Zh);
        Assert.Equal(home.Combine("cache", "registry.opentofu.org", ns, "hello", "2.0.0", "linux_amd64"), result.Packages[0].Path);
        var other = Assert.Throws<TofuOciException>(() => resolver.Resolve(ProviderAddress.Parse("example.com/acme/thing")));
        Assert.Equal(ErrorIds.ProviderNotFound, other.ErrorId);
        Assert.Contains(Path.Combine(home.Path, ".tofurc"), other.Message, StringComparison.Ordinal);
    }
}
