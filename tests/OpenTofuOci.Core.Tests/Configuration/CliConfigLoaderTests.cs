using OpenTofuOci.Core.Configuration;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Hcl;

namespace OpenTofuOci.Core.Tests.Configuration;

public sealed class CliConfigLoaderTests
{
    [Fact]
    public async Task Main_file_and_directory_files_are_merged_in_order()
    {
        using var root = new ConfigRoot();
        root.Variables["HOME"] = root.Home;
        var main = root.Write("home/.tofurc", """
            plugin_cache_dir = "$HOME/.cache/first"
            provider_installation {
              oci_mirror {
                repository_template = "example.com/opentofu-providers/${namespace}/${type}"
                include             = ["registry.opentofu.org/*/*"]
                exclude             = ["registry.opentofu.org/hashicorp/*"]
                download_retry_count = 3
              }
              direct {
                exclude = ["registry.opentofu.org/*/*"]
              }
            }
            oci_credentials "example.com" {
              username = "u"
              password = "p"
            }
            """);
        var json = root.Write("home/.terraform.d/a.tfrc.json", """
            {
              "plugin_cache_dir": "/second",
              "oci_credentials": {"example.net/foo": {"access_token": "a", "refresh_token": "r"}},
              "oci_default_credentials": {"docker_credentials_helper": "osxkeychain"}
            }
            """);
        var hcl = root.Write("home/.terraform.d/b.tfrc", "oci_credentials \"example.org\" {\n  docker_credentials_helper = \"pass\"\n}\n");

        var config = await CliConfigLoader.LoadAsync(root.Unix());

        Assert.Equal([main, json, hcl], config.Files);
        Assert.Equal("/second", config.PluginCacheDir);
        var pi = config.ProviderInstallation!;
        Assert.Equal(new HclPosition(main, 2, 1), pi.Position);
        Assert.Equal(2, pi.Methods.Count);
        var mirror = Assert.IsType<OciMirrorMethod>(pi.Methods[0]);
        Assert.Equal("example.com/opentofu-providers/${namespace}/${type}", mirror.RepositoryTemplate);
        Assert.Equal(["registry.opentofu.org/*/*"], mirror.Include);
        Assert.Equal(["registry.opentofu.org/hashicorp/*"], mirror.Exclude);
        Assert.Equal(new HclPosition(main, 3, 3), mirror.Position);
        Assert.Equal(new UnhandledInstallationMethod("direct", new HclPosition(main, 9, 3)), pi.Methods[1]);
        Assert.Equal(
            [$"{main}:9:3: The direct installation method is not handled by this module; it only installs from oci_mirror sources, and OpenTofu uses the others itself."],
            config.Warnings.Select(w => w.ToString()));
        Assert.Equal(
            [
                new OciCredentialsConfig("example.com", "u", "p", null, null, null, new HclPosition(main, 13, 1)),
                new OciCredentialsConfig("example.net/foo", null, null, "a", "r", null, new HclPosition(json, 3, 23)),
                new OciCredentialsConfig("example.org", null, null, null, null, "pass", new HclPosition(hcl, 1, 1)),
            ],
            config.OciCredentials);
        Assert.Equal(new OciDefaultCredentialsConfig(true, null, "osxkeychain", new HclPosition(json, 4, 3)), config.OciDefaultCredentials);
    }

    [Fact]
    public async Task Plugin_cache_dir_expands_environment_variables_and_TF_PLUGIN_CACHE_DIR_overrides_it()
    {
        using var root = new ConfigRoot();
        var file = root.Write("c.tfrc", "plugin_cache_dir = \"$HOME/a/${USER}/$NOPE/$/x\"\n");
        root.Variables["HOME"] = "/h";
        root.Variables["USER"] = "me";

        Assert.Equal("/h/a/me//$/x", (await root.LoadOnly(file)).PluginCacheDir);

        root.Variables["TF_PLUGIN_CACHE_DIR"] = "/from/env/$HOME";
        Assert.Equal("/from/env/$HOME", (await root.LoadOnly(file)).PluginCacheDir);
    }

