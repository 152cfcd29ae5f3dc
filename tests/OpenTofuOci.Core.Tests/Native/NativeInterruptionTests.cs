using System.IO.Compression;
using System.Security.Cryptography;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.FileSystem;
using OpenTofuOci.Core.Oci;
using OpenTofuOci.Core.Oci.Layout;
using OpenTofuOci.Core.Oci.Remote;
using OpenTofuOci.Core.Oci.Targets;
using OpenTofuOci.Core.Tests.Providers.Installing;
using OpenTofuOci.Core.Tests.Reliability;
using OpenTofuOci.TestFixtures;
using static OpenTofuOci.Core.Tests.Remote.RemoteTestKit;

namespace OpenTofuOci.Core.Tests.Native;

/// <summary>
/// <c>kill -9</c> of the native tofu-oci at several points of an install, a publish, a copy and a module
/// save, against a real docker-registry, with a 32 MiB package so the kill lands mid-transfer: the
/// destination holds the complete result or none of it, nothing left behind blocks the next run, and the
/// next run completes it (an install byte-identical to one never interrupted).
/// </summary>
[Collection(NativeCliGroup.Name)]
public sealed class NativeInterruptionTests(NativeCliFixture native, PlainRegistryFixture registry) : IClassFixture<PlainRegistryFixture>
{
    private const int BigSize = 32 << 20;
    private const string Blobs = "/blobs/sha256:";

    public static TheoryData<string> InstallPoints => new() { "resolve", "download", "extraction" };

    public static TheoryData<string> PublishPoints => new() { "check", "upload", "manifests", "tag" };

    public static TheoryData<string> CopyPoints => new() { "download", "layout-blob", "registry-upload" };

    public static TheoryData<string> SavePoints => new() { "resolve", "download", "extraction" };

    /// <summary>A provider zip with a 32 MiB random (incompressible) file, so transfers take a while.</summary>
    private static byte[] BigProviderZip()
    {
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            var exe = zip.CreateEntry("terraform-provider-big_v1.0.0", CompressionLevel.NoCompression);
            exe.ExternalAttributes = (0x8000 | InstallTestMirror.Executable) << 16;
            using (var s = exe.Open())
            {
                s.Write("#!/bin/sh\necho big\n"u8);
            }

            var data = zip.CreateEntry("data.bin", CompressionLevel.NoCompression);
            data.ExternalAttributes = (0x8000 | InstallTestMirror.Regular) << 16;
            using var d = data.Open();
            d.Write(RandomNumberGenerator.GetBytes(BigSize));
        }

