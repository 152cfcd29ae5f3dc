using OpenTofuOci.Core.Configuration;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Hcl;
using OpenTofuOci.Core.LockFiles;
using OpenTofuOci.Core.Oci;
using OpenTofuOci.Core.Oci.Layout;
using OpenTofuOci.Core.Oci.Targets;
using OpenTofuOci.Core.Packages;
using OpenTofuOci.Core.Providers;
using OpenTofuOci.Core.Providers.Installing;
using OpenTofuOci.Core.Tests.Fixtures;
using static OpenTofuOci.Core.Tests.Providers.Installing.InstallTestMirror;

namespace OpenTofuOci.Core.Tests.Providers.Installing;

/// <summary>Installs from OCI image-layout directories, and resolves providers to repositories.</summary>
public sealed class ProviderInstallLayoutTests
{
    private static readonly ProviderAddress Hello = ProviderAddress.Parse("example/hello");

    [Fact]
    public async Task Install_from_layout_repository_gives_Go_dirhash_of_the_installed_directory()
    {
        using var temp = new TempDirectory();
        var zips = await PublishProviderAsync(new OciLayoutStore(temp.Combine("layout")), "hello", "0.3.0+build.1", "linux_amd64");
        var resolver = ProviderSourceResolver.ForRepository(TargetAddress.Parse("oci-layout:" + temp.Combine("layout")));

        var result = await new ProviderInstaller(resolver).InstallAsync(new ProviderInstallRequest
        {
            Providers = [ProviderRequirement.AnyVersion(Hello)],
            Platforms = [ProviderPlatform.Parse("linux_amd64")],
            Destination = temp.Combine("cache"),
        });

        var package = Assert.Single(result.Packages);
        Assert.Equal("0.3.0+build.1", package.Version.ToString());
        Assert.Equal(temp.Combine("cache", "registry.opentofu.org", "example", "hello", "0.3.0+build.1", "linux_amd64"), package.Path);
        Assert.Equal((await DirHash.HashDirectoryAsync(package.Path)).ToString(), package.H1);
        Assert.Equal((await DirHash.HashZipAsync(new MemoryStream(zips["linux_amd64"]))).ToString(), package.H1);
        Assert.Null(result.LockFilePath);
    }

