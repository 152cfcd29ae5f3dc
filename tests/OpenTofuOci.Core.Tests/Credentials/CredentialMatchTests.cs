using OpenTofuOci.Core.Credentials.Docker;
using OpenTofuOci.Core.Credentials.Policy;
using OpenTofuOci.Core.Credentials;

namespace OpenTofuOci.Core.Tests.Credentials;

/// <summary>Key matching (docs/opentofu-compatibility.md §5.4) and the Docker-style search list per OS (§5.3).</summary>
public sealed class CredentialMatchTests
{
    [Theory]
    [InlineData("example.net", "foo", 2)]
    [InlineData("example.net/foo", "foo", 3)]
    [InlineData("example.net/foo", "foo/bar", 3)]
    [InlineData("example.net/foo/bar", "foo", 0)]
    [InlineData("example.net/foo/bar", "foo/bar", 4)]
    [InlineData("example.net/foo/bar", "foo/bar/baz", 4)]
    [InlineData("example.net/foo/not-bar", "foo/bar", 0)]
    [InlineData("example.net/not-foo", "foo/bar", 0)]
    [InlineData("", "foo", 0)]
    [InlineData("EXAMPLE.net", "foo", 0)]
    [InlineData("example.net:443", "foo", 0)]
    [InlineData("https://example.net/v1/", "foo", 0)]
    [InlineData("example.net/foo:tag", "foo", 0)]
    public void Keys_match_as_OpenTofu_matches_them(string key, string repository, int specificity) =>
        Assert.Equal(specificity, CredentialSpecificity.Match(key, "example.net", repository).Value);

    private static CredentialEnvironment Env(CredentialPlatform platform, params (string Name, string Value)[] variables)
    {
        var map = variables.ToDictionary(v => v.Name, v => v.Value);
        return new CredentialEnvironment(platform, n => map.TryGetValue(n, out var v) ? v : null, "/home/u", null);
    }

    [Fact]
    public void Linux_search_list_without_and_with_XDG_variables()
    {
        Assert.Equal(["/home/u/.config/containers/auth.json", "/home/u/.docker/config.json", "/home/u/.dockercfg"],
            DockerConfigLocations.SearchList(Env(CredentialPlatform.Linux)));
        Assert.Equal(["/var/run/12/containers/auth.json", "/home/u/.contrarian-config/containers/auth.json", "/home/u/.docker/config.json", "/home/u/.dockercfg"],
            DockerConfigLocations.SearchList(Env(CredentialPlatform.Linux, ("XDG_RUNTIME_DIR", "/var/run/12"), ("XDG_CONFIG_HOME", "/home/u/.contrarian-config"))));
    }

    [Theory]
    [InlineData(CredentialPlatform.Windows)]
    [InlineData(CredentialPlatform.MacOS)]
    public void Windows_and_macOS_read_home_config_first_and_ignore_XDG_RUNTIME_DIR(CredentialPlatform platform)
    {
        // The duplicate of ~/.config/containers/auth.json is read once.
        Assert.Equal(["/home/u/.config/containers/auth.json", "/home/u/.docker/config.json", "/home/u/.dockercfg"],
            DockerConfigLocations.SearchList(Env(platform)).Select(p => p.Replace('\\', '/')));
        Assert.Equal(["/home/u/.config/containers/auth.json", "/x/containers/auth.json", "/home/u/.docker/config.json", "/home/u/.dockercfg"],
            DockerConfigLocations.SearchList(Env(platform, ("XDG_RUNTIME_DIR", "/var/run/12"), ("XDG_CONFIG_HOME", "/x"))).Select(p => p.Replace('\\', '/')));
    }

    [Fact]
    public void Other_unix_systems_ignore_the_XDG_RUNTIME_DIR_variable() =>
        Assert.Equal(["/x/containers/auth.json", "/home/u/.docker/config.json", "/home/u/.dockercfg"],
            DockerConfigLocations.SearchList(Env(CredentialPlatform.OtherUnix, ("XDG_RUNTIME_DIR", "/var/run/12"), ("XDG_CONFIG_HOME", "/x"))));

    [Fact]
    public void Home_comes_from_HOME_or_USERPROFILE_then_the_OS_then_a_fallback()
    {
        Assert.Equal("/h", Env(CredentialPlatform.Linux, ("HOME", "/h"), ("USERPROFILE", "/p")).HomeDirectory);
        Assert.Equal("/p", Env(CredentialPlatform.Windows, ("HOME", "/h"), ("USERPROFILE", "/p")).HomeDirectory);
        Assert.Equal("/home/u", Env(CredentialPlatform.Linux).HomeDirectory);
        Assert.Equal("/", new CredentialEnvironment(CredentialPlatform.Linux, _ => null, null, null).HomeDirectory);
        Assert.Equal("nul:", new CredentialEnvironment(CredentialPlatform.Windows, _ => null, null, null).HomeDirectory);
    }

    [Fact]
    public void The_helper_timeout_defaults_to_60_seconds_and_is_read_from_the_environment()
    {
        Assert.Equal(TimeSpan.FromSeconds(60), Env(CredentialPlatform.Linux).HelperTimeout);
        Assert.Equal(TimeSpan.FromSeconds(2.5), Env(CredentialPlatform.Linux, (CredentialEnvironment.HelperTimeoutVariable, "2.5")).HelperTimeout);
        Assert.Equal(TimeSpan.FromSeconds(60), Env(CredentialPlatform.Linux, (CredentialEnvironment.HelperTimeoutVariable, "soon")).HelperTimeout);
    }
}

/// <summary>Reading Docker-style files as OpenTofu does (docs/opentofu-compatibility.md §5.3).</summary>
public sealed class DockerConfigFileTests
{
    [Theory]
    [InlineData("[]", "parsing f.json: the top level is not a JSON object")]
    [InlineData("{\"auths\":{\"a\":1}}", "parsing f.json: auths[\"a\"] is not a JSON object")]
    [InlineData("{\"auths\":{\"a\":{\"auth\":\"%%%\"}}}", "parsing f.json: auths[\"a\"].auth is not valid base64")]
    [InlineData("{\"credHelpers\":{\"a\":true}}", "parsing f.json: credHelpers[\"a\"] is not a string")]
    [InlineData("{\"credsStore\":[]}", "parsing f.json: credsStore is not a string")]
    public void Malformed_files_are_invalid_with_a_message_naming_the_problem(string json, string message)
    {
        var ex = Assert.Throws<Errors.TofuOciException>(() => DockerConfigFile.Parse("f.json", System.Text.Encoding.UTF8.GetBytes(json)));
        Assert.Equal(Errors.ErrorIds.InvalidDockerConfig, ex.ErrorId);
        Assert.StartsWith(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fields_match_case_insensitively_and_unknown_fields_are_ignored()
    {
        var file = DockerConfigFile.Parse("f.json", """
            {"Auths":{"example.com":{"Auth":"dTpw","email":"x"},"n":null},"CredHelpers":{"example.net":"pass"},"credStore":"typo","HttpHeaders":{}}
            """u8);
        var entry = Assert.Single(file.Auths);
        Assert.Equal(("example.com", "u", "p"), (entry.Key, entry.Username, entry.Password));
        Assert.Equal("pass", file.CredHelpers["example.net"]);
        Assert.Null(file.CredsStore);
    }
}