    [Fact]
    public async Task An_empty_configuration_has_defaults()
    {
        using var root = new ConfigRoot();
        var config = await root.LoadOnly(root.Write("empty.tfrc", "# nothing here\n"));
        Assert.Equal((null, null, 0, null, 0), (config.PluginCacheDir, config.ProviderInstallation, config.OciCredentials.Count, config.OciDefaultCredentials, config.Warnings.Count));
    }

    [Fact]
    public async Task Json_oci_mirror_array_gives_the_same_methods_as_hcl()
    {
        using var root = new ConfigRoot();
        var file = root.Write("m.tfrc.json", """
            {"provider_installation": {"oci_mirror": [
              {"repository_template": "example.com/${hostname}/${namespace}/${type}"},
              {"repository_template": "example.net/opentofu-registry/${namespace}/${type}", "include": ["registry.opentofu.org/*/*"]}
            ]}}
            """);

        var methods = (await root.LoadOnly(file)).ProviderInstallation!.Methods;

        Assert.Equal(
            [
                new OciMirrorMethod("example.com/${hostname}/${namespace}/${type}", [], [], new HclPosition(file, 2, 3)),
                new OciMirrorMethod("example.net/opentofu-registry/${namespace}/${type}", ["registry.opentofu.org/*/*"], [], new HclPosition(file, 3, 3)),
            ],
            methods, MethodComparer.Instance);
    }

    [Fact]
    public async Task A_tfrc_file_starting_with_a_brace_is_read_as_json_like_hcl1_does()
    {
        using var root = new ConfigRoot();
        var config = await root.LoadOnly(root.Write("j.tfrc", "  {\"plugin_cache_dir\": \"/j\"}"));
        Assert.Equal("/j", config.PluginCacheDir);
    }

    [Fact]
    public async Task Oci_default_credentials_resolve_relative_paths_against_the_file_directory()
    {
        using var root = new ConfigRoot();
        var file = root.Write("sub/d.tfrc", """
            oci_default_credentials {
              discover_ambient_credentials = true
              docker_style_config_files = ["./auth.json", "/abs/x.json", "../up.json"]
            }
            """);

        var d = (await root.LoadOnly(file)).OciDefaultCredentials!;

        Assert.Equal([root.Path("sub", "auth.json"), Path.GetFullPath("/abs/x.json"), root.Path("up.json")], d.DockerStyleConfigFiles!);
        Assert.True(d.DiscoverAmbientCredentials);
        Assert.Null(d.DockerCredentialsHelper);
    }

    [Theory]
    [InlineData("oci_default_credentials {\n}\n", true, null)]
    [InlineData("oci_default_credentials {\n  docker_style_config_files = []\n}\n", true, 0)]
    [InlineData("oci_default_credentials {\n  discover_ambient_credentials = false\n}\n", false, null)]
    public async Task Oci_default_credentials_distinguish_unset_from_empty_file_lists(string text, bool discover, int? fileCount)
    {
        using var root = new ConfigRoot();
        var d = (await root.LoadOnly(root.Write("d.tfrc", text))).OciDefaultCredentials!;
        Assert.Equal((discover, fileCount), (d.DiscoverAmbientCredentials, d.DockerStyleConfigFiles?.Count));
    }

