using System.Diagnostics;
using System.IO.Compression;
using OpenTofuOci.TestFixtures;

namespace OpenTofuOci.Core.Tests.Native;

/// <summary>
/// The deflate bomb end to end: a provider zip holding one 4 GiB file of zeros (about 4 MB on the
/// wire) published to an OCI layout; the native tofu-oci refuses to install or lock it within
/// seconds, names the entry, the limit and the variable that raises it, and writes nothing.
/// </summary>
[Collection(NativeCliGroup.Name)]
public sealed class NativeZipBombTests(NativeCliFixture native)
{
    private const string Refusal = "entry \"terraform-provider-bomb_v1.0.0\" expands more than 100 times its compressed size, as only a zip bomb does. " +
        "Nothing was extracted; if the package is genuine, raise TOFU_OCI_MAX_EXTRACT_RATIO (default 100).";

    [Fact]
    public void A_4_GiB_zero_bomb_is_refused_quickly_by_install_and_lock_and_nothing_is_written()
    {
        using var work = new TempDirectory();
        var release = work.Combine("dist");
        Directory.CreateDirectory(release);
        var zipName = TestFixtures.ReleaseFiles.FileName("bomb", "1.0.0", "linux_amd64");
        var zip = Path.Combine(release, zipName);
        WriteZeroBomb(zip, "terraform-provider-bomb_v1.0.0", 4L << 30);
        Assert.True(new FileInfo(zip).Length < 8_000_000, $"{new FileInfo(zip).Length} bytes");
        File.WriteAllText(Path.Combine(release, "terraform-provider-bomb_1.0.0_SHA256SUMS"), $"{ReleaseFiles.Sha256Hex(zip)}  {zipName}\n");
        var layout = "oci-layout:" + work.Combine("layout");
        var published = native.Invoke("provider", "publish", release, "--repository", layout);
        Assert.True(published.ExitCode == 0, published.Error);

        var clock = Stopwatch.StartNew();
        var install = native.Invoke("provider", "install", "example/bomb", "--repository", layout, "--platform", "linux_amd64",
            "--destination", work.Combine("plugins"), "--lock-file", work.Combine(".terraform.lock.hcl"));
        var lockRun = native.Invoke("provider", "lock", "example/bomb", "--repository", layout, "--platform", "linux_amd64",
            "--lock-file", work.Combine("other.lock.hcl"));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), clock.Elapsed.ToString());
        Assert.Equal(1, install.ExitCode);
        Assert.Contains(Refusal, install.Error, StringComparison.Ordinal);
        Assert.Contains("[ArchiveTooLarge]", install.Error, StringComparison.Ordinal);
        Assert.Equal(1, lockRun.ExitCode);
        Assert.Contains(Refusal, lockRun.Error, StringComparison.Ordinal);
        Assert.Equal([], Directory.Exists(work.Combine("plugins")) ? Directory.GetFileSystemEntries(work.Combine("plugins"), "*", SearchOption.AllDirectories) : []);
        Assert.False(File.Exists(work.Combine(".terraform.lock.hcl")));
        Assert.False(File.Exists(work.Combine("other.lock.hcl")));
        Assert.Equal(["dist", "layout"], Directory.GetFileSystemEntries(work.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    /// <summary>Streams <paramref name="size"/> zeros through deflate into a one-entry zip (ZIP64 past 4 GiB).</summary>
    private static void WriteZeroBomb(string path, string entryName, long size)
    {
        using var archive = ZipFile.Open(path, ZipArchiveMode.Create);
        var entry = archive.CreateEntry(entryName, CompressionLevel.Optimal);
        entry.ExternalAttributes = 0x81ED << 16;
        using var content = entry.Open();
        var zeros = new byte[4 << 20];
        for (long written = 0; written < size; written += zeros.Length)
        {
            content.Write(zeros);
        }
    }
}