        return ms.ToArray();
    }

    private static string NewName(string what) => $"interrupt/{what}-{Guid.NewGuid().ToString("N")[..10]}";

    private async Task<string> PublishBigProviderAsync()
    {
        var name = NewName("big");
        using var repo = registry.Server.Repository(name);
        await InstallTestMirror.PublishAsync(repo, "1.0.0", new Dictionary<string, byte[]> { ["linux_amd64"] = BigProviderZip() });
        return $"{registry.Server.Address}/{name}";
    }

    private static KilledRun.Point Debug(string name, string pattern, int occurrence = 1) => new(name, pattern, occurrence);

    [Theory]
    [MemberData(nameof(InstallPoints))]
    public async Task Install_killed_at_any_point_leaves_no_partial_package_and_the_next_run_installs_it_byte_identical(string point)
    {
        var repository = await PublishBigProviderAsync();
        using var temp = new TempDirectory();
        var destination = temp.Combine("plugins");
        string[] Install(string to) => ["provider", "install", "example/big", "--repository", repository, "--plain-http", "--platform", "linux_amd64", "--destination", to];
        var reference = native.Invoke(Install(temp.Combine("reference")));
        Assert.True(reference.ExitCode == 0, reference.Error);
        var expected = Snapshot(temp.Combine("reference"));
        Assert.Contains(expected.Keys, k => k.EndsWith("/data.bin", StringComparison.Ordinal));

        var at = point switch
        {
            "resolve" => Debug(point, "/manifests/1\\.0\\.0 "),
            "download" => Debug(point, $"GET .*{Blobs}.* 200"),
            _ => new KilledRun.Point(point, TempUnder: destination),
        };
        await KilledRun.RunAsync(native.Executable, at, Install(destination));

        var left = Snapshot(destination);
        Assert.True(left.Count == 0 || Same(expected, left), "a killed install left a partial package: " + string.Join(", ", left.Keys));
        AssertOnlyHiddenTemporaries(destination);

        var again = native.Invoke(Install(destination));
        Assert.True(again.ExitCode == 0, again.Error);
        Assert.Equal(expected, Snapshot(destination));
    }

    [Fact]
    public async Task Install_interrupted_by_sigint_mid_download_exits_130_keeps_nothing_half_written_and_the_next_run_installs_it()
    {
        var repository = await PublishBigProviderAsync();
        using var temp = new TempDirectory();
        var destination = temp.Combine("plugins");
        string[] install = ["provider", "install", "example/big", "--repository", repository, "--plain-http", "--platform", "linux_amd64", "--destination", destination];
        var reference = native.Invoke([.. install[..^1], temp.Combine("reference")]);
        Assert.True(reference.ExitCode == 0, reference.Error);

        // The interrupted run reads through a proxy that trickles each body at 4 MiB/s: the 32 MiB package takes at
        // least 8 s to arrive after its 200, so the SIGINT sent on that line lands mid-body even on a loaded machine.
        await using var proxy = FaultProxy.Start(registry.Server.Address, new FaultProxyOptions { BodyBytesPerSecond = 4 << 20 });
        string[] throughProxy = [.. install];
        throughProxy[4] = proxy.Address + repository[registry.Server.Address.Length..];
        var (interrupted, exitCode) = await KilledRun.RunWithExitCodeAsync(native.Executable,
            new KilledRun.Point("download", $"GET .*{Blobs}.* 200", Interrupt: true), throughProxy);

        Assert.True(interrupted);
        Assert.Equal(130, exitCode);
        Assert.True(proxy.Counts.Reads >= 2, $"{proxy.Counts.Reads} read(s) through the proxy: the interrupted run did not download through it");
        Assert.Empty(Snapshot(destination));
        Assert.True(!Directory.Exists(destination) || !Directory.EnumerateFileSystemEntries(destination, "*", SearchOption.AllDirectories).Any(TempPaths.IsTemporary),
            "a cancelled install left temporary files");
        var again = native.Invoke(install);
        Assert.True(again.ExitCode == 0, again.Error);
        Assert.Equal(Snapshot(temp.Combine("reference")), Snapshot(destination));
    }

    [Theory]
    [MemberData(nameof(PublishPoints))]
    public async Task Publish_killed_at_any_point_leaves_no_tag_on_missing_content_and_the_next_run_completes_it(string point)
    {
        using var temp = new TempDirectory();
        var zip = BigProviderZip();
        Directory.CreateDirectory(temp.Combine("dist"));
        await File.WriteAllBytesAsync(temp.Combine("dist", "terraform-provider-big_1.0.0_linux_amd64.zip"), zip);
        await File.WriteAllBytesAsync(temp.Combine("dist", "terraform-provider-big_1.0.0_darwin_arm64.zip"), InstallTestMirror.ProviderZip("big", "1.0.0", "darwin_arm64"));
        var name = NewName("publish");
        string[] publish = ["provider", "publish", temp.Combine("dist"), "--repository", $"{registry.Server.Address}/{name}", "--plain-http"];

        var at = point switch
        {
            "check" => Debug(point, "/manifests/1\\.0\\.0 404"),
            "upload" => Debug(point, "POST .*/blobs/uploads/ 202"),
            "manifests" => Debug(point, "PUT .*/manifests/sha256:"),
            _ => Debug(point, "PUT .*/manifests/sha256:", 2),
        };
        await KilledRun.RunAsync(native.Executable, at, publish);

        using var direct = registry.Server.Repository(name);
        Assert.Null(await ReliabilityKit.TagProblemAsync(direct, "1.0.0", mustExist: false));

        var again = native.Invoke(publish);
        Assert.True(again.ExitCode == 0, again.Error);
        Assert.Null(await ReliabilityKit.TagProblemAsync(direct, "1.0.0", mustExist: true));
        Assert.Equal(zip, await ReadAllAsync(await direct.FetchAsync(Descriptor.FromBytes(MediaTypes.Zip, zip))));
    }

    [Theory]
    [MemberData(nameof(CopyPoints))]
    public async Task Copy_killed_at_any_point_leaves_no_tag_on_missing_content_nor_a_wrong_blob_and_the_next_run_completes_it(string point)
    {
        var source = await PublishBigProviderAsync();
        using var temp = new TempDirectory();
        var layout = temp.Combine("layout");
        var toRegistry = point == "registry-upload";
        var name = NewName("copy");
        var destination = toRegistry ? $"{registry.Server.Address}/{name}:1.0.0" : $"oci-layout:{layout}:1.0.0";
        string[] copy = ["copy", source + ":1.0.0", destination, "--plain-http"];

        var at = point switch
        {
            "download" => Debug(point, $"GET .*{Blobs}.* 200"),
            "layout-blob" => new KilledRun.Point(point, TempUnder: Path.Combine(layout, "blobs")),
            _ => Debug(point, "POST .*/blobs/uploads/ 202"),
        };
        await KilledRun.RunAsync(native.Executable, at, copy);

        ITarget target = toRegistry ? registry.Server.Repository(name) : new OciLayoutStore(layout);
        if (!toRegistry)
        {
            AssertLayoutBlobsAreComplete(layout);
            AssertOnlyHiddenTemporaries(layout);
        }

        // A layout killed before its oci-layout header was written is no layout yet, and has no tag.
        if (toRegistry || File.Exists(Path.Combine(layout, "oci-layout")))
        {
            Assert.Null(await ReliabilityKit.TagProblemAsync(target, "1.0.0", mustExist: false));
        }

        var again = native.Invoke(copy);
        Assert.True(again.ExitCode == 0, again.Error);
        Assert.Null(await ReliabilityKit.TagProblemAsync(target, "1.0.0", mustExist: true));
        if (!toRegistry)
        {
            AssertLayoutBlobsAreComplete(layout);
        }
    }

    [Theory]
    [MemberData(nameof(SavePoints))]
    public async Task Module_save_killed_at_any_point_leaves_no_partial_module_and_the_next_run_saves_it_byte_identical(string point)
    {
        using var temp = new TempDirectory();
        Directory.CreateDirectory(temp.Combine("module"));
        await File.WriteAllTextAsync(temp.Combine("module", "main.tf"), "variable \"x\" {}\n");
        await File.WriteAllBytesAsync(temp.Combine("module", "data.bin"), RandomNumberGenerator.GetBytes(BigSize));
        var name = NewName("module");
        var published = native.Invoke("module", "publish", temp.Combine("module"), "--repository", $"{registry.Server.Address}/{name}", "--plain-http");
        Assert.True(published.ExitCode == 0, published.Error);
        var address = $"oci://{registry.Server.Address}/{name}";
        var reference = native.Invoke("module", "save", address, "--destination", temp.Combine("reference"), "--plain-http");
        Assert.True(reference.ExitCode == 0, reference.Error);
        var expected = Snapshot(temp.Combine("reference"));
        var destination = temp.Combine("saved");

        var at = point switch
        {
            "resolve" => Debug(point, "/manifests/latest "),
            "download" => Debug(point, $"GET .*{Blobs}.* 200"),
            _ => new KilledRun.Point(point, TempUnder: temp.Path),
        };
        await KilledRun.RunAsync(native.Executable, at, "module", "save", address, "--destination", destination, "--plain-http");

        var left = Snapshot(destination);
        Assert.True(left.Count == 0 || Same(expected, left), "a killed save left a partial module: " + string.Join(", ", left.Keys));

        var again = native.Invoke("module", "save", address, "--destination", destination, "--plain-http");
        Assert.True(again.ExitCode == 0, again.Error);
        Assert.Equal(expected, Snapshot(destination));
    }

    /// <summary>Every file under <paramref name="root"/> but temporaries and lock files: relative path → SHA-256 and Unix mode.</summary>
    private static SortedDictionary<string, string> Snapshot(string root)
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (!Directory.Exists(root))
        {
            return files;
        }

        foreach (var path in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(root, path).Replace('\\', '/');
            if (relative.Split('/').Any(TempPaths.IsTemporary) || relative.EndsWith(".lock", StringComparison.Ordinal))
            {
                continue;
            }

            files[relative] = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path))) + (OperatingSystem.IsWindows() ? string.Empty : " " + File.GetUnixFileMode(path));
        }

        return files;
    }

    private static bool Same(SortedDictionary<string, string> a, SortedDictionary<string, string> b) => a.SequenceEqual(b);

    /// <summary>What a killed process may leave: only hidden temporaries (<c>.name.tmp-…</c>), which nothing reads as content.</summary>
    private static void AssertOnlyHiddenTemporaries(string root)
    {
        if (!Directory.Exists(root))
        {
            return;
        }

        foreach (var entry in Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories).Where(TempPaths.IsTemporary))
        {
            Assert.StartsWith(".", Path.GetFileName(entry), StringComparison.Ordinal);
        }
    }

    /// <summary>Every blob file of a layout under its final name hashes to that name.</summary>
    private static void AssertLayoutBlobsAreComplete(string layout)
    {
        var blobs = Path.Combine(layout, "blobs", "sha256");
        if (!Directory.Exists(blobs))
        {
            return;
        }

        foreach (var file in Directory.EnumerateFiles(blobs).Where(f => !TempPaths.IsTemporary(f)))
        {
            using var stream = File.OpenRead(file);
            Assert.Equal(Path.GetFileName(file), Convert.ToHexString(SHA256.HashData(stream)).ToLowerInvariant());
        }
    }
}