    [Fact]
    public void Credentials_never_show_secrets_in_text()
    {
        var c = new OciCredentialsConfig("example.com", "user", "hunter2", "s3cr3t-access", "s3cr3t-refresh", null, new HclPosition("f", 1, 1));
        var text = c.ToString();
        Assert.DoesNotContain("hunter2", text, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t-access", text, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t-refresh", text, StringComparison.Ordinal);
        Assert.Contains("Username = user", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_file_named_by_TF_CLI_CONFIG_FILE_is_a_warning_and_no_configuration_as_in_tofu()
    {
        using var root = new ConfigRoot();
        var missing = root.Path("nope.rc");
        var config = await root.LoadOnly(missing);
        Assert.Null(config.ProviderInstallation);
        Assert.Null(config.PluginCacheDir);
        Assert.Empty(config.Files);
        Assert.Equal([$"Unable to open CLI configuration file: {missing}, named by TF_CLI_CONFIG_FILE (or TERRAFORM_CONFIG), does not exist, so no CLI configuration is used (as tofu does). Create it, or unset the variable."],
            config.Warnings.Select(w => w.ToString()));
    }

    [Fact]
    public async Task Syntax_errors_in_several_files_are_reported_together_with_positions()
    {
        using var root = new ConfigRoot();
        root.Variables["HOME"] = root.Home;
        var main = root.Write("home/.tofurc", "plugin_cache_dir = foo\n");
        var json = root.Write("home/.terraform.d/x.tfrc.json", "{\n  \"a\": }\n");

        var ex = await Assert.ThrowsAsync<CliConfigException>(() => CliConfigLoader.LoadAsync(root.Unix()));

        Assert.Equal(
            [
                new CliConfigProblem(main, new HclPosition(main, 1, 20), "Failed to parse CLI configuration",
                    $"{main}:1:20: unsupported expression \"foo\": only literal values are allowed here — use a quoted string, a number, true, false, null, a list or an object (quote the value if it is text)"),
                new CliConfigProblem(json, new HclPosition(json, 2, 8), "Failed to parse CLI configuration",
                    $"{json}:2:8: expected a JSON value, found \"}}\" — use a quoted string, a number, true, false, null, an array or an object"),
            ],
            ex.Problems);
    }

    public static TheoryData<string, string, string[]> InvalidFiles => new()
    {
        // provider_installation
        { "c.tfrc", "provider_installation = {}\n", ["Invalid provider_installation block: The provider_installation block at {f}:1:1 must not be introduced with an equals sign."] },
        { "c.tfrc.json", "{\"provider_installation\": 1}", ["Invalid provider_installation block: The provider_installation block at {f}:1:2 must be represented by a JSON object."] },
        { "c.tfrc", "provider_installation \"x\" {\n}\n", ["Invalid provider_installation block: The provider_installation block at {f}:1:1 must not have any labels."] },
        { "c.tfrc", "provider_installation {\n  oci_mirror = {}\n}\n", ["Invalid provider_installation method block: The items inside the provider_installation block at {f}:1:1 must all be blocks."] },
        { "c.tfrc", "provider_installation {\n  direct \"x\" {}\n}\n", ["Invalid provider_installation method block: The blocks inside the provider_installation block at {f}:1:1 may not have any labels."] },
        { "c.tfrc", "provider_installation {\n  carrier_pigeon {}\n}\n", ["Invalid provider_installation method block: Unknown provider installation method \"carrier_pigeon\" at {f}:2:3."] },
        // oci_mirror
        { "c.tfrc", "provider_installation {\n  oci_mirror {\n  }\n}\n", ["Invalid provider_installation method block: Invalid oci_mirror block at {f}:2:3: \"repository_template\" argument is required."] },
        { "c.tfrc", "provider_installation {\n  oci_mirror {\n    repository_template = \"\"\n  }\n}\n", ["Invalid provider_installation method block: Invalid oci_mirror block at {f}:2:3: \"repository_template\" argument is required."] },
        { "c.tfrc", "provider_installation {\n  oci_mirror {\n    repository_template = [\"a\"]\n  }\n}\n", ["Invalid provider_installation method block: Invalid oci_mirror block at {f}:2:3: repository_template: a string is required, but the value is a list."] },
        { "c.tfrc", "provider_installation {\n  oci_mirror {\n    repository_template = \"a/b\"\n    include = \"x/*/*\"\n    exclude = [true]\n  }\n}\n",
            ["Invalid provider_installation method block: Invalid oci_mirror block at {f}:2:3: include: a list of strings is required, but the value is a string.",
             "Invalid provider_installation method block: Invalid oci_mirror block at {f}:2:3: exclude[0]: a string is required, but the value is a bool."] },
        { "c.tfrc.json", "{\"provider_installation\": {\"oci_mirror\": [{\"include\": []}]}}", ["Invalid provider_installation method block: Invalid oci_mirror block at {f}:1:43: \"repository_template\" argument is required."] },
        // plugin_cache_dir
        { "c.tfrc", "plugin_cache_dir = true\n", ["Invalid plugin_cache_dir: Invalid plugin_cache_dir at {f}:1:1: plugin_cache_dir: a string is required, but the value is a bool."] },
        // oci_default_credentials
        { "c.tfrc", "oci_default_credentials = {}\n", ["Invalid oci_default_credentials block: The oci_default_credentials block at {f}:1:1 must not be introduced with an equals sign."] },
        { "c.tfrc.json", "{\"oci_default_credentials\": [1]}", ["Invalid oci_default_credentials block: The oci_default_credentials block at {f}:1:2 must be represented by a JSON object."] },
        { "c.tfrc", "oci_default_credentials \"x\" {\n}\n", ["Invalid oci_default_credentials block: The oci_default_credentials block at {f}:1:1 must not have any labels."] },
        { "c.tfrc", "oci_default_credentials {\n  docker_credentials_helper = \"not/valid\"\n}\n",
            ["Invalid oci_default_credentials block: The oci_default_credentials block at {f}:1:1 specifies the invalid Docker credential helper name \"not/valid\". Must be a non-empty string that could be used as part of an executable filename."] },
        { "c.tfrc", "oci_default_credentials {\n  docker_credentials_helper = \"\"\n}\n",
            ["Invalid oci_default_credentials block: The oci_default_credentials block at {f}:1:1 specifies the invalid Docker credential helper name \"\". Must be a non-empty string that could be used as part of an executable filename."] },
        { "c.tfrc", "oci_default_credentials {\n  discover_ambient_credentials = false\n  docker_style_config_files = []\n}\n",
            ["Invalid oci_default_credentials block: The oci_default_credentials block at {f}:1:1 disables discovery of ambient credentials, but also sets docker_style_config_files which is relevant only when ambient credentials discovery is enabled."] },
        { "c.tfrc", "oci_default_credentials {\n  discover_ambient_credentials = \"no\"\n}\n",
            ["Invalid oci_default_credentials block: Invalid oci_default_credentials block at {f}:1:1: discover_ambient_credentials: true or false is required, but the value is a string."] },
        // oci_credentials
        { "c.tfrc", "oci_credentials = {}\n", ["Invalid oci_credentials block: The oci_credentials block at {f}:1:1 must not be introduced with an equals sign."] },
        { "c.tfrc.json", "{\"oci_credentials\": {\"example.com\": \"x\"}}", ["Invalid oci_credentials block: The oci_credentials block at {f}:1:22 must be represented by a JSON object."] },
        { "c.tfrc", "oci_credentials {\n}\n", ["Invalid oci_credentials block: The oci_credentials block at {f}:1:1 must have one label, giving an OCI repository address prefix."] },
        { "c.tfrc", "oci_credentials \"a\" \"b\" {\n}\n", ["Invalid oci_credentials block: The oci_credentials block at {f}:1:1 must have one label, giving an OCI repository address prefix."] },
        { "c.tfrc", "oci_credentials \"example.com\" {\n}\n", ["Invalid oci_credentials block: The oci_credentials block at {f}:1:1 must set either username+password, access_token+refresh_token, or docker_credentials_helper."] },
        { "c.tfrc", "oci_credentials \"example.com\" {\n  username = \"u\"\n  password = \"p\"\n  access_token = \"a\"\n  refresh_token = \"r\"\n}\n",
            ["Invalid oci_credentials block: The oci_credentials block at {f}:1:1 must set only one group out of username+password, access_token+refresh_token, or docker_credentials_helper."] },
        { "c.tfrc", "oci_credentials \"example.com\" {\n  password = \"p\"\n}\n", ["Invalid oci_credentials block: The oci_credentials block at {f}:1:1 must set both username and password together when using static credentials."] },
        { "c.tfrc", "oci_credentials \"example.com\" {\n  access_token = \"a\"\n}\n", ["Invalid oci_credentials block: The oci_credentials block at {f}:1:1 must set both access_token and refresh_token together when using OAuth-style credentials."] },
        { "c.tfrc", "oci_credentials \"example.com/foo\" {\n  docker_credentials_helper = \"x\"\n}\n",
            ["Invalid oci_credentials block: The oci_credentials block at {f}:1:1 cannot set docker_credentials_helper with a repository path: credential helpers only support credentials for whole domains."] },
        { "c.tfrc", "oci_credentials \"example.com\" {\n  docker_credentials_helper = \"not/valid\"\n}\n",
            ["Invalid oci_credentials block: The oci_credentials block at {f}:1:1 specifies the invalid Docker credential helper name \"not/valid\". Must be a non-empty string that could be used as part of an executable filename."] },
        { "c.tfrc", "oci_credentials \"example.com/foo:latest\" {\n  username = \"u\"\n  password = \"p\"\n}\n",
            ["Invalid oci_credentials block: The oci_credentials block at {f}:1:1 has an invalid block label: invalid reference: artifact tag or digest not allowed."] },
        { "c.tfrc", "oci_credentials \"example.com/\" {\n  username = \"u\"\n  password = \"p\"\n}\n",
            ["Invalid oci_credentials block: The oci_credentials block at {f}:1:1 has an invalid block label: invalid reference: invalid repository \"\"."] },
        { "c.tfrc", "oci_credentials \"bad host\" {\n  username = \"u\"\n  password = \"p\"\n}\n",
            ["Invalid oci_credentials block: The oci_credentials block at {f}:1:1 has an invalid block label: invalid reference: invalid registry \"bad host\"."] },
        { "c.tfrc", "oci_credentials \"example.com/Foo\" {\n  username = \"u\"\n  password = 5\n  access_token = [1]\n}\n",
            ["Invalid oci_credentials block: Invalid oci_credentials block at {f}:1:1: access_token: a string is required, but the value is a list.",
             "Invalid oci_credentials block: The oci_credentials block at {f}:1:1 has an invalid block label: invalid reference: invalid repository \"Foo\"."] },
        // merged-result validation
        { "c.tfrc", "provider_installation {\n}\nprovider_installation {\n}\n",
            ["Invalid provider_installation block: No more than one provider_installation block may be specified (found one at {f}:1:1 and another at {f}:3:1)."] },
        { "c.tfrc", "oci_default_credentials {\n}\noci_default_credentials {\n}\n",
            ["Invalid oci_default_credentials block: No more than one oci_default_credentials block may be specified (found one at {f}:1:1 and another at {f}:3:1)."] },
        { "c.tfrc", "oci_credentials \"example.com\" {\n  docker_credentials_helper = \"a\"\n}\noci_credentials \"example.com\" {\n  docker_credentials_helper = \"b\"\n}\noci_credentials \"EXAMPLE.com\" {\n  docker_credentials_helper = \"c\"\n}\n",
            ["Duplicate oci_credentials block: Duplicate oci_credentials block for \"example.com\" at {f}:4:1; the first is at {f}:1:1."] },
    };

    [Theory]
    [MemberData(nameof(InvalidFiles))]
    public async Task Invalid_configuration_reports_every_problem_with_openTofu_wording(string name, string text, string[] expected)
    {
        using var root = new ConfigRoot();
        var file = root.Write(name, text);

        var ex = await Assert.ThrowsAsync<CliConfigException>(() => root.LoadOnly(file));

        Assert.Equal(expected.Select(e => e.Replace("{f}", file, StringComparison.Ordinal)), ex.Problems.Select(p => p.ToString()));
        Assert.All(ex.Problems, p => Assert.Equal(file, p.File));
        Assert.Equal(string.Join("\n", ex.Problems), ex.Message);
    }

    [Fact]
    public async Task Duplicate_credentials_across_files_are_found_after_merging()
    {
        using var root = new ConfigRoot();
        root.Variables["HOME"] = root.Home;
        var a = root.Write("home/.terraform.d/a.tfrc", "oci_credentials \"example.com\" {\n  docker_credentials_helper = \"a\"\n}\n");
        var b = root.Write("home/.terraform.d/b.tfrc.json", "{\"oci_credentials\": {\"example.com\": {\"docker_credentials_helper\": \"b\"}}}");

        var ex = await Assert.ThrowsAsync<CliConfigException>(() => CliConfigLoader.LoadAsync(root.Unix()));

        Assert.Equal([$"Duplicate oci_credentials block: Duplicate oci_credentials block for \"example.com\" at {b}:1:22; the first is at {a}:1:1."],
            ex.Problems.Select(p => p.ToString()));
    }

    [Theory]
    [InlineData(CliConfigPlatform.Unix, true)]
    [InlineData(CliConfigPlatform.Windows, false)]
    public async Task A_backslash_in_a_helper_name_is_only_a_separator_on_windows(CliConfigPlatform platform, bool valid)
    {
        using var root = new ConfigRoot();
        var file = root.Write("h.tfrc", "oci_default_credentials {\n  docker_credentials_helper = \"a\\\\b\"\n}\n");
        if (valid)
        {
            Assert.Equal("a\\b", (await root.LoadOnly(file, platform)).OciDefaultCredentials!.DockerCredentialsHelper);
        }
        else
        {
            var ex = await Assert.ThrowsAsync<CliConfigException>(() => root.LoadOnly(file, platform));
            Assert.Contains("invalid Docker credential helper name \"a\\b\"", ex.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Other_installation_methods_are_kept_in_order_with_warnings()
    {
        using var root = new ConfigRoot();
        var file = root.Write("o.tfrc", """
            provider_installation {
              dev_overrides {
                "example.com/a/b" = "/x"
              }
              filesystem_mirror {
                path = "/m"
              }
              oci_mirror {
                repository_template = "example.com/p/${namespace}/${type}"
              }
              network_mirror {
                url = "https://m/"
              }
              direct {}
            }
            """);

        var config = await root.LoadOnly(file);

        Assert.Equal(["dev_overrides", "filesystem_mirror", "oci_mirror", "network_mirror", "direct"], config.ProviderInstallation!.Methods.Select(m => m.Name));
        Assert.Equal([2, 5, 11, 14], config.Warnings.Select(w => w.Position.Line));
        Assert.IsType<OciMirrorMethod>(config.ProviderInstallation.Methods[2]);
    }

    /// <summary>Records holding lists compare by reference; this compares the methods' contents.</summary>
    private sealed class MethodComparer : IEqualityComparer<ProviderInstallationMethod>
    {
        public static MethodComparer Instance { get; } = new();

        public bool Equals(ProviderInstallationMethod? x, ProviderInstallationMethod? y) => (x, y) switch
        {
            (OciMirrorMethod a, OciMirrorMethod b) => a.RepositoryTemplate == b.RepositoryTemplate && a.Position == b.Position
                && a.Include.SequenceEqual(b.Include) && a.Exclude.SequenceEqual(b.Exclude),
            _ => Equals(x, y),
        };

        public int GetHashCode(ProviderInstallationMethod obj) => obj.Name.GetHashCode(StringComparison.Ordinal);
    }
}
