using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Providers;
using OpenTofuOci.Core.Providers.Publishing;
using OpenTofuOci.Core.Tests.Fixtures;

namespace OpenTofuOci.Core.Tests.Providers.Publishing;

public sealed class ProviderReleaseScannerTests
{
    private static readonly string[] ThreePlatforms = ["windows_amd64", "linux_arm64", "linux_amd64"];

    private static Task<ProviderRelease> Scan(IEnumerable<string> paths, string? version = null) =>
        ProviderReleaseScanner.ScanAsync(ProviderReleaseFile.FromPaths(paths), version);

    [Fact]
    public async Task A_directory_gives_type_version_and_sorted_platforms_with_the_zip_sha256()
    {
        using var dir = new TempDirectory();
        var zips = ReleaseFiles.Write(dir.Path, "foo-bar", "1.2.3-beta.1", ThreePlatforms);
        File.WriteAllText(dir.Combine("terraform-provider-foo-bar_1.2.3-beta.1_SHA256SUMS.sig"), "signature, ignored");

        var release = await Scan([dir.Path]);

        Assert.Equal("foo-bar", release.Type);
        Assert.Equal("1.2.3-beta.1", release.Version.ToString());
        Assert.Equal("1.2.3-beta.1", release.Tag);
        Assert.Equal(["linux_amd64", "linux_arm64", "windows_amd64"], release.Packages.Select(p => p.Platform.ToString()));
        foreach (var p in release.Packages)
        {
            var path = zips.Single(z => z.EndsWith(p.Platform + ".zip", StringComparison.Ordinal));
            Assert.Equal("zh:" + ReleaseFiles.Sha256Hex(path), p.ZipHash);
            Assert.Equal(new FileInfo(path).Length, p.Size);
        }

        Assert.EndsWith("terraform-provider-foo-bar_1.2.3-beta.1_SHA256SUMS", release.ChecksumsFile, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Explicit_files_without_checksums_are_accepted()
    {
        using var dir = new TempDirectory();
        var zips = ReleaseFiles.Write(dir.Path, "aws", "5.0.0", ["linux_amd64", "darwin_arm64"], sums: false);
        var release = await Scan(zips);
        Assert.Null(release.ChecksumsFile);
        Assert.Equal(["darwin_arm64", "linux_amd64"], release.Packages.Select(p => p.Platform.ToString()));
    }

    [Fact]
    public async Task Build_metadata_is_tagged_with_underscore()
    {
        using var dir = new TempDirectory();
        ReleaseFiles.Write(dir.Path, "aws", "1.0.2+foo.1", ["linux_amd64"]);
        var release = await Scan([dir.Path]);
        Assert.Equal("1.0.2+foo.1", release.Version.ToString());
        Assert.Equal("1.0.2_foo.1", release.Tag);
    }

    [Fact]
    public async Task A_zip_that_does_not_match_SHA256SUMS_is_named()
    {
        using var dir = new TempDirectory();
        var zips = ReleaseFiles.Write(dir.Path, "aws", "1.0.0", ["linux_amd64", "linux_arm64"]);
        File.WriteAllBytes(zips[1], ReleaseFiles.Zip("aws", "1.0.0", "linux_arm64", salt: "tampered"));

        var ex = await Assert.ThrowsAsync<TofuOciException>(() => Scan([dir.Path]));
        Assert.Equal(ErrorIds.ChecksumMismatch, ex.ErrorId);
        Assert.Equal(zips[1], ex.Target);
        Assert.Contains(ReleaseFiles.Sha256Hex(zips[1]), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_zip_missing_from_SHA256SUMS_is_refused()
    {
        using var dir = new TempDirectory();
        ReleaseFiles.Write(dir.Path, "aws", "1.0.0", ["linux_amd64"]);
        var extra = dir.Combine(ReleaseFiles.FileName("aws", "1.0.0", "linux_arm64"));
        File.WriteAllBytes(extra, ReleaseFiles.Zip("aws", "1.0.0", "linux_arm64"));

        var ex = await Assert.ThrowsAsync<TofuOciException>(() => Scan([dir.Path]));
        Assert.Equal(ErrorIds.ChecksumMismatch, ex.ErrorId);
        Assert.Equal(extra, ex.Target);
        Assert.Contains("is not listed", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mixed_versions_are_refused_listing_both()
    {
        using var dir = new TempDirectory();
        var a = ReleaseFiles.Write(dir.Path, "aws", "1.0.0", ["linux_amd64"], sums: false);
        var b = ReleaseFiles.Write(dir.Path, "aws", "1.0.1", ["linux_arm64"], sums: false);
        var ex = await Assert.ThrowsAsync<TofuOciException>(() => Scan([.. a, .. b]));
        Assert.Equal(ErrorIds.InvalidProviderRelease, ex.ErrorId);
        Assert.Contains("mix versions: 1.0.0 (terraform-provider-aws_1.0.0_linux_amd64.zip); 1.0.1 (terraform-provider-aws_1.0.1_linux_arm64.zip)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mixed_types_are_refused()
    {
        using var dir = new TempDirectory();
        var a = ReleaseFiles.Write(dir.Path, "aws", "1.0.0", ["linux_amd64"], sums: false);
        var b = ReleaseFiles.Write(dir.Path, "aws-extra", "1.0.0", ["linux_arm64"], sums: false);
        var ex = await Assert.ThrowsAsync<TofuOciException>(() => Scan([.. a, .. b]));
        Assert.Equal(ErrorIds.InvalidProviderRelease, ex.ErrorId);
        Assert.Contains("mix provider types", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_platform_twice_is_refused()
    {
        using var one = new TempDirectory();
        using var two = new TempDirectory();
        var a = ReleaseFiles.Write(one.Path, "aws", "1.0.0", ["linux_amd64"], sums: false);
        var b = ReleaseFiles.Write(two.Path, "aws", "1.0.0", ["linux_amd64"], sums: false, salt: "x");
        var ex = await Assert.ThrowsAsync<TofuOciException>(() => Scan([.. a, .. b]));
        Assert.Equal(ErrorIds.InvalidProviderRelease, ex.ErrorId);
        Assert.Contains("Platform linux_amd64 is given twice", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("terraform-provider-aws_v1.0.0_linux_amd64.zip")]
    [InlineData("terraform-provider-aws_1.0.0_linux.zip")]
    [InlineData("terraform-provider-AWS_1.0.0_linux_amd64.zip")]
    [InlineData("provider-aws_1.0.0_linux_amd64.zip")]
    [InlineData("notes.txt")]
    public async Task A_file_that_is_not_a_release_zip_is_refused(string name)
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.Combine(name), ReleaseFiles.Zip("aws", "1.0.0", "linux_amd64"));
        var ex = await Assert.ThrowsAsync<TofuOciException>(() => Scan([dir.Combine(name)]));
        Assert.Equal(ErrorIds.InvalidProviderRelease, ex.ErrorId);
        Assert.Equal(dir.Combine(name), ex.Target);
    }

    [Fact]
    public async Task A_directory_without_release_zips_is_refused()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.Combine("README.md"), "nothing here");
        var ex = await Assert.ThrowsAsync<TofuOciException>(() => Scan([dir.Path]));
        Assert.Equal(ErrorIds.InvalidProviderRelease, ex.ErrorId);
        Assert.StartsWith("No provider release zips were found", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_that_is_not_a_zip_is_refused()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine(ReleaseFiles.FileName("aws", "1.0.0", "linux_amd64"));
        File.WriteAllText(path, "<html>404</html>");
        var ex = await Assert.ThrowsAsync<TofuOciException>(() => Scan([path]));
        Assert.Equal(ErrorIds.InvalidArchive, ex.ErrorId);
    }

    [Fact]
    public async Task The_version_asked_for_must_be_the_files_version()
    {
        using var dir = new TempDirectory();
        ReleaseFiles.Write(dir.Path, "aws", "1.0.0", ["linux_amd64"]);
        Assert.Equal("1.0.0", (await Scan([dir.Path], "1.0")).Version.ToString());
        var ex = await Assert.ThrowsAsync<TofuOciException>(() => Scan([dir.Path], "1.0.1"));
        Assert.Equal(ErrorIds.InvalidProviderRelease, ex.ErrorId);
        Assert.Contains("version 1.0.1 was asked for", ex.Message, StringComparison.Ordinal);
        var bad = await Assert.ThrowsAsync<TofuOciException>(() => Scan([dir.Path], "v1"));
        Assert.Equal(ErrorIds.InvalidArgument, bad.ErrorId);
    }

    [Fact]
    public void A_missing_path_is_NotFound()
    {
        using var dir = new TempDirectory();
        var ex = Assert.Throws<TofuOciException>(() => ProviderReleaseFile.FromPaths([dir.Combine("absent")]));
        Assert.Equal(ErrorIds.NotFound, ex.ErrorId);
    }
}
