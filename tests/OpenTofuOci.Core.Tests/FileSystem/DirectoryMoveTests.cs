using OpenTofuOci.Core.FileSystem;
using OpenTofuOci.Core.Tests.Layout;

namespace OpenTofuOci.Core.Tests.FileSystem;

/// <summary>A finished directory goes into place by renames: old content or new, never a mix, and the old content back when the move fails.</summary>
public sealed class DirectoryMoveTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public DirectoryMoveTests()
    {
        Directory.CreateDirectory(Source);
        File.WriteAllText(Path.Combine(Source, "new.txt"), "new");
    }

    public void Dispose() => _temp.Dispose();

    private string Source => _temp.Combine(".pkg.tmp-000000000000");

    private string Target => _temp.Combine("pkg");

    [Fact]
    public void An_absent_target_is_simply_taken()
    {
        DirectoryMove.Into(Source, Target, _ => throw new InvalidOperationException("not asked when absent"));

        Assert.Equal(["new.txt"], Names(Target));
        Assert.Equal(["pkg"], Names(_temp.Path));
    }

    [Fact]
    public void A_vacant_target_by_the_callers_rule_is_removed_first()
    {
        Directory.CreateDirectory(Path.Combine(Target, "empty", "nested"));

        DirectoryMove.Into(Source, Target, p => p == Target);

        Assert.Equal(["new.txt"], Names(Target));
        Assert.Equal(["pkg"], Names(_temp.Path));
    }

    [Fact]
    public void A_target_with_content_is_replaced_and_nothing_is_left_aside()
    {
        Directory.CreateDirectory(Path.Combine(Target, "sub"));
        File.WriteAllText(Path.Combine(Target, "sub", "old.txt"), "old");

        DirectoryMove.Into(Source, Target, _ => false);

        Assert.Equal(["new.txt"], Names(Target));
        Assert.Equal(["pkg"], Names(_temp.Path));
    }

    [Fact]
    public void A_file_at_the_target_is_replaced_by_the_directory()
    {
        File.WriteAllText(Target, "a file");

        DirectoryMove.Replace(Source, Target);

        Assert.Equal(["new.txt"], Names(Target));
        Assert.Equal(["pkg"], Names(_temp.Path));
    }

    [Fact]
    public void A_link_at_the_target_is_replaced_as_the_link_and_what_it_points_at_is_untouched()
    {
        var elsewhere = Directory.CreateDirectory(_temp.Combine("elsewhere")).FullName;
        File.WriteAllText(Path.Combine(elsewhere, "precious.txt"), "keep");
        Directory.CreateSymbolicLink(Target, elsewhere);

        DirectoryMove.Into(Source, Target, _ => false);

        Assert.Null(new DirectoryInfo(Target).LinkTarget);
        Assert.Equal(["new.txt"], Names(Target));
        Assert.Equal(["precious.txt"], Names(elsewhere));
        Assert.Equal(["elsewhere", "pkg"], Names(_temp.Path));
    }

    [Fact]
    public void When_the_move_in_fails_the_old_content_is_put_back()
    {
        Directory.CreateDirectory(Target);
        File.WriteAllText(Path.Combine(Target, "old.txt"), "old");
        var missing = _temp.Combine(".gone.tmp-000000000000");

        Assert.Throws<DirectoryNotFoundException>(() => DirectoryMove.Replace(missing, Target));

        Assert.Equal("old", File.ReadAllText(Path.Combine(Target, "old.txt")));
        Assert.Equal([Source], LayoutTempDirectory.TempFiles(_temp.Path));
    }

    private static string[] Names(string dir) =>
        Directory.EnumerateFileSystemEntries(dir).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;
}
