using OpenTofuOci.Core.Configuration;

namespace OpenTofuOci.Core.Tests.Configuration;

public sealed class CliConfigLocatorTests
{
    [Fact]
    public void TF_CLI_CONFIG_FILE_alone_is_read_and_the_config_directory_is_not()
    {
        using var root = new ConfigRoot();
        root.Write("home/.tofurc", "");
        root.Write("home/.terraform.d/a.tfrc", "");
        root.Variables["HOME"] = root.Home;
        root.Variables["TF_CLI_CONFIG_FILE"] = root.Path("elsewhere.rc");
        root.Variables["TERRAFORM_CONFIG"] = root.Path("legacy.rc");

        var files = CliConfigLocator.Locate(root.Unix());

        Assert.Equal(new CliConfigFiles(root.Path("elsewhere.rc"), true, null, []), files with { DirectoryFiles = [] });
        Assert.Equal([root.Path("elsewhere.rc")], files.All);
    }

    [Theory]
    [InlineData(CliConfigPlatform.Unix)]
    [InlineData(CliConfigPlatform.Windows)]
    public void TERRAFORM_CONFIG_is_used_when_TF_CLI_CONFIG_FILE_is_unset_or_empty(CliConfigPlatform platform)
    {
        using var root = new ConfigRoot();
        root.Variables["HOME"] = root.Home;
        root.Variables["TF_CLI_CONFIG_FILE"] = "";
        root.Variables["TERRAFORM_CONFIG"] = root.Path("legacy.rc");

        var files = CliConfigLocator.Locate(platform == CliConfigPlatform.Unix ? root.Unix() : root.Windows());

        Assert.Equal([root.Path("legacy.rc")], files.All);
        Assert.True(files.MainFileFromEnvironment);
    }

    [Theory]
    // existing files under home/ and xdg/, XDG_CONFIG_HOME set?, expected main file (relative) or null
    [InlineData(new[] { "home/.tofurc", "home/.terraformrc" }, false, "home/.tofurc")]
    [InlineData(new[] { "home/.tofurc", "home/.terraformrc", "xdg/opentofu/tofurc" }, true, "home/.tofurc")]
    [InlineData(new[] { "home/.terraformrc" }, false, "home/.terraformrc")]
    [InlineData(new[] { "home/.terraformrc", "xdg/opentofu/tofurc" }, true, "home/.terraformrc")]
    [InlineData(new[] { "xdg/opentofu/tofurc" }, true, "xdg/opentofu/tofurc")]
    [InlineData(new[] { "xdg/opentofu/tofurc" }, false, null)]
    [InlineData(new string[0], true, null)]
    [InlineData(new string[0], false, null)]
    public void Unix_main_file_is_tofurc_then_terraformrc_then_xdg(string[] existing, bool xdgSet, string? expected)
    {
        using var root = new ConfigRoot();
        foreach (var f in existing)
        {
            root.Write(f, "");
        }

        root.Variables["HOME"] = root.Home;
        if (xdgSet)
        {
            root.Variables["XDG_CONFIG_HOME"] = root.Xdg;
        }

        var files = CliConfigLocator.Locate(root.Unix());

        Assert.Equal(expected is null ? null : root.Path(expected.Split('/')), files.MainFile);
        Assert.False(files.MainFileFromEnvironment);
    }

    [Fact]
    public void Unix_home_falls_back_to_the_user_home_directory_when_HOME_is_unset()
    {
        using var root = new ConfigRoot();
        var main = root.Write("home/.tofurc", "");
        var tfrc = root.Write("home/.terraform.d/x.tfrc", "");

        var files = CliConfigLocator.Locate(root.Unix(userHome: root.Home));

        Assert.Equal([main, tfrc], files.All);
    }

    [Fact]
    public void Unix_without_any_home_directory_reads_nothing()
    {
        using var root = new ConfigRoot();
        root.Variables["XDG_CONFIG_HOME"] = root.Xdg;
        root.Write("xdg/opentofu/tofurc", "");

        var files = CliConfigLocator.Locate(root.Unix());

        Assert.Equal(new CliConfigFiles(null, false, null, []), files with { DirectoryFiles = [] });
        Assert.Empty(files.All);
    }

