using System.Security.Cryptography;
using System.Text;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci;
using OpenTofuOci.Core.Packages;
using OpenTofuOci.Core.Tests.Fixtures;

namespace OpenTofuOci.Core.Tests.Packages;

public sealed class PackageHashTests
{
    [Theory]
    [InlineData("h1:abc=", "h1", "abc=")]
    [InlineData("zh:0123", "zh", "0123")]
    [InlineData("x:", "x", "")]
    [InlineData("future:a:b", "future", "a:b")]
    public void Parse_splits_at_the_first_colon(string text, string scheme, string value)
    {
        var hash = PackageHash.Parse(text);
        Assert.Equal(scheme, hash.Scheme);
        Assert.Equal(value, hash.Value);
        Assert.Equal(text, hash.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData(":abc")]
    [InlineData("noscheme")]
    public void Parse_rejects_a_missing_scheme(string text)
    {
        var ex = Assert.Throws<TofuOciException>(() => PackageHash.Parse(text));
        Assert.Equal(ErrorIds.InvalidPackageHash, ex.ErrorId);
        Assert.False(PackageHash.TryParse(text, out _));
    }

    [Fact]
    public void Preferred_keeps_only_H1_and_Zh_in_input_order()
    {
        var hashes = new[] { "zh:1", "md5:2", "h1:3", "H1:4", "h2:5" }.Select(PackageHash.Parse);
        Assert.Equal(["zh:1", "h1:3"], PackageHash.Preferred(hashes).Select(h => h.ToString()));
    }

    [Fact]
    public void Unknown_schemes_never_match_even_themselves()
    {
        var unknown = PackageHash.Parse("md5:abc");
        Assert.False(unknown.Matches(unknown));
        Assert.True(PackageHash.Parse("h1:x").Matches(PackageHash.Parse("h1:x")));
        Assert.False(PackageHash.Parse("h1:x").Matches(PackageHash.Parse("zh:x")));
    }

    [Fact]
    public void UTF8_order_puts_private_use_before_astral_unlike_UTF16_order()
    {
        const string privateUse = "\uE000";
        const string emoji = "\U0001F600";
        Assert.True(string.CompareOrdinal(privateUse, emoji) > 0);
        Assert.True(Utf8NameComparer.Instance.Compare(privateUse, emoji) < 0);
        Assert.True(Utf8NameComparer.Instance.Compare("Z", "a") < 0);
        Assert.True(Utf8NameComparer.Instance.Compare("a/b", "a.b") > 0);
    }

    [Fact]
    public async Task Empty_directory_has_the_empty_package_hash()
    {
        using var temp = new TempDirectory();
        Directory.CreateDirectory(temp.Combine("only", "empty", "dirs"));
        Assert.Equal("h1:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=", (await DirHash.HashDirectoryAsync(temp.Path)).ToString());
        Assert.Equal(PackageHash.EmptyH1, await DirHash.HashDirectoryAsync(temp.Path));
    }

    [Fact]
    public async Task H1_is_the_SHA256_of_the_summary_lines()
    {
        // By hand, from the rule in docs/opentofu-compatibility.md §2.2, independent of Go.
        using var temp = new TempDirectory();
        File.WriteAllText(temp.Combine("b"), "bee\n");
        Directory.CreateDirectory(temp.Combine("a"));
        File.WriteAllText(temp.Combine("a", "c"), "sea\n");
        static string Hex(string s) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(s))).ToLowerInvariant();
        var summary = $"{Hex("sea\n")}  a/c\n{Hex("bee\n")}  b\n";
        var expected = "h1:" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(summary)));
        Assert.Equal(expected, (await DirHash.HashDirectoryAsync(temp.Path)).ToString());
    }

    [Fact]
    public async Task Newline_in_a_name_is_an_error_as_in_Go()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var temp = new TempDirectory();
        File.WriteAllText(temp.Combine("bad\nname"), "x");
        var ex = await Assert.ThrowsAsync<TofuOciException>(() => DirHash.HashDirectoryAsync(temp.Path));
        Assert.Equal(ErrorIds.PackageHashFailed, ex.ErrorId);
        Assert.StartsWith("dirhash: filenames with newlines are not supported", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Symlink_to_a_directory_fails_like_Go()
    {
        using var temp = new TempDirectory();
        Directory.CreateDirectory(temp.Combine("real"));
        File.WriteAllText(temp.Combine("real", "f"), "x");
        Directory.CreateSymbolicLink(temp.Combine("link"), "real");
        var ex = await Assert.ThrowsAsync<TofuOciException>(() => DirHash.HashDirectoryAsync(temp.Path));
        Assert.Equal(ErrorIds.PackageHashFailed, ex.ErrorId);
    }

    [Fact]
    public async Task Symlinked_root_is_resolved()
    {
        using var temp = new TempDirectory();
        HashFixtures.WriteFiles(Directory.CreateDirectory(temp.Combine("real")).FullName, HashFixtures.Files);
        Directory.CreateSymbolicLink(temp.Combine("alias"), temp.Combine("real"));
        Assert.Equal(await DirHash.HashDirectoryAsync(temp.Combine("real")), await DirHash.HashDirectoryAsync(temp.Combine("alias")));
    }

    [Fact]
    public async Task Zip_hash_is_the_SHA256_of_the_file_bytes()
    {
        using var temp = new TempDirectory();
        var zip = RawZip.Write(temp.Combine("p.zip"), HashFixtures.Files);
        var hex = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(zip))).ToLowerInvariant();
        Assert.Equal("zh:" + hex, (await ZipHash.ComputeAsync(zip)).ToString());
        Assert.Equal("zh:" + hex, ZipHash.FromDigest(Digest.Parse("sha256:" + hex)).ToString());
    }

    [Fact]
    public async Task Hash_of_an_extracted_zip_equals_the_zips_only_without_directory_entries()
    {
        using var temp = new TempDirectory();
        var plain = RawZip.Write(temp.Combine("plain.zip"), HashFixtures.Files);
        var withDirs = RawZip.Write(temp.Combine("dirs.zip"), HashFixtures.WithDirectories);
        await SafeZipExtractor.ExtractAsync(plain, temp.Combine("plain"));
        await SafeZipExtractor.ExtractAsync(withDirs, temp.Combine("dirs"));

        var plainDir = await DirHash.HashDirectoryAsync(temp.Combine("plain"));
        Assert.Equal(await DirHash.HashZipAsync(plain), plainDir);
        // docs/opentofu-compatibility.md §8.15: the lock records the directory's h1, which differs from HashZip when the zip has directory entries.
        Assert.Equal(plainDir, await DirHash.HashDirectoryAsync(temp.Combine("dirs")));
        Assert.NotEqual(await DirHash.HashZipAsync(withDirs), plainDir);
    }

    [Fact]
    public async Task Not_a_zip_is_InvalidArchive()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.Combine("x.zip"), "this is not a zip");
        var ex = await Assert.ThrowsAsync<TofuOciException>(() => DirHash.HashZipAsync(temp.Combine("x.zip")));
        Assert.Equal(ErrorIds.InvalidArchive, ex.ErrorId);
    }
}
