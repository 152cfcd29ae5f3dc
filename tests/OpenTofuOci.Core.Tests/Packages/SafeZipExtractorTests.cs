using System.IO.Compression;
using System.Text;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Packages;
using OpenTofuOci.Core.Tests.Fixtures;
using static OpenTofuOci.Core.Tests.Packages.RawEntry;

namespace OpenTofuOci.Core.Tests.Packages;

public sealed class SafeZipExtractorTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private string Parent => _temp.Combine("parent");

    private string Destination => Path.Combine(Parent, "pkg");

    [Theory]
    [InlineData("../evil")]
    [InlineData("a/../../evil")]
    [InlineData("..\\evil")]
    [InlineData("a\\..\\..\\evil")]
    [InlineData("/abs")]
    [InlineData("\\abs")]
    [InlineData("C:x")]
    [InlineData("C:/x")]
    [InlineData("c:\\x")]
    [InlineData("a\\b")]
    [InlineData("a\0b")]
    [InlineData("a\u0001b")]
    [InlineData("a\nb")]
    [InlineData("a//b")]
    [InlineData("./a")]
    [InlineData("a/./b")]
    [InlineData("file:stream")]
    [InlineData("CON")]
    [InlineData("sub/nul.txt")]
    [InlineData("dir./x")]
    [InlineData("trailing ")]
    [InlineData("")]
    public async Task Hostile_names_are_refused_and_nothing_is_left(string name)
    {
        await AssertRefusedAsync([Text("ok.txt", "ok"), Text(name, "evil")], ErrorIds.UnsafeArchiveEntry, name);
    }

    [Theory]
    [InlineData("a.txt", "a.txt")]
    [InlineData("a.txt", "A.TXT")]
    [InlineData("dir/x", "DIR/y")]
    [InlineData("a", "a/b")]
    [InlineData("a/b", "a")]
    [InlineData("a/", "a")]
    [InlineData("a", "a/")]
    [InlineData("d/", "d/")]
    public async Task Colliding_names_are_refused(string first, string second)
    {
        RawEntry Make(string n) => n.EndsWith('/') ? Directory(n) : Text(n, n);
        await AssertRefusedAsync([Make(first), Make(second)], ErrorIds.UnsafeArchiveEntry, second);
    }

    [Theory]
    [InlineData("link", "/etc/passwd")]
    [InlineData("link", "../outside")]
    [InlineData("sub/link", "../../outside")]
    [InlineData("link", "sub/../../outside")]
    [InlineData("link", "C:\\Windows")]
    [InlineData("link", "..\\outside")]
    [InlineData("link", "")]
    public async Task Symlinks_leaving_the_package_are_refused(string name, string target)
    {
        await AssertRefusedAsync([Text("sub/f", "f"), Symlink(name, target)], ErrorIds.UnsafeArchiveEntry, name);
    }

    [Fact]
    public async Task Symlinks_inside_the_package_become_files_holding_the_target_like_OpenTofu()
    {
        var zip = RawZip.Write(_temp.Combine("p.zip"), [Text("target.txt", "t"), Symlink("sub/link", "../target.txt")]);
        await SafeZipExtractor.ExtractAsync(zip, Destination);
        var link = new FileInfo(Path.Combine(Destination, "sub", "link"));
        Assert.Null(link.LinkTarget);
        Assert.Equal("../target.txt", File.ReadAllText(link.FullName));
        Assert.Equal(await DirHash.HashZipAsync(zip), await DirHash.HashDirectoryAsync(Destination));
    }

    [Fact]
    public async Task Devices_and_pipes_are_refused()
    {
        await AssertRefusedAsync([new RawEntry("fifo", [], 0x11A4, Deflate: false)], ErrorIds.UnsafeArchiveEntry, "fifo");
    }

    [Fact]
    public async Task EmptyArchive_is_refused()
    {
        var ex = await AssertRefusedAsync([], ErrorIds.EmptyArchive, null);
        Assert.StartsWith("empty archive", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Not_a_zip_is_InvalidArchive()
    {
        File.WriteAllText(_temp.Combine("x.zip"), "PK but not really");
        var ex = await Assert.ThrowsAsync<TofuOciException>(() => SafeZipExtractor.ExtractAsync(_temp.Combine("x.zip"), Destination));
        Assert.Equal(ErrorIds.InvalidArchive, ex.ErrorId);
        Assert.False(System.IO.Directory.Exists(Destination));
    }

    [Fact]
    public async Task Too_many_entries_are_refused()
    {
        await AssertRefusedAsync([Text("a", "a"), Text("b", "b"), Text("c", "c")], ErrorIds.ArchiveTooLarge, null,
            new ZipExtractionOptions { MaxEntries = 2 });
    }

    [Fact]
    public async Task Zip_bomb_is_stopped_early_with_flat_memory()
    {
        const long bombSize = 200L * 1024 * 1024;
        var zip = _temp.Combine("bomb.zip");
        using (var archive = ZipFile.Open(zip, ZipArchiveMode.Create))
        {
            foreach (var name in new[] { "small.txt", "zeros.bin" })
            {
                using var entry = archive.CreateEntry(name, CompressionLevel.Fastest).Open();
                var zeros = new byte[1024 * 1024];
                for (long i = 0; i < (name == "small.txt" ? 1 : bombSize / zeros.Length); i++)
                {
                    entry.Write(zeros);
                }
            }
        }

        Assert.True(new FileInfo(zip).Length < 2 * 1024 * 1024, "the bomb compresses to under 2 MB");
        System.IO.Directory.CreateDirectory(Parent);
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var ex = await Assert.ThrowsAsync<TofuOciException>(() =>
            SafeZipExtractor.ExtractAsync(zip, Destination, new ZipExtractionOptions { MaxTotalBytes = 10 * 1024 * 1024 }));
        allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        Assert.Equal(ErrorIds.ArchiveTooLarge, ex.ErrorId);
        Assert.True(allocated < 16 * 1024 * 1024, $"allocated {allocated} bytes");
        Assert.Empty(System.IO.Directory.EnumerateFileSystemEntries(Parent));
    }

    [Fact]
    public async Task The_limit_counts_real_bytes_when_headers_are_honest_but_large()
    {
        // Each entry is under the limit; together they are not. The check happens before writing.
        var big = new byte[600_000];
        await AssertRefusedAsync([new RawEntry("a", big), new RawEntry("b", big)], ErrorIds.ArchiveTooLarge, null,
            new ZipExtractionOptions { MaxTotalBytes = 1_000_000 });
    }

    [Fact]
    public async Task Header_that_understates_the_size_is_caught_while_streaming()
    {
        // The central directory claims 1 000 bytes; the deflated data holds 50 MB of zeros.
        var bytes = RawZip.Build([new RawEntry("bomb.bin", new byte[50 * 1024 * 1024])]);
        var central = bytes.AsSpan().LastIndexOf("PK\u0001\u0002"u8);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(central + 24), 1000);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(22), 1000);
        File.WriteAllBytes(_temp.Combine("liar.zip"), bytes);
        System.IO.Directory.CreateDirectory(Parent);
        var ex = await Assert.ThrowsAsync<TofuOciException>(() =>
            SafeZipExtractor.ExtractAsync(_temp.Combine("liar.zip"), Destination, new ZipExtractionOptions { MaxTotalBytes = 10_000 }));
        Assert.Equal(ErrorIds.InvalidArchive, ex.ErrorId);
        Assert.Equal("bomb.bin", ex.Target);
        Assert.Empty(System.IO.Directory.EnumerateFileSystemEntries(Parent));
    }

    [Fact]
    public async Task A_large_entry_copied_on_two_threads_has_exactly_its_bytes_and_the_same_h1_as_the_directory()
    {
        // Above OverlappedCopy.Threshold, so inflating and writing run on separate threads.
        var content = new byte[(int)OverlappedCopy.Threshold * 3 + 12345];
        new Random(7).NextBytes(content.AsSpan(0, content.Length / 2));
        var zip = RawZip.Write(_temp.Combine("big.zip"), [new RawEntry("big.bin", content), Text("small.txt", "s")]);

        var result = await SafeZipExtractor.ExtractAsync(zip, Destination, ZipExtractionOptions.ForProviders with { ComputeH1 = true });

        Assert.Equal(content, await File.ReadAllBytesAsync(Path.Combine(Destination, "big.bin")));
        Assert.Equal((2, content.Length + 1L), (result.FileCount, result.TotalBytes));
        Assert.Equal(await DirHash.HashDirectoryAsync(Destination), result.H1);
    }

    [Fact]
    public async Task A_large_entry_whose_crc_is_forged_fails_as_InvalidArchive_from_the_reading_thread_and_leaves_nothing()
    {
        var bytes = RawZip.Build([new RawEntry("big.bin", new byte[(int)OverlappedCopy.Threshold * 2])]);
        var central = bytes.AsSpan().LastIndexOf("PK\u0001\u0002"u8);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(central + 16), 0xDEADBEEF);
        File.WriteAllBytes(_temp.Combine("forged.zip"), bytes);
        System.IO.Directory.CreateDirectory(Parent);

        var ex = await Assert.ThrowsAsync<TofuOciException>(() => SafeZipExtractor.ExtractAsync(_temp.Combine("forged.zip"), Destination));

        Assert.Equal((ErrorIds.InvalidArchive, "big.bin"), (ex.ErrorId, ex.Target));
        Assert.Contains("does not match its checksum or size", ex.Message, StringComparison.Ordinal);
        Assert.Empty(System.IO.Directory.EnumerateFileSystemEntries(Parent));
    }

    [Fact]
    public async Task Executable_bit_is_kept()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var zip = RawZip.Write(_temp.Combine("p.zip"),
            [Text("terraform-provider-foo", "bin", 0x81ED), Text("README", "r", 0x81A4), Text("fat.txt", "made on Windows", 0), Text("locked", "l", 0x8100)]);
        var result = await SafeZipExtractor.ExtractAsync(zip, Destination);
        Assert.Equal(4, result.FileCount);
        var exe = File.GetUnixFileMode(Path.Combine(Destination, "terraform-provider-foo"));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead
            | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute, exe);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
            File.GetUnixFileMode(Path.Combine(Destination, "README")));
        Assert.Equal(0, (int)(File.GetUnixFileMode(Path.Combine(Destination, "fat.txt")) & UnixFileMode.UserExecute));
        // A mode without owner read/write still leaves a file we can hash and replace.
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(Destination, "locked")));
    }

    [Fact]
    public async Task Extracts_files_directories_and_non_ascii_names()
    {
        var zip = RawZip.Write(_temp.Combine("p.zip"), [.. HashFixtures.WithDirectories, Directory("empty-dir/")]);
        var result = await SafeZipExtractor.ExtractAsync(zip, Destination);
        Assert.Equal(Path.GetFullPath(Destination), result.Destination);
        Assert.Equal(HashFixtures.Files.Count, result.FileCount);
        Assert.Equal(HashFixtures.Files.Sum(f => f.Content.Length), result.TotalBytes);
        Assert.True(System.IO.Directory.Exists(Path.Combine(Destination, "empty-dir")));
        Assert.Equal("chinese\n", File.ReadAllText(Path.Combine(Destination, "\u4e2d\u6587", "\u540d\u5b57.txt")));
        Assert.Equal([Path.GetFileName(Destination)], System.IO.Directory.EnumerateFileSystemEntries(Parent).Select(Path.GetFileName));
    }

    [Fact]
    public async Task H1_computed_while_extracting_equals_hash_of_the_extracted_directory()
    {
        // Nested directories, non-ASCII names (UTF-8 byte order), an empty file, a symlink written
        // as a file, an explicit empty directory, and content larger than one buffer.
        var big = new byte[300_000];
        new Random(7).NextBytes(big);
        var zip = RawZip.Write(_temp.Combine("p.zip"),
        [
            .. HashFixtures.WithDirectories, Directory("empty-dir/"), Text("z/y/x/deep.txt", "deep"), Text("B", ""),
            new RawEntry("bin/big", big, 0x81ED), Symlink("z/link", "../B"), Text("a-b", "dash"), Text("a/b", "slash"),
        ]);

        var result = await SafeZipExtractor.ExtractAsync(zip, Destination, new ZipExtractionOptions { ComputeH1 = true });

        Assert.NotNull(result.H1);
        Assert.Equal(await DirHash.HashDirectoryAsync(Destination), result.H1);
        Assert.Null((await SafeZipExtractor.ExtractAsync(zip, _temp.Combine("other"))).H1);

        // And when replacing an existing, different directory.
        var replaced = await SafeZipExtractor.ExtractAsync(RawZip.Write(_temp.Combine("q.zip"), [Text("only/one.txt", "1")]), Destination,
            new ZipExtractionOptions { ComputeH1 = true, Overwrite = true });
        Assert.Equal(await DirHash.HashDirectoryAsync(Destination), replaced.H1);
    }

    [Fact]
    public async Task Existing_non_empty_destination_is_kept_unless_overwriting()
    {
        System.IO.Directory.CreateDirectory(Destination);
        File.WriteAllText(Path.Combine(Destination, "old.txt"), "old");
        var zip = RawZip.Write(_temp.Combine("p.zip"), [Text("new.txt", "new")]);

        var ex = await Assert.ThrowsAsync<TofuOciException>(() => SafeZipExtractor.ExtractAsync(zip, Destination));
        Assert.Equal(ErrorIds.DestinationExists, ex.ErrorId);
        Assert.Equal(ErrorKind.ResourceExists, ex.Kind);
        Assert.True(File.Exists(Path.Combine(Destination, "old.txt")));

        await SafeZipExtractor.ExtractAsync(zip, Destination, new ZipExtractionOptions { Overwrite = true });
        Assert.Equal(["new.txt"], System.IO.Directory.EnumerateFileSystemEntries(Destination).Select(Path.GetFileName));
        Assert.Equal(["pkg"], System.IO.Directory.EnumerateFileSystemEntries(Parent).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Existing_empty_destination_is_filled()
    {
        // Only empty directories inside still counts as empty, as OpenTofu decides by h1:.
        System.IO.Directory.CreateDirectory(Path.Combine(Destination, "stale", "empty"));
        var zip = RawZip.Write(_temp.Combine("p.zip"), [Text("new.txt", "new")]);
        await SafeZipExtractor.ExtractAsync(zip, Destination);
        Assert.Equal(["new.txt"], System.IO.Directory.EnumerateFileSystemEntries(Destination).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Failure_after_writing_started_leaves_nothing_behind()
    {
        // The escaping symlink is only detected once its content is read, after other files were written.
        System.IO.Directory.CreateDirectory(Parent);
        var zip = RawZip.Write(_temp.Combine("p.zip"), [Text("a.txt", "a"), Symlink("z", "../../escape")]);
        var ex = await Assert.ThrowsAsync<TofuOciException>(() => SafeZipExtractor.ExtractAsync(zip, Destination));
        Assert.Equal(ErrorIds.UnsafeArchiveEntry, ex.ErrorId);
        Assert.Empty(System.IO.Directory.EnumerateFileSystemEntries(Parent));
    }

    [Fact]
    public async Task Cancellation_mid_extract_leaves_nothing_behind()
    {
        var zip = _temp.Combine("big.zip");
        using (var archive = ZipFile.Open(zip, ZipArchiveMode.Create))
        {
            // Incompressible, so that it is not refused as a bomb before the cancellation.
            using var entry = archive.CreateEntry("big.bin", CompressionLevel.Fastest).Open();
            var chunk = new byte[1024 * 1024];
            var random = new Random(42);
            for (var i = 0; i < 16; i++)
            {
                random.NextBytes(chunk);
                entry.Write(chunk);
            }
        }

        System.IO.Directory.CreateDirectory(Parent);
        using var cts = new CancellationTokenSource();
        await using var source = new CancelAfterReadingStream(File.OpenRead(zip), cts, 100_000);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            SafeZipExtractor.ExtractAsync(source, Destination, cancellationToken: cts.Token));
        Assert.True(source.ReadAfterCancel, "extraction had started when it was cancelled");
        Assert.Empty(System.IO.Directory.EnumerateFileSystemEntries(Parent));
    }

    [Fact]
    public async Task Non_seekable_streams_are_rejected_up_front()
    {
        await using var pipe = new CancelAfterReadingStream(new MemoryStream(), new CancellationTokenSource(), long.MaxValue, seekable: false);
        await Assert.ThrowsAsync<ArgumentException>(() => SafeZipExtractor.ExtractAsync(pipe, Destination));
    }

    private async Task<TofuOciException> AssertRefusedAsync(IEnumerable<RawEntry> entries, string errorId, string? target,
        ZipExtractionOptions? options = null)
    {
        System.IO.Directory.CreateDirectory(Parent);
        File.WriteAllText(Path.Combine(Parent, "neighbour.txt"), "keep");
        var zip = RawZip.Write(_temp.Combine("hostile.zip"), entries);
        var ex = await Assert.ThrowsAsync<TofuOciException>(() => SafeZipExtractor.ExtractAsync(zip, Destination, options));
        Assert.Equal(errorId, ex.ErrorId);
        if (target is not null)
        {
            Assert.Equal(target, ex.Target);
        }

        Assert.Equal(["neighbour.txt"], System.IO.Directory.EnumerateFileSystemEntries(Parent).Select(Path.GetFileName));
        Assert.False(File.Exists(_temp.Combine("evil")) || File.Exists(_temp.Combine("outside")));
        return ex;
    }

    /// <summary>Cancels a token once enough bytes have been read, i.e. in the middle of extraction.</summary>
    private sealed class CancelAfterReadingStream(Stream inner, CancellationTokenSource cts, long limit, bool seekable = true) : Stream
    {
        private long _read;

        public bool ReadAfterCancel { get; private set; }

        public override bool CanRead => true;
        public override bool CanSeek => seekable;
        public override bool CanWrite => false;
        public override long Length => inner.Length;

        public override long Position
        {
            get => inner.Position;
            set => inner.Position = value;
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = inner.Read(buffer, offset, count);
            Count(n);
            return n;
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var n = await inner.ReadAsync(buffer, cancellationToken);
            Count(n);
            return n;
        }

        private void Count(int n)
        {
            _read += n;
            if (_read > limit && !cts.IsCancellationRequested)
            {
                ReadAfterCancel = true;
                cts.Cancel();
            }
        }

        public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);

        public override void Flush()
        {
        }

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
    }
}