    [Fact]
    public void Unix_config_directory_files_are_filtered_and_ordered_by_name()
    {
        using var root = new ConfigRoot();
        root.Variables["HOME"] = root.Home;
        root.Variables["XDG_CONFIG_HOME"] = root.Xdg;
        var b = root.Write("home/.terraform.d/b.tfrc", "");
        var a = root.Write("home/.terraform.d/a.tfrc.json", "");
        var upper = root.Write("home/.terraform.d/Z.tfrc", "");
        var hidden = root.Write("home/.terraform.d/.tfrc", "");
        root.Write("home/.terraform.d/c.json", "");
        root.Write("home/.terraform.d/d.tfrc.bak", "");
        root.Write("home/.terraform.d/e.TFRC", "");
        root.Write("home/.terraform.d/dir.tfrc/inner.tfrc", "");
        root.Write("xdg/opentofu/ignored.tfrc", "");

        var files = CliConfigLocator.Locate(root.Unix());

        Assert.Equal(root.Path("home", ".terraform.d"), files.ConfigDirectory);
        Assert.Equal([hidden, upper, a, b], files.DirectoryFiles);
    }

    [Fact]
    public void Unix_config_directory_is_xdg_opentofu_when_terraform_d_does_not_exist_and_xdg_is_set()
    {
        using var root = new ConfigRoot();
        root.Variables["HOME"] = root.Home;
        root.Variables["XDG_CONFIG_HOME"] = root.Xdg;
        var main = root.Write("xdg/opentofu/tofurc", "");
        var x = root.Write("xdg/opentofu/x.tfrc", "");

        var files = CliConfigLocator.Locate(root.Unix());

        Assert.Equal(root.Path("xdg", "opentofu"), files.ConfigDirectory);
        Assert.Equal([main, x], files.All);
    }

    [Fact]
    public void Unix_config_directory_without_xdg_is_terraform_d_even_when_missing()
    {
        using var root = new ConfigRoot();
        root.Variables["HOME"] = root.Home;

        var files = CliConfigLocator.Locate(root.Unix());

        Assert.Equal(root.Path("home", ".terraform.d"), files.ConfigDirectory);
        Assert.Empty(files.All);
    }

    [Theory]
    [InlineData(new[] { "appdata/tofu.rc", "appdata/terraform.rc" }, "appdata/tofu.rc")]
    [InlineData(new[] { "appdata/terraform.rc" }, "appdata/terraform.rc")]
    [InlineData(new[] { "home/.tofurc", "xdg/opentofu/tofurc" }, null)]
    public void Windows_main_file_is_tofu_rc_then_terraform_rc_in_appdata(string[] existing, string? expected)
    {
        using var root = new ConfigRoot();
        foreach (var f in existing)
        {
            root.Write(f, "");
        }

        root.Variables["HOME"] = root.Home;
        root.Variables["XDG_CONFIG_HOME"] = root.Xdg;

        var files = CliConfigLocator.Locate(root.Windows());

        Assert.Equal(expected is null ? null : root.Path(expected.Split('/')), files.MainFile);
        Assert.Equal(root.Path("appdata", "terraform.d"), files.ConfigDirectory);
    }

    [Fact]
    public void Windows_reads_tfrc_files_from_appdata_terraform_d_only()
    {
        using var root = new ConfigRoot();
        root.Variables["HOME"] = root.Home;
        root.Variables["XDG_CONFIG_HOME"] = root.Xdg;
        var main = root.Write("appdata/tofu.rc", "");
        var one = root.Write("appdata/terraform.d/one.tfrc", "");
        var two = root.Write("appdata/terraform.d/two.tfrc.json", "");
        root.Write("home/.terraform.d/unix.tfrc", "");
        root.Write("xdg/opentofu/xdg.tfrc", "");

        Assert.Equal([main, one, two], CliConfigLocator.Locate(root.Windows()).All);
    }

    [Fact]
    public void Windows_without_appdata_reads_nothing()
    {
        using var root = new ConfigRoot();
        var env = root.Windows() with { AppDataDirectory = null };
        Assert.Equal(new CliConfigFiles(null, false, null, []), CliConfigLocator.Locate(env) with { DirectoryFiles = [] });
    }
}
