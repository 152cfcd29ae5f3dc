using OpenTofuOci.Core.FileSystem;

namespace OpenTofuOci.Core.Tests.FileSystem;

/// <summary>Best-effort removal: it removes what it can and never replaces the caller's failure with its own.</summary>
public sealed class CleanupTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void DeleteFile_removes_a_file_and_ignores_a_missing_one()
    {
        var file = _temp.Combine("a.tmp-x");
        File.WriteAllText(file, "x");

        Cleanup.DeleteFile(file);
        Cleanup.DeleteFile(file);
        Cleanup.DeleteFile(_temp.Combine("missing", "b"));

        Assert.False(File.Exists(file));
    }

    [Fact]
    public void DeleteFile_on_a_directory_fails_quietly_and_leaves_it()
    {
        var dir = Directory.CreateDirectory(_temp.Combine("dir")).FullName;
        File.WriteAllText(Path.Combine(dir, "kept"), "k");

        Cleanup.DeleteFile(dir);

        Assert.Equal("k", File.ReadAllText(Path.Combine(dir, "kept")));
    }

    [Fact]
    public void DeleteDirectory_removes_everything_below_and_ignores_a_missing_one()
    {
        var dir = _temp.Combine("stage");
        Directory.CreateDirectory(Path.Combine(dir, "a", "b"));
        File.WriteAllText(Path.Combine(dir, "a", "b", "f"), "f");

        Cleanup.DeleteDirectory(dir);
        Cleanup.DeleteDirectory(dir);

        Assert.False(Directory.Exists(dir));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_temp.Path));
    }

    [Fact]
    public void DeleteDirectory_on_a_file_fails_quietly_and_leaves_it()
    {
        var file = _temp.Combine("file");
        File.WriteAllText(file, "kept");

        Cleanup.DeleteDirectory(file);

        Assert.Equal("kept", File.ReadAllText(file));
    }

    [Fact]
    public void DeleteIfEmpty_removes_only_a_directory_with_no_entries()
    {
        var empty = Directory.CreateDirectory(_temp.Combine("empty")).FullName;
        var holdsEmptyDir = Directory.CreateDirectory(_temp.Combine("outer", "inner")).Parent!.FullName;
        var holdsFile = Directory.CreateDirectory(_temp.Combine("full")).FullName;
        File.WriteAllText(Path.Combine(holdsFile, "f"), "f");
        var file = _temp.Combine("plain");
        File.WriteAllText(file, "p");

        foreach (var path in new[] { empty, holdsEmptyDir, holdsFile, file, _temp.Combine("missing") })
        {
            Cleanup.DeleteIfEmpty(path);
        }

        Assert.Equal(["full", "outer", "plain"], Directory.EnumerateFileSystemEntries(_temp.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.True(Directory.Exists(Path.Combine(holdsEmptyDir, "inner")));
    }
}
