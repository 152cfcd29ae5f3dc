using static OpenTofuOci.Core.Tests.Remote.RemoteTestKit;

namespace OpenTofuOci.Core.Tests.Cli;

/// <summary>
/// --retries and TOFU_OCI_MAX_RETRIES against an in-process server that answers 503 forever (a real
/// registry will not), and --debug showing each retry.
/// </summary>
public sealed class CliRetryTests
{
    [Fact]
    public async Task Retries_option_bounds_the_attempts_and_debug_shows_each_retry_against_a_server_that_always_answers_503()
    {
        await using var server = await InProcessServer.StartAsync((ctx, _) => WriteAsync(ctx, 503));

        var r = await CliRunner.RunAsync("tags", $"{server.Authority}/{Repo}", "--plain-http", "--retries", "2", "--debug");

        Assert.Equal(1, r.ExitCode);
        Assert.Equal(3, server.Requests.Count);
        var retries = r.Error.Split(Environment.NewLine).Where(l => l.StartsWith("debug: retry ", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, retries.Count);
        Assert.StartsWith($"debug: retry 1 of 2: GET {server.BaseUrl}/v2/{Repo}/tags/list after 503, in ", retries[0], StringComparison.Ordinal);
        Assert.StartsWith($"debug: retry 2 of 2: GET {server.BaseUrl}/v2/{Repo}/tags/list after 503, in ", retries[1], StringComparison.Ordinal);
        Assert.EndsWith("(Gave up after 3 attempts.) [RegistryError]" + Environment.NewLine, r.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_environment_variable_sets_the_retries_when_the_option_is_not_given()
    {
        await using var server = await InProcessServer.StartAsync((ctx, _) => WriteAsync(ctx, 503));
        var environment = CliRunner.EnvironmentWith(Path.Combine(Path.GetTempPath(), "tofuoci-no-home-" + Guid.NewGuid().ToString("N")),
            new Dictionary<string, string> { ["TOFU_OCI_MAX_RETRIES"] = "0" });

        var r = await CliRunner.RunWithEnvironmentAsync(environment, string.Empty, "tags", $"{server.Authority}/{Repo}", "--plain-http");

        Assert.Equal(1, r.ExitCode);
        Assert.Single(server.Requests);
        Assert.DoesNotContain("attempts", r.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_retry_count_out_of_range_is_a_usage_error_naming_the_option()
    {
        var r = await CliRunner.RunAsync("tags", "127.0.0.1:1/a", "--retries", "101");
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("error: --retries must be a whole number from 0 to 100, not 101. [InvalidArgument]" + Environment.NewLine, r.Error);
    }

    [Fact]
    public async Task A_retry_count_that_is_not_a_number_is_a_usage_error()
    {
        var r = await CliRunner.RunAsync("tags", "127.0.0.1:1/a", "--retries", "many");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("'many'", r.Error, StringComparison.Ordinal);
        Assert.Contains("--retries", r.Error, StringComparison.Ordinal);
    }
}
