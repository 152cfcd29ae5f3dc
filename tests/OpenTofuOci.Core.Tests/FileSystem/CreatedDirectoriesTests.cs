using OpenTofuOci.Core.FileSystem;

namespace OpenTofuOci.Core.Tests.FileSystem;

/// <summary>Directories an operation created are removed again when it leaves them empty; those that existed before never are.</summary>
public sealed class CreatedDirectoriesTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void It_notes_the_missing_directories_and_parents_deepest_first_and_not_the_existing_ones()
    {
        Directory.CreateDirectory(_temp.Combine("exists"));

        var created = CreatedDirectories.Before([_temp.Combine("a", "b", "c"), _temp.Combine("a", "d"), _temp.Combine("exists", "e"), _temp.Combine("exists")]);

        Assert.Equal([_temp.Combine("exists", "e"), _temp.Combine("a", "b", "c"), _temp.Combine("a", "b"), _temp.Combine("a", "d"), _temp.Combine("a")], created.Paths);
    }

    [Fact]
    public void RemoveEmpty_removes_the_noted_directories_left_empty_and_keeps_those_with_content_and_their_parents()
    {
        Directory.CreateDirectory(_temp.Combine("exists"));
        var created = CreatedDirectories.Before([_temp.Combine("a", "b", "c"), _temp.Combine("a", "d"), _temp.Combine("exists", "e")]);
        Directory.CreateDirectory(_temp.Combine("a", "b", "c"));
        Directory.CreateDirectory(_temp.Combine("a", "d"));
        Directory.CreateDirectory(_temp.Combine("exists", "e"));
        File.WriteAllText(_temp.Combine("a", "d", "kept"), "k");

        created.RemoveEmpty();

        Assert.Equal(["a", "a/d", "a/d/kept", "exists"],
            Directory.EnumerateFileSystemEntries(_temp.Path, "*", SearchOption.AllDirectories)
                .Select(p => Path.GetRelativePath(_temp.Path, p).Replace(Path.DirectorySeparatorChar, '/')).Order(StringComparer.Ordinal));
    }
}
