using OpenTofuOci.Core.Credentials;
using OpenTofuOci.Core.Credentials.Policy;
using OpenTofuOci.Core.Errors;

namespace OpenTofuOci.Core.Tests.Credentials;

/// <summary>
/// The credential-policy cases of docs/opentofu-compatibility.md §5.7, rebuilt as this project's fixtures: each
/// asserts the configurations consulted and, per lookup, the exact specificity and credential chosen.
/// </summary>
public sealed class CredentialPolicyCaseTests
{
    private static async Task<(CredentialSpecificity Specificity, RegistryCredential? Credential, CredentialCandidate? Chosen)> LookupAsync(
        CredentialPolicy policy, string domain, string repository)
    {
        var selection = policy.Select(domain, repository);
        Assert.Empty(selection.Problems);
        var credential = selection.Chosen is null ? null : await selection.Chosen.GetCredentialAsync(CancellationToken.None);
        return (selection.Chosen?.Specificity ?? CredentialSpecificity.None, credential, selection.Chosen);
    }

    private static void AssertBasic(RegistryCredential? credential, string user, string password)
    {
        Assert.NotNull(credential);
        Assert.Equal(user, credential.Username);
        Assert.Equal(password, credential.Password);
        Assert.Null(credential.AccessToken);
        Assert.Null(credential.RefreshToken);
    }

    private static void AssertFakeHelper(RegistryCredential? credential, string domain) =>
        AssertBasic(credential, "from-cred-helper", $"for https://{domain}");

    [Fact]
    public async Task Empty_linux_finds_nothing()
    {
        using var root = new CredentialRoot();
        root.WriteTofurc(string.Empty);
        var policy = await root.PolicyAsync();
        Assert.Empty(policy.Locations);
        Assert.Null((await LookupAsync(policy, "example.com", string.Empty)).Chosen);
        var selection = policy.Select("example.com", "foo/bar");
        Assert.Null(selection.Chosen);
        Assert.Equal("anonymous (no credentials found for example.com/foo/bar)", selection.Summary);
    }

    [Fact]
    public async Task Mixed_darwin_explicit_blocks_default_helper_and_ambient_file()
    {
        using var root = new CredentialRoot { Platform = CredentialPlatform.MacOS };
        root.WriteFakeHelper();
        root.WriteTofurc("""
            oci_default_credentials {
              docker_credentials_helper = "fake"
            }
            oci_credentials "example.com" {
              username = "example.com user"
              password = "example.com password"
            }
            oci_credentials "example.com/foo" {
              username = "example.com/foo user"
              password = "example.com/foo password"
            }
            """);
        var ambient = root.Write("home/.config/containers/auth.json",
            "{\"credStore\":\"fake\",\"auths\":{" +
            $"\"example.com\":{{\"auth\":\"{CredentialRoot.Auth("ambient-example.com-user", "wrong-password")}\"}}," +
            $"\"example.com/bar\":{{\"auth\":\"{CredentialRoot.Auth("ambient-example.com-user", "ambient-password")}\"}}}}}}");
        var policy = await root.PolicyAsync();
        Assert.Equal(["explicit oci_credentials \"example.com\" block", "explicit oci_credentials \"example.com/foo\" block", "oci_default_credentials block", ambient],
            policy.Locations);

        var org = await LookupAsync(policy, "example.org", "foo");
        Assert.Equal(CredentialSpecificity.Global, org.Specificity);
        AssertFakeHelper(org.Credential, "example.org");

        var com = await LookupAsync(policy, "example.com", "baz");
        Assert.Equal(CredentialSpecificity.Domain, com.Specificity);
        AssertBasic(com.Credential, "example.com user", "example.com password");

        var foo = await LookupAsync(policy, "example.com", "foo");
        Assert.Equal(CredentialSpecificity.Repository(1), foo.Specificity);
        AssertBasic(foo.Credential, "example.com/foo user", "example.com/foo password");

        var bar = await LookupAsync(policy, "example.com", "bar");
        Assert.Equal(CredentialSpecificity.Repository(1), bar.Specificity);
        AssertBasic(bar.Credential, "ambient-example.com-user", "ambient-password");
        Assert.Equal(ambient, bar.Chosen!.Location);
        Assert.Equal("auths[\"example.com/bar\"]", bar.Chosen.Key);

        foreach (var repo in new[] { "not-foo", "not-bar" })
        {
            var other = await LookupAsync(policy, "example.com", repo);
            Assert.Equal(CredentialSpecificity.Domain, other.Specificity);
            AssertBasic(other.Credential, "example.com user", "example.com password");
        }
    }

