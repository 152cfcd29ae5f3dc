using System.Text.RegularExpressions;
using OpenTofuOci.Core.FileSystem;

namespace OpenTofuOci.Core.Tests.FileSystem;

/// <summary>Every temporary name Core makes has one shape, so leftovers are recognisable and never taken for real content.</summary>
public sealed class TempPathsTests
{
    private static readonly string Dir = Path.Combine(Path.GetTempPath(), "tofuoci-names", "VERSION");

    [Fact]
    public void A_name_beside_keeps_the_directory_and_the_final_name_and_ends_in_tmp_and_12_hex_digits()
    {
        var first = TempPaths.Beside(Path.Combine(Dir, "index.json"));
        var second = TempPaths.Beside(Path.Combine(Dir, "index.json"));

        Assert.Equal(Dir, Path.GetDirectoryName(first));
        Assert.Matches(new Regex(@"^\.index\.json\.tmp-[0-9a-f]{12}$"), Path.GetFileName(first));
        Assert.NotEqual(first, second);
    }

    [Fact]
    public void A_directory_with_a_trailing_separator_gets_its_name_beside_it_not_inside_it()
    {
        var name = TempPaths.Beside(Path.Combine(Dir, "linux_amd64") + Path.DirectorySeparatorChar);

        Assert.Equal(Dir, Path.GetDirectoryName(name));
        Assert.Matches(new Regex(@"^\.linux_amd64\.tmp-[0-9a-f]{12}$"), Path.GetFileName(name));
    }

    [Fact]
    public void Moved_aside_names_end_in_old()
    {
        var aside = TempPaths.Aside(Path.Combine(Dir, "linux_amd64"));

        Assert.Equal(Dir, Path.GetDirectoryName(aside));
        Assert.Matches(new Regex(@"^\.linux_amd64\.old-[0-9a-f]{12}$"), Path.GetFileName(aside));
    }

    [Theory]
    [InlineData(".index.json.tmp-0123456789ab", true)]
    [InlineData(".linux_amd64.old-0123456789ab", true)]
    [InlineData("tofu-oci-module.zip.tmp-0123456789ab", true)]
    [InlineData("index.json", false)]
    [InlineData("linux_amd64.lock", false)]
    [InlineData("terraform-provider-hello_1.0.0_linux_amd64.zip", false)]
    [InlineData(".terraform.lock.hcl.lock", false)]
    public void Only_the_names_it_makes_count_as_temporary(string name, bool temporary) =>
        Assert.Equal(temporary, TempPaths.IsTemporary(Path.Combine(Dir, name)));

    [Fact]
    public void Each_name_it_makes_counts_as_temporary()
    {
        Assert.True(TempPaths.IsTemporary(TempPaths.Beside(Path.Combine(Dir, "x"))));
        Assert.True(TempPaths.IsTemporary(TempPaths.Aside(Path.Combine(Dir, "x"))));
        using var scratch = OpenTofuOci.Core.FileSystem.PrivateTempDirectory.Create();
        Assert.True(TempPaths.IsTemporary(scratch.Path));
    }

    [Fact]
    public void A_file_system_root_has_no_place_beside_it()
    {
        var root = Path.GetPathRoot(Path.GetTempPath())!;
        Assert.Throws<ArgumentException>(() => TempPaths.Beside(root));
    }
}
