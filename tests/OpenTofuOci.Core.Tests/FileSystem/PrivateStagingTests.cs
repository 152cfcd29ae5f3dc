using System.IO.Compression;
using OpenTofuOci.Core.Packages;
using OpenTofuOci.Core.Tests.Wording;
using OpenTofuOci.TestFixtures;

namespace OpenTofuOci.Core.Tests.FileSystem;

/// <summary>
/// Downloads and extractions are staged where only the user can look: a private (0700) directory in
/// the system's temporary directory, made by one helper, and a 0700 directory beside the destination
/// while a zip is being extracted.
/// </summary>
public sealed class PrivateStagingTests
{
    private const string Helper = "PrivateTempDirectory.cs";

    [Fact]
    public void No_source_but_the_private_temp_helper_uses_the_shared_temporary_directory()
    {
        var offenders = new List<string>();
        foreach (var project in new[] { "OpenTofuOci.Core", "OpenTofuOci.Cli", "OpenTofuOci.PowerShell" })
        {
            foreach (var file in SourceWordingTests.Sources(project))
            {
                var text = File.ReadAllText(file);
                if (Path.GetFileName(file) != Helper
                    && new[] { "GetTempPath", "GetTempFileName", "CreateTempSubdirectory" }.Any(api => text.Contains(api, StringComparison.Ordinal)))
                {
                    offenders.Add(Path.GetRelativePath(SourceWordingTests.Root, file));
                }
            }
        }

        Assert.Empty(offenders);
    }

    [Fact]
    public void A_private_temp_directory_is_0700_in_the_system_temp_directory_and_removed_with_its_files_on_dispose()
    {
        string path;
        using (var scratch = Core.FileSystem.PrivateTempDirectory.Create())
        {
            path = scratch.Path;
            File.WriteAllText(scratch.Combine("module.zip"), "x");

            Assert.Equal(Path.TrimEndingDirectorySeparator(Path.GetTempPath()), Path.GetDirectoryName(path));
            Assert.StartsWith("tofu-oci.tmp-", Path.GetFileName(path), StringComparison.Ordinal);
            Assert.Equal(path, Path.GetDirectoryName(scratch.Combine("module.zip")));
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(path));
            }
        }

        Assert.False(Directory.Exists(path));
    }

    [Fact]
    public async Task The_staging_directory_beside_the_destination_is_0700_while_the_zip_is_extracted()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var work = new TempDirectory();
        var zip = work.Combine("p.zip");
        using (var archive = ZipFile.Open(zip, ZipArchiveMode.Create))
        {
            using var entry = archive.CreateEntry("big.bin", CompressionLevel.NoCompression).Open();
            entry.Write(new byte[4 << 20]);
        }

        var parent = work.Combine("plugins");
        Directory.CreateDirectory(parent);
        var seen = new List<string>();
        await using (var source = new WatchingStream(File.OpenRead(zip), 1 << 20, () =>
        {
            foreach (var dir in Directory.EnumerateDirectories(parent))
            {
                if (!OperatingSystem.IsWindows())
                {
                    seen.Add(Path.GetFileName(dir)[..4] + " " + Convert.ToString((int)File.GetUnixFileMode(dir), 8));
                }
            }
        }))
        {
            await SafeZipExtractor.ExtractAsync(source, Path.Combine(parent, "pkg"));
        }

        Assert.Equal([".pkg 700"], seen);
        Assert.Equal(["pkg"], Directory.EnumerateFileSystemEntries(parent).Select(Path.GetFileName));
        Assert.Equal(0, (int)File.GetUnixFileMode(Path.Combine(parent, "pkg")) & 0x12); // never group/other-writable
    }

    /// <summary>Calls <paramref name="look"/> once, when reading passes <paramref name="at"/> bytes (mid-extraction).</summary>
    private sealed class WatchingStream(Stream inner, long at, Action look) : Stream
    {
        private long _read;
        private bool _looked;

        public override bool CanRead => true;
        public override bool CanSeek => true;
        public override bool CanWrite => false;
        public override long Length => inner.Length;

        public override long Position { get => inner.Position; set => inner.Position = value; }

        public override int Read(byte[] buffer, int offset, int count) => Watch(inner.Read(buffer, offset, count));

        public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Watch(await inner.ReadAsync(buffer.AsMemory(offset, count), cancellationToken));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Watch(await inner.ReadAsync(buffer, cancellationToken));

        public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);

        public override void Flush() { }

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }

        private int Watch(int read)
        {
            _read += read;
            if (!_looked && _read > at)
            {
                _looked = true;
                look();
            }

            return read;
        }
    }
}
