using System.IO.Compression;
using System.Security.Cryptography;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Packages;
using OpenTofuOci.Core.Tests.Fixtures;

namespace OpenTofuOci.Core.Tests.Packages;

public sealed class DeterministicZipWriterTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private string Source => _temp.Combine("module");

    private static async Task<byte[]> ZipAsync(string directory, DeterministicZipOptions? options = null)
    {
        using var output = new MemoryStream();
        await DeterministicZipWriter.WriteDirectoryAsync(directory, output, options);
        return output.ToArray();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Same_content_gives_the_same_bytes_whatever_the_times_and_order(bool compress)
    {
        HashFixtures.WriteFiles(Directory.CreateDirectory(Source).FullName, HashFixtures.Files);
        var options = new DeterministicZipOptions { Compress = compress };
        var first = await ZipAsync(Source, options);

        // A copy written in another order, with other timestamps and an extra empty directory.
        var copy = _temp.Combine("copy");
        HashFixtures.WriteFiles(Directory.CreateDirectory(copy).FullName, HashFixtures.Files.Reverse());
        foreach (var file in Directory.EnumerateFiles(copy, "*", SearchOption.AllDirectories))
        {
            File.SetLastWriteTimeUtc(file, new DateTime(2021, 5, 6, 7, 8, 9, DateTimeKind.Utc));
        }

        Directory.CreateDirectory(Path.Combine(copy, "empty-dir"));
        var second = await ZipAsync(copy, options);
        Assert.Equal(SHA256.HashData(first), SHA256.HashData(second));
    }

    [Fact]
    public async Task Zip_has_sorted_files_only_with_fixed_times_and_modes()
    {
        HashFixtures.WriteFiles(Directory.CreateDirectory(Source).FullName, HashFixtures.Files);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Path.Combine(Source, "terraform-provider-foo_v1.0.0"),
                UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            File.SetUnixFileMode(Path.Combine(Source, "README.md"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        using var archive = new ZipArchive(new MemoryStream(await ZipAsync(Source)), ZipArchiveMode.Read);
        var names = archive.Entries.Select(e => e.FullName).ToList();
        Assert.Equal(names.Order(Utf8NameComparer.Instance), names);
        Assert.Equal(HashFixtures.Files.Count, names.Count);
        Assert.DoesNotContain(names, n => n.EndsWith('/'));
        Assert.True(names.IndexOf("\uE000.txt") < names.IndexOf("\U0001F600.txt"));
        foreach (var entry in archive.Entries)
        {
            Assert.Equal(new DateTime(2000, 1, 1), entry.LastWriteTime.DateTime);
            var expected = entry.FullName == "terraform-provider-foo_v1.0.0" && !OperatingSystem.IsWindows() ? 0x81ED : 0x81A4;
            Assert.Equal(expected, entry.ExternalAttributes >>> 16);
        }
    }

    [Fact]
    public async Task H1_of_the_zip_equals_H1_of_the_directory()
    {
        HashFixtures.WriteFiles(Directory.CreateDirectory(Source).FullName, HashFixtures.Files);
        File.WriteAllBytes(_temp.Combine("m.zip"), await ZipAsync(Source));
        var dir = await DirHash.HashDirectoryAsync(Source);
        Assert.Equal(dir, await DirHash.HashZipAsync(_temp.Combine("m.zip")));

        // And it round-trips through the safe extractor.
        await SafeZipExtractor.ExtractAsync(_temp.Combine("m.zip"), _temp.Combine("out"));
        Assert.Equal(dir, await DirHash.HashDirectoryAsync(_temp.Combine("out")));
    }

    [Fact]
    public void Excluded_paths_and_directories_are_left_out()
    {
        Directory.CreateDirectory(Path.Combine(Source, ".terraform", "providers"));
        Directory.CreateDirectory(Path.Combine(Source, ".git"));
        Directory.CreateDirectory(Path.Combine(Source, "sub", ".terraform"));
        File.WriteAllText(Path.Combine(Source, "main.tf"), "x");
        File.WriteAllText(Path.Combine(Source, ".terraform", "providers", "p"), "x");
        File.WriteAllText(Path.Combine(Source, ".git", "HEAD"), "x");
        File.WriteAllText(Path.Combine(Source, "sub", ".terraform", "t"), "x");
        File.WriteAllText(Path.Combine(Source, "sub", "notes.tfstate"), "x");
        var seen = new List<string>();
        var options = new DeterministicZipOptions
        {
            Exclude = p =>
            {
                seen.Add(p);
                return p is ".git/" || p.EndsWith(".terraform/", StringComparison.Ordinal) || p.EndsWith(".tfstate", StringComparison.Ordinal);
            },
        };
        Assert.Equal(["main.tf"], DeterministicZipWriter.ListDirectory(Source, options).Select(f => f.EntryName));
        Assert.Contains(".git/", seen);
        Assert.DoesNotContain(".git/HEAD", seen);
    }

    [Fact]
    public async Task Symlinks_to_files_inside_are_followed_others_refused()
    {
        Directory.CreateDirectory(Path.Combine(Source, "sub"));
        File.WriteAllText(Path.Combine(Source, "real.tf"), "real");
        File.CreateSymbolicLink(Path.Combine(Source, "sub", "alias.tf"), "../real.tf");
        var listed = DeterministicZipWriter.ListDirectory(Source);
        Assert.Equal(["real.tf", "sub/alias.tf"], listed.Select(f => f.EntryName));
        Assert.Equal(Path.Combine(Source, "real.tf"), listed[1].SourcePath);

        File.WriteAllText(_temp.Combine("secret"), "secret");
        File.CreateSymbolicLink(Path.Combine(Source, "leak"), _temp.Combine("secret"));
        var ex = await Assert.ThrowsAsync<TofuOciException>(() => ZipAsync(Source));
        Assert.Equal(ErrorIds.UnsafeSymlink, ex.ErrorId);
        Assert.Equal("leak", ex.Target);

        File.Delete(Path.Combine(Source, "leak"));
        Directory.CreateSymbolicLink(Path.Combine(Source, "dirlink"), "sub");
        ex = await Assert.ThrowsAsync<TofuOciException>(() => ZipAsync(Source));
        Assert.Equal(ErrorIds.UnsafeSymlink, ex.ErrorId);

        File.Delete(Path.Combine(Source, "dirlink"));
        File.CreateSymbolicLink(Path.Combine(Source, "broken"), "nowhere");
        ex = await Assert.ThrowsAsync<TofuOciException>(() => ZipAsync(Source));
        Assert.Equal(ErrorIds.UnsafeSymlink, ex.ErrorId);
    }

    [Theory]
    [InlineData("../x")]
    [InlineData("/abs")]
    [InlineData("a\\b")]
    [InlineData("dir/")]
    public async Task Unsafe_entry_names_are_refused(string name)
    {
        File.WriteAllText(_temp.Combine("f"), "x");
        using var output = new MemoryStream();
        var ex = await Assert.ThrowsAsync<TofuOciException>(() =>
            DeterministicZipWriter.WriteAsync([new ZipSourceFile(name, _temp.Combine("f"))], output));
        Assert.Equal(ErrorIds.UnsafeArchiveEntry, ex.ErrorId);
    }

    [Fact]
    public async Task Case_only_duplicates_are_refused()
    {
        File.WriteAllText(_temp.Combine("f"), "x");
        using var output = new MemoryStream();
        var ex = await Assert.ThrowsAsync<TofuOciException>(() => DeterministicZipWriter.WriteAsync(
            [new ZipSourceFile("README.md", _temp.Combine("f")), new ZipSourceFile("readme.md", _temp.Combine("f"))], output));
        Assert.Equal(ErrorIds.UnsafeArchiveEntry, ex.ErrorId);
    }

    [Fact]
    public async Task Writes_to_non_seekable_outputs()
    {
        HashFixtures.WriteFiles(Directory.CreateDirectory(Source).FullName, HashFixtures.Files);
        using var sink = new MemoryStream();
        await using (var forwardOnly = new BufferedStream(new ForwardOnlyStream(sink)))
        {
            await DeterministicZipWriter.WriteDirectoryAsync(Source, forwardOnly);
        }

        Assert.Equal(await ZipAsync(Source), sink.ToArray());
    }

    private sealed class ForwardOnlyStream(Stream inner) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
    }
}
