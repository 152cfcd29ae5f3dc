using System.Text;
using OpenTofuOci.Core.FileSystem;
using OpenTofuOci.Core.Tests.Layout;

namespace OpenTofuOci.Core.Tests.FileSystem;

/// <summary>A file replaced through <see cref="AtomicFile"/> is the old one or the new one, never part of one, and leaves no temporary file.</summary>
public sealed class AtomicFileTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task WriteAsync_creates_then_replaces_the_file_with_exactly_the_bytes_and_leaves_nothing_else()
    {
        var path = _temp.Combine("config.json");

        await AtomicFile.WriteAsync(path, "first"u8.ToArray(), null, CancellationToken.None);
        Assert.Equal("first", File.ReadAllText(path));
        await AtomicFile.WriteAsync(path, "second, longer"u8.ToArray(), null, CancellationToken.None);

        Assert.Equal("second, longer", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFileSystemEntries(_temp.Path));
    }

    [Fact]
    public async Task WriteAsync_gives_a_new_file_the_unix_mode_asked_for()
    {
        var path = _temp.Combine("config.json");
        await AtomicFile.WriteAsync(path, "{}"u8.ToArray(), UnixFileMode.UserRead | UnixFileMode.UserWrite, CancellationToken.None);

        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }

        Assert.Equal("{}", File.ReadAllText(path));
    }

    [Fact]
    public async Task A_cancelled_write_leaves_the_old_file_and_no_temporary_file()
    {
        var path = _temp.Combine("lock.hcl");
        File.WriteAllText(path, "old");
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => AtomicFile.WriteAsync(path, "new"u8.ToArray(), null, cancelled.Token));

        Assert.Equal("old", File.ReadAllText(path));
        Assert.Empty(LayoutTempDirectory.TempFiles(_temp.Path));
    }

    [Fact]
    public async Task A_rename_that_fails_leaves_the_target_as_it_was_and_no_temporary_file()
    {
        // A directory where the file should go: the rename over it fails after the temporary file is complete.
        var path = Directory.CreateDirectory(_temp.Combine("index.json")).FullName;
        File.WriteAllText(Path.Combine(path, "inside"), "kept");

        await Assert.ThrowsAnyAsync<IOException>(() => AtomicFile.WriteAsync(path, "new"u8.ToArray(), null, CancellationToken.None));

        Assert.Equal("kept", File.ReadAllText(Path.Combine(path, "inside")));
        Assert.Equal([path], Directory.GetFileSystemEntries(_temp.Path));
    }

    [Fact]
    public async Task A_missing_directory_fails_and_creates_nothing()
    {
        var path = _temp.Combine("missing", "file");

        await Assert.ThrowsAsync<DirectoryNotFoundException>(() => AtomicFile.WriteAsync(path, "x"u8.ToArray(), null, CancellationToken.None));

        Assert.Empty(Directory.GetFileSystemEntries(_temp.Path));
    }

    [Fact]
    public void WriteIdentical_replaces_with_overwrite_and_keeps_an_existing_file_without()
    {
        var header = _temp.Combine("oci-layout");
        var index = _temp.Combine("index.json");
        File.WriteAllText(header, "stale");
        File.WriteAllText(index, "another writer's");

        AtomicFile.WriteIdentical(header, Encoding.UTF8.GetBytes("fresh"), overwrite: true);
        AtomicFile.WriteIdentical(index, Encoding.UTF8.GetBytes("mine"), overwrite: false);
        AtomicFile.WriteIdentical(_temp.Combine("new"), Encoding.UTF8.GetBytes("created"), overwrite: false);

        Assert.Equal(("fresh", "another writer's", "created"), (File.ReadAllText(header), File.ReadAllText(index), File.ReadAllText(_temp.Combine("new"))));
        Assert.Empty(LayoutTempDirectory.TempFiles(_temp.Path));
    }

    [Fact]
    public void MoveUnlessDone_counts_a_refused_rename_as_done_only_when_the_target_is_what_was_meant()
    {
        var target = _temp.Combine("blob");
        File.WriteAllText(target, "12345");
        var source = _temp.Combine("source");
        File.WriteAllText(source, "54321");

        AtomicFile.MoveUnlessDone(source, target, overwrite: false, p => new FileInfo(p).Length == 5);
        Assert.Equal(("12345", true), (File.ReadAllText(target), File.Exists(source)));

        Assert.Throws<IOException>(() => AtomicFile.MoveUnlessDone(source, target, overwrite: false, p => new FileInfo(p).Length == 6));
        AtomicFile.MoveUnlessDone(source, target, overwrite: true, _ => false);
        Assert.Equal(("54321", false), (File.ReadAllText(target), File.Exists(source)));
    }

    [Fact]
    public async Task RenameAsync_replaces_only_when_asked_to()
    {
        var target = _temp.Combine("terraform-provider-hello_1.0.0_linux_amd64.zip");
        File.WriteAllText(target, "old");
        var source = _temp.Combine("new");
        File.WriteAllText(source, "new");

        await Assert.ThrowsAsync<IOException>(() => AtomicFile.RenameAsync(source, target, overwrite: false, CancellationToken.None));
        Assert.Equal("old", File.ReadAllText(target));
        await AtomicFile.RenameAsync(source, target, overwrite: true, CancellationToken.None);

        Assert.Equal(("new", false), (File.ReadAllText(target), File.Exists(source)));
    }
}
