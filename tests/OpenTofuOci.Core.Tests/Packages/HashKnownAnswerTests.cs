using OpenTofuOci.Core.Packages;
using OpenTofuOci.Core.Tests.Fixtures;

namespace OpenTofuOci.Core.Tests.Packages;

/// <summary>
/// h1: answers computed by Go's golang.org/x/mod/sumdb/dirhash (Go 1.19, Debian's
/// golang-golang-x-mod-dev) over exactly the fixtures in <see cref="HashFixtures"/>;
/// regenerate with gohash/README.md.
/// </summary>
public sealed class HashKnownAnswerTests
{
    private static readonly Dictionary<string, string> GoAnswers = new()
    {
        ["deterministic-stored.zip"] = "h1:cpuwgMwM61e5yzk0M7wJPm+X0j7Fk84bPACg/haNuTc=",
        ["deterministic.zip"] = "h1:cpuwgMwM61e5yzk0M7wJPm+X0j7Fk84bPACg/haNuTc=",
        ["duplicates.zip"] = "h1:Bds8ta8kZ1Die1mYx8wtc+e34QEhCj9pu7SaUOMHZDs=",
        ["empty.zip"] = "h1:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=",
        ["one-empty-file.zip"] = "h1:qeRWy81PSQtvM1POcgo/T5uzgbJ/wGDTruTnDuezfz0=",
        ["several"] = "h1:cpuwgMwM61e5yzk0M7wJPm+X0j7Fk84bPACg/haNuTc=",
        ["several-empty-dirs"] = "h1:cpuwgMwM61e5yzk0M7wJPm+X0j7Fk84bPACg/haNuTc=",
        ["several.zip"] = "h1:cpuwgMwM61e5yzk0M7wJPm+X0j7Fk84bPACg/haNuTc=",
        ["symlink.zip"] = "h1:BBIZWHXVIbsmi6ohtYCHwFPdjQZ/u4D4E2/OqcHtxU4=",
        ["symlinked"] = "h1:1J9iASWNCFDt4ZirEvOiSRL4CzqbDNKIVR74rWU9WbA=",
        ["with-dirs.zip"] = "h1:1DaW0V4Ij6mQKm9641oNw6Bwg9/MqyWaIFQUrkbM9dw=",
    };

    [Fact]
    public async Task Our_hashes_equal_Go_for_every_fixture()
    {
        using var temp = new TempDirectory();
        await HashFixtures.WriteAllAsync(temp.Path);
        Assert.NotEmpty(GoAnswers);
        foreach (var (name, expected) in GoAnswers)
        {
            var path = temp.Combine(name);
            var actual = name.EndsWith(".zip", StringComparison.Ordinal)
                ? await DirHash.HashZipAsync(path)
                : await DirHash.HashDirectoryAsync(path);
            Assert.True(expected == actual.ToString(), $"{name}: Go says {expected}, we say {actual}");
        }
    }

    [Fact]
    public async Task Every_fixture_has_a_Go_answer()
    {
        using var temp = new TempDirectory();
        await HashFixtures.WriteAllAsync(temp.Path);
        var written = Directory.EnumerateFileSystemEntries(temp.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal);
        Assert.Equal(written, GoAnswers.Keys.Order(StringComparer.Ordinal));
    }

    /// <summary>Writes the fixtures for gohash when TOFUOCI_WRITE_HASH_FIXTURES names a directory; otherwise does nothing.</summary>
    [Fact]
    public async Task Write_fixtures_for_Go()
    {
        var target = Environment.GetEnvironmentVariable("TOFUOCI_WRITE_HASH_FIXTURES");
        if (string.IsNullOrEmpty(target))
        {
            return;
        }

        Directory.CreateDirectory(target);
        await HashFixtures.WriteAllAsync(target);
    }
}