    [Fact]
    public async Task Corrupted_blob_in_layout_is_DigestMismatch_and_leaves_nothing_in_the_destination()
    {
        using var temp = new TempDirectory();
        var layers = await InstallTestMirror.PublishAsync(new OciLayoutStore(temp.Combine("layout")), "1.0.0",
            new Dictionary<string, byte[]> { ["linux_amd64"] = ProviderZip("hello", "1.0.0", "linux_amd64") });
        var blob = temp.Combine("layout", "blobs", "sha256", layers["linux_amd64"].Digest["sha256:".Length..]);
        var bytes = await File.ReadAllBytesAsync(blob);
        bytes[bytes.Length / 2] ^= 0x01;
        await File.WriteAllBytesAsync(blob, bytes);
        var destination = temp.Combine("dest");
        Directory.CreateDirectory(destination);
        var lockPath = Path.Combine(destination, ".terraform.lock.hcl");

        var result = await new ProviderInstaller(
            ProviderSourceResolver.ForRepository(TargetAddress.Parse("oci-layout:" + temp.Combine("layout")))).InstallAsync(new ProviderInstallRequest
            {
                Providers = [ProviderRequirement.AnyVersion(Hello)],
                Platforms = [ProviderPlatform.Parse("linux_amd64")],
                Destination = destination,
                LockFilePath = lockPath,
            });

        var ex = Assert.Single(result.Failures).Error;
        Assert.Equal(ErrorIds.DigestMismatch, ex.ErrorId);
        Assert.Empty(result.Packages);
        Assert.Contains(layers["linux_amd64"].Digest, ex.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(destination, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Layer_for_another_platform_is_refused_before_download()
    {
        using var temp = new TempDirectory();
        var store = new OciLayoutStore(temp.Combine("layout"));
        var zip = ProviderZip("hello", "1.0.0", "linux_amd64");
        var layer = Descriptor.FromBytes(MediaTypes.Zip, zip) with { Platform = new Platform { OS = "darwin", Architecture = "arm64" } };
        await store.PushAsync(layer, new MemoryStream(zip));
        await store.PushAsync(EmptyConfig.Descriptor, new MemoryStream(EmptyConfig.Content.ToArray()));
        var manifest = OciJson.Write(new ImageManifest { ArtifactType = MediaTypes.OpenTofuProviderTarget, Config = EmptyConfig.Descriptor, Layers = [layer] });
        var md = Descriptor.FromBytes(MediaTypes.ImageManifest, manifest, MediaTypes.OpenTofuProviderTarget);
        await store.PushAsync(md, new MemoryStream(manifest));
        var index = OciJson.Write(new ImageIndex
        {
            ArtifactType = MediaTypes.OpenTofuProvider,
            Manifests = [md with { Platform = new Platform { OS = "linux", Architecture = "amd64" } }],
        });
        await store.PushAsync(Descriptor.FromBytes(MediaTypes.ImageIndex, index, MediaTypes.OpenTofuProvider), new MemoryStream(index), "1.0.0");
        var counting = new CountingTarget(store);

        var result = await new ProviderInstaller(ProviderSourceResolver.FromFunction(_ => counting)).InstallAsync(new ProviderInstallRequest
        {
            Providers = [ProviderRequirement.AnyVersion(Hello)],
            Platforms = [ProviderPlatform.Parse("linux_amd64")],
            Destination = temp.Combine("dest"),
        });

        var failure = Assert.Single(result.Failures);
        Assert.Equal(Hello, failure.Address);
        var ex = failure.Error;
        Assert.Equal(ErrorIds.UnexpectedProviderLayer, ex.ErrorId);
        Assert.Contains("selected OCI artifact is for darwin_arm64, but was expected to be for linux_amd64", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, counting.ZipFetches);
        Assert.False(Directory.Exists(temp.Combine("dest")));
    }

    [Fact]
    public async Task Lock_entry_with_only_H1_for_the_version_is_refused_as_OpenTofu_does()
    {
        using var temp = new TempDirectory();
        var store = new OciLayoutStore(temp.Combine("layout"));
        var zips = await PublishProviderAsync(store, "hello", "1.0.0", "linux_amd64");
        var h1 = (await DirHash.HashZipAsync(new MemoryStream(zips["linux_amd64"]))).ToString();
        var lockPath = temp.Combine("lock.hcl");
        await LockFileWriter.WriteFileAsync(lockPath, DependencyLockFile.Empty.With(new LockedProvider(Hello.ToString(), "1.0.0", null, [h1])));

        var before = await File.ReadAllTextAsync(lockPath);
        var result = await new ProviderLocker(ProviderSourceResolver.FromFunction(_ => store)).LockAsync(new ProviderLockRequest
        {
            Providers = [ProviderRequirement.AnyVersion(Hello)],
            Platforms = [ProviderPlatform.Parse("linux_amd64")],
            LockFilePath = lockPath,
        });

        Assert.Equal(ErrorIds.LockedChecksumMismatch, Assert.Single(result.Failures).Error.ErrorId);
        Assert.Empty(result.Packages);
        Assert.Equal(before, await File.ReadAllTextAsync(lockPath));
    }

    [Fact]
    public async Task Default_platform_is_the_running_system_in_OpenTofu_spelling()
    {
        using var temp = new TempDirectory();
        var current = ProviderPlatforms.Current;
        await PublishProviderAsync(new OciLayoutStore(temp.Combine("layout")), "hello", "1.0.0", current.ToString());

        var result = await new ProviderInstaller(ProviderSourceResolver.ForRepository(TargetAddress.Parse("oci-layout:" + temp.Combine("layout"))))
            .InstallAsync(new ProviderInstallRequest { Providers = [ProviderRequirement.AnyVersion(Hello)], Destination = temp.Combine("d") });

        Assert.Equal(current, Assert.Single(result.Packages).Platform);
        Assert.Contains(current.OS, new[] { "linux", "darwin", "windows", "freebsd" });
        Assert.Contains(current.Arch, new[] { "amd64", "arm64", "386", "arm" });
    }

    [Fact]
    public void Configuration_resolver_first_matching_block_wins_and_exclude_skips_a_block()
    {
        var pos = new HclPosition("t.tfrc", 1, 1);
        var config = new CliConfig(null, new ProviderInstallationConfig(
            [
                new OciMirrorMethod("first.example/${namespace}/${type}", ["registry.opentofu.org/*/*"], ["registry.opentofu.org/hashicorp/*"], pos),
                new UnhandledInstallationMethod("direct", pos),
                new OciMirrorMethod("second.example/${hostname}/${namespace}/${type}", [], [], pos),
            ], pos), [], null, [], ["t.tfrc"]);
        var resolver = ProviderSourceResolver.ForConfiguration(config);

        Assert.Equal("first.example/example/hello", resolver.Resolve(Hello).DisplayName);
        Assert.Equal("second.example/registry.opentofu.org/hashicorp/aws", resolver.Resolve(ProviderAddress.Parse("hashicorp/aws")).DisplayName);
    }

    [Fact]
    public void Template_resolver_accepts_both_template_syntaxes()
    {
        Assert.Equal("mirror.example/p/example/hello", ProviderSourceResolver.ForTemplate("mirror.example/p/${namespace}/${type}", [Hello]).Resolve(Hello).DisplayName);
        Assert.Equal("mirror.example/p/example/hello", ProviderSourceResolver.ForTemplate("mirror.example/p/{namespace}/{type}", [Hello]).Resolve(Hello).DisplayName);
        var ex = Assert.Throws<TofuOciException>(() => ProviderSourceResolver.ForTemplate("mirror.example/p/${type}", [Hello, ProviderAddress.Parse("other/hello")]));
        Assert.Contains("must refer to the \"namespace\" symbol", ex.Message, StringComparison.Ordinal);
        Assert.Equal(ErrorIds.InvalidRepositoryTemplate, ex.ErrorId);
    }

    [Fact]
    public void Configuration_without_oci_mirror_is_ProviderNotFound()
    {
        var config = new CliConfig(null, null, [], null, [], []);
        var ex = Assert.Throws<TofuOciException>(() => ProviderSourceResolver.ForConfiguration(config).Resolve(Hello));
        Assert.Equal(ErrorIds.ProviderNotFound, ex.ErrorId);
        Assert.Contains("no provider_installation block with an oci_mirror method (no CLI configuration file was found)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Several_providers_in_one_call_are_installed_and_locked_together()
    {
        using var temp = new TempDirectory();
        var hello = new OciLayoutStore(temp.Combine("hello"));
        var world = new OciLayoutStore(temp.Combine("world"));
        await PublishProviderAsync(hello, "hello", "1.0.0", "linux_amd64", "linux_arm64");
        await PublishProviderAsync(world, "world", "3.1.4", "linux_amd64", "linux_arm64");
        var worldAddress = ProviderAddress.Parse("example.com/acme/world");
        var resolver = ProviderSourceResolver.FromFunction(a => a == Hello ? hello : world);
        var lockPath = temp.Combine(".terraform.lock.hcl");

        var result = await new ProviderInstaller(resolver).InstallAsync(new ProviderInstallRequest
        {
            Providers = [ProviderRequirement.AnyVersion(Hello), new ProviderRequirement(worldAddress, VersionConstraint.Parse(">= 3.0"))],
            Platforms = [ProviderPlatform.Parse("linux_amd64"), ProviderPlatform.Parse("linux_arm64")],
            Destination = temp.Combine("d"),
            LockFilePath = lockPath,
            MaxParallelDownloads = 2,
        });

        Assert.Equal(
            ["registry.opentofu.org/example/hello 1.0.0 linux_amd64", "registry.opentofu.org/example/hello 1.0.0 linux_arm64",
             "example.com/acme/world 3.1.4 linux_amd64", "example.com/acme/world 3.1.4 linux_arm64"],
            result.Packages.Select(p => $"{p.Address} {p.Version} {p.Platform}"));
        Assert.True(File.Exists(temp.Combine("d", "example.com", "acme", "world", "3.1.4", "linux_arm64", "terraform-provider-world_v3.1.4")));
        var lockFile = LockFileReader.Parse(await File.ReadAllTextAsync(lockPath), lockPath);
        Assert.Equal(["example.com/acme/world", "registry.opentofu.org/example/hello"], lockFile.Providers.Keys.Order(StringComparer.Ordinal));
        // Written the way tofu writes it: omitted parts as 0.
        Assert.Equal(">= 3.0.0", lockFile.Find("example.com/acme/world")!.Constraints);
        Assert.Equal(
            result.Packages.Where(p => p.Address == worldAddress).SelectMany(p => new[] { p.H1, p.Zh }).Order(StringComparer.Ordinal),
            lockFile.Find("example.com/acme/world")!.Hashes.ToArray());
    }

    [Fact]
    public async Task Cancelled_during_download_leaves_nothing_behind()
    {
        using var temp = new TempDirectory();
        var store = new OciLayoutStore(temp.Combine("layout"));
        await PublishProviderAsync(store, "hello", "1.0.0", "linux_amd64");
        using var cts = new CancellationTokenSource();
        var cancelling = new CancellingTarget(store, cts);
        var destination = temp.Combine("dest");

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new ProviderInstaller(ProviderSourceResolver.FromFunction(_ => cancelling)).InstallAsync(new ProviderInstallRequest
        {
            Providers = [ProviderRequirement.AnyVersion(Hello)],
            Platforms = [ProviderPlatform.Parse("linux_amd64")],
            Destination = destination,
        }, cancellationToken: cts.Token));

        Assert.True(cancelling.Cancelled);
        Assert.False(Directory.Exists(destination));
    }
}
