using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Packages;
using OpenTofuOci.Core.Tests.Fixtures;

namespace OpenTofuOci.Core.Tests.Packages;

public sealed class PackageHashingTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Zip_matches_its_H1_and_Zh_but_not_unknown_schemes()
    {
        var zip = RawZip.Write(_temp.Combine("p.zip"), HashFixtures.Files);
        var h1 = await DirHash.HashZipAsync(zip);
        var zh = await ZipHash.ComputeAsync(zip);
        var other = PackageHash.Parse("h1:AAAA");
        var unknown = PackageHash.Parse("md5:" + zh.Value);
        Assert.Equal([zh, h1], await PackageHashing.MatchingAsync(zip, [other, zh, unknown, h1]));
        Assert.True(await PackageHashing.MatchesAsync(zip, h1));
        Assert.False(await PackageHashing.MatchesAsync(zip, other));
        var ex = await Assert.ThrowsAsync<TofuOciException>(() => PackageHashing.MatchesAsync(zip, unknown));
        Assert.StartsWith("unsupported hash format", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Directory_never_matches_Zh_and_refuses_to_compare_it()
    {
        var dir = Directory.CreateDirectory(_temp.Combine("d")).FullName;
        HashFixtures.WriteFiles(dir, HashFixtures.Files);
        var h1 = await DirHash.HashDirectoryAsync(dir);
        var zh = PackageHash.Parse("zh:00");
        Assert.Equal([h1], await PackageHashing.MatchingAsync(dir, [zh, h1]));
        var ex = await Assert.ThrowsAsync<TofuOciException>(() => PackageHashing.MatchesAsync(dir, zh));
        Assert.Equal(ErrorIds.Unsupported, ex.ErrorId);
        Assert.StartsWith("ziphash scheme (\"zh:\" prefix) is not supported for unpacked provider packages", ex.Message, StringComparison.Ordinal);
    }
}
