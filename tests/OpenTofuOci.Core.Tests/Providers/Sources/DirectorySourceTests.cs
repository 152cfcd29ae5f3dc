using System.IO.Compression;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Packages;
using OpenTofuOci.Core.Providers;
using OpenTofuOci.Core.Providers.Sources;
using OpenTofuOci.TestFixtures.ProviderOrigin;
using static OpenTofuOci.Core.Tests.Providers.Sources.RegistrySourceTests;

namespace OpenTofuOci.Core.Tests.Providers.Sources;

/// <summary>Directories in the layouts of <c>tofu providers mirror</c> (docs/opentofu-compatibility.md §9.3).</summary>
public sealed class DirectorySourceTests
{
    private static readonly ProviderAddress Hello = ProviderAddress.Parse("example/hello");
    private static readonly ProviderPlatform Linux = ProviderPlatform.Parse("linux_amd64");
    private static readonly StaticRelease One = new("example", "hello", "1.0.0", ["linux_amd64", "windows_amd64"]);
    private static readonly StaticRelease Two = new("example", "hello", "2.0.0", ["linux_amd64"]);

    [Fact]
    public async Task The_packed_layout_gives_versions_from_index_json_and_h1_hashes_from_the_version_json()
    {
        using var temp = new TempDirectory();
        await ProviderMirrorDirectory.WritePackedAsync(temp.Combine("mirror"), [One, Two]);
        using var source = Open(temp.Combine("mirror"));

        var versions = await source.ListVersionsAsync(Hello);
        var release = await source.GetReleaseAsync(Hello, V("1.0.0"), [Linux]);

        Assert.Equal(["1.0.0", "2.0.0"], versions.Select(v => v.Version.ToString()));
        Assert.Equal(["linux_amd64", "windows_amd64"], versions[0].Platforms.Select(p => p.ToString()));
        var package = Assert.Single(release.Packages);
        Assert.Equal(temp.Combine("mirror", "registry.opentofu.org", "example", "hello", "terraform-provider-hello_1.0.0_linux_amd64.zip"), package.Location);
        Assert.Equal([await StaticNetworkMirror.H1Async(One, "linux_amd64")], package.Hashes.Select(h => h.ToString()));
        Assert.Null(release.Checksums);
        Assert.Equal(ProviderSourceKind.Directory, source.Kind);
        var reports = new List<long>();
        using var zip = new MemoryStream();
        await source.DownloadAsync(package, zip, new Progress(reports.Add));
        Assert.Equal(One.Zip("linux_amd64"), zip.ToArray());
        Assert.Equal(zip.Length, reports[^1]);
    }

    [Fact]
    public async Task Without_index_json_the_zip_file_names_give_versions_and_platforms()
    {
        using var temp = new TempDirectory();
        ProviderMirrorDirectory.WriteZipsOnly(temp.Path, [One, Two]);
        File.WriteAllText(temp.Combine("registry.opentofu.org", "example", "hello", "terraform-provider-hello_notaversion_linux_amd64.zip"), "x");
        using var source = Open(temp.Path);

        var versions = await source.ListVersionsAsync(Hello);
        var release = await source.GetReleaseAsync(Hello, V("2.0.0"), [Linux]);

        Assert.Equal(["1.0.0:linux_amd64,windows_amd64", "2.0.0:linux_amd64"], versions.Select(v => $"{v.Version}:{string.Join(',', v.Platforms)}"));
        Assert.Empty(release.Packages[0].Hashes);
        using var zip = new MemoryStream();
        await source.DownloadAsync(release.Packages[0], zip);
        Assert.Equal(Two.Zip("linux_amd64"), zip.ToArray());
    }

