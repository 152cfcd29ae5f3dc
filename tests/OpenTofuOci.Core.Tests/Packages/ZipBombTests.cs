using System.Diagnostics;
using System.IO.Compression;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Packages;
using OpenTofuOci.Core.Tests.Fixtures;

namespace OpenTofuOci.Core.Tests.Packages;

/// <summary>
/// Deflate bombs: an entry that expands more than 100 times once it has produced 8 MiB is refused,
/// measured on the bytes really read and really decompressed, by extraction and by h1: hashing
/// alike; the limits can be raised through environment variables the error names.
/// </summary>
public sealed class ZipBombTests : IDisposable
{
    private const long MiB = 1024 * 1024;

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private string Parent => _temp.Combine("parent");

    private string Destination => Path.Combine(Parent, "pkg");

    [Fact]
    public async Task A_64_MiB_entry_of_zeros_is_refused_by_its_ratio_after_8_MiB_and_nothing_is_extracted()
    {
        var zip = Zeros("bomb.zip", "zeros.bin", 64 * MiB);
        Directory.CreateDirectory(Parent);
        var clock = Stopwatch.StartNew();

        var ex = await Assert.ThrowsAsync<TofuOciException>(() => SafeZipExtractor.ExtractAsync(zip, Destination));

        Assert.Equal(ErrorCode.ArchiveTooLarge, ex.Code);
        Assert.Equal($"Refusing to extract {zip}: entry \"zeros.bin\" expands more than 100 times its compressed size, as only a zip bomb does. " +
            "Nothing was extracted; if the package is genuine, raise TOFU_OCI_MAX_EXTRACT_RATIO (default 100).", ex.Message);
        Assert.Equal("zeros.bin", ex.Target);
        Assert.Empty(Directory.EnumerateFileSystemEntries(Parent));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), clock.Elapsed.ToString());
    }

    [Fact]
    public async Task Computing_h1_of_a_bomb_is_refused_the_same_way()
    {
        var zip = Zeros("bomb.zip", "zeros.bin", 64 * MiB);

        var ex = await Assert.ThrowsAsync<TofuOciException>(() => DirHash.HashZipAsync(zip));

        Assert.Equal(ErrorCode.ArchiveTooLarge, ex.Code);
        Assert.Equal($"Refusing to read {zip}: entry \"zeros.bin\" expands more than 100 times its compressed size, as only a zip bomb does. " +
            "Nothing was extracted; if the package is genuine, raise TOFU_OCI_MAX_EXTRACT_RATIO (default 100).", ex.Message);
    }

    [Fact]
    public async Task Zeros_up_to_8_MiB_per_entry_are_not_a_bomb()
    {
        var zip = Zeros("ok.zip", "zeros.bin", 8 * MiB);

        var result = await SafeZipExtractor.ExtractAsync(zip, Destination, new ZipExtractionOptions { ComputeH1 = true });

        Assert.Equal(8 * MiB, new FileInfo(Path.Combine(Destination, "zeros.bin")).Length);
        Assert.Equal(await DirHash.HashZipAsync(zip), result.H1);
    }

    [Fact]
    public async Task The_ratio_and_the_byte_limit_can_be_raised_through_the_environment()
    {
        var zip = Zeros("bomb.zip", "zeros.bin", 64 * MiB);
        var variables = new Dictionary<string, string>
        {
            ["TOFU_OCI_MAX_EXTRACT_RATIO"] = "100000",
            ["TOFU_OCI_MAX_EXTRACT_BYTES"] = "70000000",
            ["TOFU_OCI_MAX_EXTRACT_ENTRIES"] = "3",
        };
        var options = ZipExtractionOptions.FromVariables(n => variables.GetValueOrDefault(n), ZipExtractionOptions.OneGiB);

        Assert.Equal((100_000, 70_000_000L, 3), (options.MaxRatio, options.MaxTotalBytes, options.MaxEntries));
        var result = await SafeZipExtractor.ExtractAsync(zip, Destination, options);
        Assert.Equal(64 * MiB, result.TotalBytes);

        variables["TOFU_OCI_MAX_EXTRACT_BYTES"] = "60000000";
        var lowered = ZipExtractionOptions.FromVariables(n => variables.GetValueOrDefault(n), ZipExtractionOptions.OneGiB);
        var ex = await Assert.ThrowsAsync<TofuOciException>(() => SafeZipExtractor.ExtractAsync(zip, _temp.Combine("again")));
        Assert.Equal(ErrorCode.ArchiveTooLarge, ex.Code);
        ex = await Assert.ThrowsAsync<TofuOciException>(() => SafeZipExtractor.ExtractAsync(zip, _temp.Combine("again"), lowered));
        Assert.Equal($"Refusing to extract {zip}: it has entries that claim more than 60000000 bytes uncompressed. " +
            "Nothing was extracted; if the package is genuine, raise TOFU_OCI_MAX_EXTRACT_BYTES (bytes).", ex.Message);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("lots")]
    [InlineData("")]
    public void Unusable_values_leave_the_defaults(string value)
    {
        var options = ZipExtractionOptions.FromVariables(_ => value, 4 * ZipExtractionOptions.OneGiB);

        Assert.Equal((100, 4 * ZipExtractionOptions.OneGiB, 10_000), (options.MaxRatio, options.MaxTotalBytes, options.MaxEntries));
    }

    [Fact]
    public async Task Too_many_entries_name_the_variable_that_raises_the_limit()
    {
        var zip = _temp.Combine("many.zip");
        using (var archive = ZipFile.Open(zip, ZipArchiveMode.Create))
        {
            foreach (var name in new[] { "a", "b", "c" })
            {
                archive.CreateEntry(name);
            }
        }

        var ex = await Assert.ThrowsAsync<TofuOciException>(() => SafeZipExtractor.ExtractAsync(zip, Destination, new ZipExtractionOptions { MaxEntries = 2 }));

        Assert.Equal($"Refusing to extract {zip}: it has 3 entries, more than the limit of 2. " +
            "Nothing was extracted; if the package is genuine, raise TOFU_OCI_MAX_EXTRACT_ENTRIES.", ex.Message);
        ex = await Assert.ThrowsAsync<TofuOciException>(() => DirHash.HashZipAsync(zip, new ZipExtractionOptions { MaxEntries = 2 }));
        Assert.Equal($"Refusing to read {zip}: it has 3 entries, more than the limit of 2. " +
            "Nothing was extracted; if the package is genuine, raise TOFU_OCI_MAX_EXTRACT_ENTRIES.", ex.Message);
    }

    private string Zeros(string file, string entryName, long size)
    {
        var zip = _temp.Combine(file);
        using var archive = ZipFile.Open(zip, ZipArchiveMode.Create);
        using var entry = archive.CreateEntry(entryName, CompressionLevel.SmallestSize).Open();
        var zeros = new byte[MiB];
        for (long written = 0; written < size; written += zeros.Length)
        {
            entry.Write(zeros);
        }

        return zip;
    }
}