    [Fact]
    public async Task Explicit_specificity_linux()
    {
        using var root = new CredentialRoot();
        root.WriteFakeHelper();
        root.WriteTofurc("""
            oci_default_credentials {
              discover_ambient_credentials = false
            }
            oci_credentials "example.com" {
              username = "example.com user"
              password = "example.com password"
            }
            oci_credentials "example.com/foo" {
              username = "example.com/foo user"
              password = "example.com/foo password"
            }
            oci_credentials "example.com/foo/bar" {
              username = "example.com/foo/bar user"
              password = "example.com/foo/bar password"
            }
            """);
        root.Write("home/.terraform.d/more.tfrc.json", """
            {"oci_credentials": {
              "example.net": {"docker_credentials_helper": "fake"},
              "example.net/foo": {"access_token": "example.net/foo access", "refresh_token": "example.net/foo refresh"}
            }}
            """);
        root.Write("home/.docker/config.json", CredentialRoot.AuthsJson(("example.org", "ignored", "because-discovery-is-off")));
        var policy = await root.PolicyAsync();
        Assert.Equal(new[] { "example.com", "example.com/foo", "example.com/foo/bar", "example.net", "example.net/foo" }
            .Select(l => $"explicit oci_credentials \"{l}\" block"), policy.Locations);

        Assert.Null((await LookupAsync(policy, "example.org", "foo")).Chosen);
        var cases = new (string Repo, CredentialSpecificity Specificity, string User)[]
        {
            ("baz", CredentialSpecificity.Domain, "example.com user"),
            ("foo", CredentialSpecificity.Repository(1), "example.com/foo user"),
            ("foo/bar", CredentialSpecificity.Repository(2), "example.com/foo/bar user"),
            ("foo/not-bar", CredentialSpecificity.Repository(1), "example.com/foo user"),
            ("not-foo/not-bar", CredentialSpecificity.Domain, "example.com user"),
        };
        foreach (var (repo, specificity, user) in cases)
        {
            var found = await LookupAsync(policy, "example.com", repo);
            Assert.Equal(specificity, found.Specificity);
            AssertBasic(found.Credential, user, user.Replace("user", "password", StringComparison.Ordinal));
        }

        var net = await LookupAsync(policy, "example.net", "baz");
        Assert.Equal(CredentialSpecificity.Domain, net.Specificity);
        AssertFakeHelper(net.Credential, "example.net");

        var netFoo = await LookupAsync(policy, "example.net", "foo");
        Assert.Equal(CredentialSpecificity.Repository(1), netFoo.Specificity);
        Assert.Equal("example.net/foo access", netFoo.Credential!.AccessToken);
        Assert.Equal("example.net/foo refresh", netFoo.Credential.RefreshToken);
        Assert.Null(netFoo.Credential.Username);

        var notFoo = await LookupAsync(policy, "example.net", "not-foo");
        Assert.Equal(CredentialSpecificity.Domain, notFoo.Specificity);
        AssertFakeHelper(notFoo.Credential, "example.net");
        Assert.All(root.HelperLog(), l => Assert.StartsWith("get https://example.net", l, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Explicit_global_credhelper_linux()
    {
        using var root = new CredentialRoot();
        root.WriteFakeHelper();
        root.WriteTofurc("oci_default_credentials {\n  docker_credentials_helper = \"fake\"\n}\n");
        var policy = await root.PolicyAsync();
        Assert.Equal(["oci_default_credentials block"], policy.Locations);
        foreach (var (domain, repo) in new[] { ("example.com", "foo/bar"), ("example.net", "baz") })
        {
            var found = await LookupAsync(policy, domain, repo);
            Assert.Equal(CredentialSpecificity.Global, found.Specificity);
            AssertFakeHelper(found.Credential, domain);
        }
    }

    public static TheoryData<string, string?, string?> AmbientGlobalHelperCases => new()
    {
        // relative file, XDG_CONFIG_HOME (relative to root) or null, XDG_RUNTIME_DIR or null
        { "xdgconfig/containers/auth.json", "xdgconfig", null },
        { "xdgrun/containers/auth.json", null, "xdgrun" },
        { "home/.config/containers/auth.json", null, null },
        { "home/.docker/config.json", null, null },
        { "home/.dockercfg", null, null },
    };

    [Theory]
    [MemberData(nameof(AmbientGlobalHelperCases))]
    public async Task Ambient_global_credhelper_linux(string file, string? xdgConfig, string? xdgRun)
    {
        using var root = new CredentialRoot();
        root.WriteFakeHelper();
        root.WriteTofurc(string.Empty);
        if (xdgConfig is not null)
        {
            root.Variables["XDG_CONFIG_HOME"] = root.Path(xdgConfig);
        }

        if (xdgRun is not null)
        {
            root.Variables["XDG_RUNTIME_DIR"] = root.Path(xdgRun);
        }

        var path = root.Write(file, "{\"credsStore\":\"fake\"}");
        var policy = await root.PolicyAsync();
        Assert.Equal([path], policy.Locations);
        var found = await LookupAsync(policy, "example.com", "foo");
        Assert.Equal(CredentialSpecificity.Global, found.Specificity);
        Assert.Equal("credsStore", found.Chosen!.Key);
        AssertFakeHelper(found.Credential, "example.com");
    }

    [Fact]
    public async Task Ambient_global_credhelper_explicitpath_linux()
    {
        using var root = new CredentialRoot();
        root.WriteFakeHelper();
        root.WriteTofurc("oci_default_credentials {\n  docker_style_config_files = [\"./explicitly-named.json\"]\n}\n");
        var path = root.Write("home/explicitly-named.json", "{\"credsStore\":\"fake\"}");
        root.Write("home/.docker/config.json", "{\"credsStore\":\"not-this-one\"}");
        var policy = await root.PolicyAsync();
        Assert.Equal([path], policy.Locations);
        AssertFakeHelper((await LookupAsync(policy, "example.com", "foo")).Credential, "example.com");
    }

    [Theory]
    [InlineData(CredentialPlatform.Linux)]
    [InlineData(CredentialPlatform.Windows)]
    [InlineData(CredentialPlatform.MacOS)]
    public async Task Ambient_global_credhelper_various_first_file_wins(CredentialPlatform platform)
    {
        using var root = new CredentialRoot { Platform = platform };
        root.WriteFakeHelper();
        root.Variables["XDG_CONFIG_HOME"] = root.XdgConfig;
        root.Variables["XDG_RUNTIME_DIR"] = root.XdgRun;
        root.Variables["APPDATA"] = root.Path("appdata");
        var linux = platform == CredentialPlatform.Linux;
        var run = root.Write("xdgrun/containers/auth.json", $"{{\"credsStore\":\"{(linux ? "fake" : "unused-on-this-os")}\"}}");
        var homeConfig = root.Write("home/.config/containers/auth.json", $"{{\"credsStore\":\"{(linux ? "unused-because-superseded" : "fake")}\"}}");
        var config = root.Write("xdgconfig/containers/auth.json", "{\"credsStore\":\"unused-because-superseded\"}");
        var docker = root.Write("home/.docker/config.json", "{\"credsStore\":\"unused-because-superseded\"}");
        var legacy = root.Write("home/.dockercfg", "{\"credsStore\":\"unused-because-superseded\"}");
        var policy = await root.PolicyAsync();
        Assert.Equal(linux ? [run, config, docker, legacy] : [homeConfig, config, docker, legacy], policy.Locations);
        var found = await LookupAsync(policy, "example.com", "foo");
        Assert.Equal(linux ? run : homeConfig, found.Chosen!.Location);
        AssertFakeHelper(found.Credential, "example.com");
    }

    [Fact]
    public async Task Ambient_totally_disabled_linux()
    {
        using var root = new CredentialRoot();
        root.Variables["XDG_CONFIG_HOME"] = root.XdgConfig;
        root.WriteTofurc("oci_default_credentials {\n  discover_ambient_credentials = false\n}\n");
        root.Write("xdgconfig/containers/auth.json", CredentialRoot.AuthsJson(("example.com", "u", "p")));
        var policy = await root.PolicyAsync();
        Assert.Empty(policy.Locations);
        Assert.Null(policy.Select("example.com", "foo").Chosen);
    }

    [Fact]
    public async Task Ambient_dockerstyle_disabled_linux()
    {
        using var root = new CredentialRoot();
        root.Variables["XDG_CONFIG_HOME"] = root.XdgConfig;
        root.WriteTofurc("oci_default_credentials {\n  docker_style_config_files = []\n}\n");
        root.Write("xdgconfig/containers/auth.json", CredentialRoot.AuthsJson(("example.com", "u", "p")));
        var policy = await root.PolicyAsync();
        Assert.Empty(policy.Locations);
        Assert.Null(policy.Select("example.com", "foo").Chosen);
    }

    [Fact]
    public async Task Two_docker_files_credHelpers_beat_a_later_tie_and_empty_entries_fall_back_to_credsStore()
    {
        using var root = new CredentialRoot();
        root.WriteFakeHelper("global-helper-1");
        root.WriteFakeHelper("example-com-helper");
        var first = root.Write("file1.json", $$$"""
            {"credsStore": "global-helper-1",
             "credHelpers": {"example.com": "example-com-helper"},
             "auths": {
               "example.com/foo": {"auth": "{{{CredentialRoot.Auth("foo-user", "foo-pass")}}}"},
               "example.com/empty": {},
               "example.net/foo": {"auth": "{{{CredentialRoot.Auth("net-foo", "p1")}}}"},
               "example.net/foo/bar": {"auth": "{{{CredentialRoot.Auth("net-foo-bar", "p2")}}}"},
               "example.org/a": null,
               "example.org/b": {"auth": ""}
             }}
            """);
        var second = root.Write("file2.json", CredentialRoot.AuthsJson(("example.com", "second-file", "p")));
        root.WriteTofurc($"oci_default_credentials {{\n  docker_style_config_files = [\"{first}\", \"{second}\"]\n}}\n");
        var policy = await root.PolicyAsync();
        Assert.Equal([first, second], policy.Locations);

        var com = await LookupAsync(policy, "example.com", "other");
        Assert.Equal("credHelpers[\"example.com\"]", com.Chosen!.Key);
        Assert.Equal(first, com.Chosen.Location);
        AssertFakeHelper(com.Credential, "example.com");
        AssertBasic((await LookupAsync(policy, "example.com", "foo")).Credential, "foo-user", "foo-pass");
        Assert.Equal("credHelpers[\"example.com\"]", (await LookupAsync(policy, "example.com", "empty")).Chosen!.Key);
        AssertBasic((await LookupAsync(policy, "example.net", "foo/doot")).Credential, "net-foo", "p1");
        AssertBasic((await LookupAsync(policy, "example.net", "foo/bar")).Credential, "net-foo-bar", "p2");
        foreach (var repo in new[] { "a", "b" })
        {
            var org = await LookupAsync(policy, "example.org", repo);
            Assert.Equal(CredentialSpecificity.Global, org.Specificity);
            Assert.Equal("credsStore", org.Chosen!.Key);
        }

        Assert.Equal(CredentialSpecificity.Global, (await LookupAsync(policy, "unconfigured.example", "x")).Specificity);
    }

    [Fact]
    public async Task A_broken_discovered_file_drops_every_ambient_file_with_a_warning()
    {
        using var root = new CredentialRoot();
        root.Write("home/.docker/config.json", CredentialRoot.AuthsJson(("example.com", "u", "p")));
        var broken = root.Write("home/.dockercfg", "{\"auths\":{\"example.com\":{\"auth\":\"not base64!\"}}}");
        var notices = new List<CredentialNotice>();
        var provider = new DiscoveredCredentialProvider(root.Environment, notices.Add);
        Assert.Null(await provider.GetCredentialAsync("example.com", "foo"));
        var warning = Assert.Single(notices, n => n.IsWarning);
        Assert.Contains($"parsing {broken}: auths[\"example.com\"].auth is not valid base64", warning.Message, StringComparison.Ordinal);
        Assert.Contains("no Docker-style credentials file is used", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_explicitly_named_file_that_is_missing_is_a_configuration_error()
    {
        using var root = new CredentialRoot();
        var missing = root.Path("nope.json");
        root.WriteTofurc($"oci_default_credentials {{\n  docker_style_config_files = [\"{missing}\"]\n}}\n");
        var policy = await root.PolicyAsync();
        var ex = Assert.Throws<TofuOciException>(() => policy.Select("example.com", "foo"));
        Assert.Equal(ErrorIds.InvalidCredentialsConfiguration, ex.ErrorId);
        Assert.StartsWith($"invalid credentials configuration for OCI registries: discovering ambient OCI registry credentials: failed to read Docker-style config files: reading {missing}: the file does not exist",
            ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_matching_entry_fails_the_lookup_when_something_else_matched_and_is_warned_about_otherwise()
    {
        using var root = new CredentialRoot();
        var path = root.Write("home/.docker/config.json",
            $"{{\"credsStore\":\"fake\",\"auths\":{{\"example.com\":{{\"auth\":\"{Convert.ToBase64String("no-colon-here"u8.ToArray())}\"}}}}}}");
        root.WriteFakeHelper();
        var notices = new List<CredentialNotice>();
        var provider = new DiscoveredCredentialProvider(root.Environment, notices.Add);
        var ex = await Assert.ThrowsAsync<TofuOciException>(() => provider.GetCredentialAsync("example.com", "foo").AsTask());
        Assert.Equal(ErrorIds.CredentialLookupFailed, ex.ErrorId);
        Assert.StartsWith($"finding credentials for \"example.com\": from {path}: auth object for \"example.com\" in {path} does not have base64-encoded username:password pair.",
            ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("no-colon-here", ex.Message, StringComparison.Ordinal);

        File.WriteAllText(path, $"{{\"auths\":{{\"example.com\":{{\"auth\":\"{Convert.ToBase64String("no-colon-here"u8.ToArray())}\"}}}}}}");
        var quiet = new List<CredentialNotice>();
        Assert.Null(await new DiscoveredCredentialProvider(root.Environment, quiet.Add).GetCredentialAsync("example.com", "foo"));
        Assert.Contains(quiet, n => n.IsWarning && n.Message.Contains("does not have base64-encoded username:password pair", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_identity_token_is_used_as_a_refresh_token_and_url_keys_are_ignored_with_a_note()
    {
        using var root = new CredentialRoot();
        var path = root.Write("home/.docker/config.json", $$$"""
            {"auths": {
              "https://index.docker.io/v1/": {"auth": "{{{CredentialRoot.Auth("hub", "hub-pass")}}}"},
              "example.com": {"auth": "{{{CredentialRoot.Auth("alice", "")}}}", "identitytoken": "refresh-me"}
            }}
            """);
        var notices = new List<CredentialNotice>();
        var provider = new DiscoveredCredentialProvider(root.Environment, notices.Add);
        var credential = await provider.GetCredentialAsync("example.com", "foo");
        Assert.Equal("refresh-me", credential!.RefreshToken);
        Assert.Equal("alice", credential.Username);
        Assert.Equal($"{path} entry for example.com (identity token)", credential.Source);
        Assert.Contains(notices, n => !n.IsWarning && n.Message == $"{path}: auths key \"https://index.docker.io/v1/\" is not a registry host or host/repository prefix and is ignored (OpenTofu ignores it too).");
        Assert.Null(await provider.GetCredentialAsync("index.docker.io", "library/alpine"));
    }
}