    [Fact]
    public async Task An_unpacked_package_is_zipped_deterministically_and_carries_its_directory_h1()
    {
        using var temp = new TempDirectory();
        var dirs = ProviderMirrorDirectory.WriteUnpacked(temp.Path, [One]);
        using var source = Open(temp.Path);

        var release = await source.GetReleaseAsync(Hello, V("1.0.0"), [Linux]);
        using var first = new MemoryStream();
        using var second = new MemoryStream();
        await source.DownloadAsync(release.Packages[0], first);
        await source.DownloadAsync(release.Packages[0], second);

        var package = release.Packages[0];
        Assert.Equal(dirs[0], package.Location);
        Assert.Equal("terraform-provider-hello_1.0.0_linux_amd64.zip", package.FileName);
        var h1 = await StaticNetworkMirror.H1Async(One, "linux_amd64");
        Assert.Equal([h1], package.Hashes.Select(h => h.ToString()));
        Assert.Equal(first.ToArray(), second.ToArray());
        Assert.Equal(h1, (await DirHash.HashZipAsync(new MemoryStream(first.ToArray()))).ToString());
        using var archive = new ZipArchive(new MemoryStream(first.ToArray()));
        Assert.Equal(["terraform-provider-hello_v1.0.0"], archive.Entries.Select(e => e.FullName));
    }

    [Fact]
    public async Task A_symlink_leaving_the_directory_is_refused_with_UnsafeSymlink()
    {
        using var temp = new TempDirectory();
        ProviderMirrorDirectory.WriteUnpacked(temp.Combine("outside"), [One]);
        Directory.CreateDirectory(temp.Combine("mirror", "registry.opentofu.org", "example"));
        Directory.CreateSymbolicLink(temp.Combine("mirror", "registry.opentofu.org", "example", "hello"), temp.Combine("outside", "registry.opentofu.org", "example", "hello"));
        using var source = Open(temp.Combine("mirror"));

        var ex = await Assert.ThrowsAsync<TofuOciException>(() => source.ListVersionsAsync(Hello));

        Assert.Equal(ErrorIds.UnsafeSymlink, ex.ErrorId);
        Assert.Equal($"\"{temp.Combine("mirror", "registry.opentofu.org", "example", "hello")}\" cannot be read from the provider mirror directory {temp.Combine("mirror")}: it is a symbolic link to {temp.Combine("outside", "registry.opentofu.org", "example", "hello")}, outside the mirror directory. Replace the link with the files it points to.", ex.Message);
    }

    [Fact]
    public async Task A_version_json_url_leaving_the_directory_is_refused()
    {
        using var temp = new TempDirectory();
        await ProviderMirrorDirectory.WritePackedAsync(temp.Path, [Two]);
        var json = temp.Combine("registry.opentofu.org", "example", "hello", "2.0.0.json");
        File.WriteAllText(json, File.ReadAllText(json).Replace("\"terraform-provider-hello_2.0.0_linux_amd64.zip\"", "\"../../../../etc/passwd\"", StringComparison.Ordinal));
        using var source = Open(temp.Path);

        var ex = await Assert.ThrowsAsync<TofuOciException>(() => source.ListVersionsAsync(Hello));

        Assert.Equal(ErrorIds.UnsafeSymlink, ex.ErrorId);
        Assert.Contains("it names a parent or current directory", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_package_outside_the_directory_is_never_read()
    {
        using var temp = new TempDirectory();
        await ProviderMirrorDirectory.WritePackedAsync(temp.Combine("mirror"), [Two]);
        File.WriteAllText(temp.Combine("secret.zip"), "secret");
        using var source = Open(temp.Combine("mirror"));
        var outside = new SourcePackage(Linux, "x.zip", temp.Combine("mirror", "..", "secret.zip"), null, []);

        var ex = await Assert.ThrowsAsync<TofuOciException>(() => source.DownloadAsync(outside, new MemoryStream()));

        Assert.Equal(ErrorIds.UnsafeSymlink, ex.ErrorId);
    }

    [Fact]
    public async Task A_provider_missing_from_the_directory_is_ProviderNotFound()
    {
        using var temp = new TempDirectory();
        await ProviderMirrorDirectory.WritePackedAsync(temp.Path, [Two]);
        using var source = Open(temp.Path);

        var ex = await Assert.ThrowsAsync<TofuOciException>(() => source.ListVersionsAsync(ProviderAddress.Parse("example/other")));

        Assert.Equal(ErrorIds.ProviderNotFound, ex.ErrorId);
        Assert.Equal($"Provider registry.opentofu.org/example/other is not offered by {temp.Path}. Check the provider's address and the source.", ex.Message);
    }

    private static IProviderReleaseSource Open(string path) =>
        ProviderSources.Open(new ProviderSourceOptions { Kind = ProviderSourceKind.Directory, Location = path });

    private sealed class Progress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
