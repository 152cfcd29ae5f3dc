using System.Text.Json;

namespace OpenTofuOci.Core.Tests.Cli;

/// <summary>Argument checking happens before any network or disk access, with exit code 2 and a message that says what to do.</summary>
public sealed class CliArgumentTests
{
    [Fact]
    public async Task Copy_without_a_source_tag_is_a_usage_error()
    {
        var r = await CliRunner.RunAsync("copy", "127.0.0.1:1/a", "oci-layout:/tmp/x");
        Assert.True(2 == r.ExitCode, r.Error + r.Out);
        Assert.Equal("error: \"127.0.0.1:1/a\" names no tag or digest; add one, e.g. 127.0.0.1:1/a:1.0.0. [InvalidReference]" + Environment.NewLine, r.Error);
        Assert.Equal(string.Empty, r.Out);
    }

    [Fact]
    public async Task Copy_to_a_digest_is_a_usage_error()
    {
        var r = await CliRunner.RunAsync("copy", "oci-layout:/tmp/a:1", "oci-layout:/tmp/b@sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("names the digest sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a, but a destination keeps the digest of what is written", r.Error, StringComparison.Ordinal);
        Assert.EndsWith("[InvalidReference]" + Environment.NewLine, r.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tags_with_a_tag_in_the_repository_is_a_usage_error_in_json_too()
    {
        var r = await CliRunner.RunAsync("tags", "example.com/repo:1.0.0", "--json");
        Assert.Equal(2, r.ExitCode);
        var error = JsonDocument.Parse(r.Out).RootElement.GetProperty("error");
        Assert.Equal("InvalidReference", error.GetProperty("id").GetString());
        Assert.Equal("example.com/repo:1.0.0", error.GetProperty("target").GetString());
    }

    [Fact]
    public async Task A_url_instead_of_a_reference_is_explained()
    {
        var r = await CliRunner.RunAsync("tags", "https://ghcr.io/org/repo");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("without a URL scheme", r.Error, StringComparison.Ordinal);
        Assert.Contains("[InvalidReference]", r.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("tags")]
    [InlineData("bogus")]
    [InlineData("copy", "oci-layout:a:1")]
    public async Task Malformed_command_lines_exit_with_2_and_say_why(params string[] args)
    {
        var r = await CliRunner.RunAsync(args);
        Assert.Equal(2, r.ExitCode);
        Assert.NotEqual(string.Empty, r.Error.Trim());
    }

    [Fact]
    public async Task Username_without_password_stdin_is_refused()
    {
        var r = await CliRunner.RunAsync("tags", "127.0.0.1:1/a", "--username", "u");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--username and --password-stdin go together", r.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Credentials_for_a_copy_between_two_registries_need_credential_registry()
    {
        var r = await CliRunner.RunWithInputAsync("secret\n", "copy", "127.0.0.1:1/a:1", "127.0.0.2:1/b", "--username", "u", "--password-stdin");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("say which one the credentials are for with --credential-registry", r.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", r.Error + r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Credential_registry_must_be_one_named_on_the_command()
    {
        var r = await CliRunner.RunWithInputAsync("secret\n", "tags", "127.0.0.1:1/a", "--username", "u", "--password-stdin", "--credential-registry", "evil.example");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--credential-registry evil.example is not one of the registries named on this command (127.0.0.1:1)", r.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unreachable_registry_fails_with_exit_1_and_names_the_registry()
    {
        // Port 9 on loopback: nothing listens there on these machines, so the connection is refused.
        var r = await CliRunner.RunAsync("tags", "127.0.0.1:9/nothing", "--plain-http");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("127.0.0.1:9", r.Error, StringComparison.Ordinal);
        Assert.Contains("[ConnectionFailed]", r.Error, StringComparison.Ordinal);
    }
}
