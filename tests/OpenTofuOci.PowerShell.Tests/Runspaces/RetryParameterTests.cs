using OpenTofuOci.TestFixtures;

namespace OpenTofuOci.PowerShell.Tests.Runspaces;

/// <summary>
/// -MaximumRetryCount in a real runspace against an in-process server that answers 503 forever (a
/// real registry will not): it bounds the attempts, -Verbose shows each retry and the error says how
/// many attempts were made.
/// </summary>
public sealed class RetryParameterTests : IDisposable
{
    private readonly RunspaceLease _ps = ModuleRunspaces.Rent();

    public void Dispose() => _ps.Dispose();

    [Fact]
    public async Task MaximumRetryCount_bounds_the_attempts_against_a_server_that_always_answers_503_and_verbose_shows_each_retry()
    {
        await using var server = await InProcessServer.StartAsync((ctx, _) =>
        {
            ctx.Response.StatusCode = 503;
            return Task.CompletedTask;
        });

        var run = _ps.Run("Get-TofuOciTag -Repository \"$registry/team/repo\" -PlainHttp -MaximumRetryCount 2 -Verbose", ("registry", server.Authority));

        Assert.Equal(3, server.Requests.Count);
        var retries = run.Verbose.Where(v => v.StartsWith("retry ", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, retries.Count);
        Assert.StartsWith($"retry 1 of 2: GET {server.BaseUrl}/v2/team/repo/tags/list after 503, in ", retries[0], StringComparison.Ordinal);
        Assert.StartsWith($"retry 2 of 2: GET {server.BaseUrl}/v2/team/repo/tags/list after 503, in ", retries[1], StringComparison.Ordinal);
        var error = Assert.Single(run.Errors);
        Assert.EndsWith("(Gave up after 3 attempts.)", error.Exception.Message, StringComparison.Ordinal);
        Assert.StartsWith("RegistryError,", error.FullyQualifiedErrorId, StringComparison.Ordinal);
    }

    [Fact]
    public void MaximumRetryCount_above_100_is_refused_by_parameter_validation()
    {
        var run = _ps.Run("Get-TofuOciTag -Repository 'localhost:1/team/repo' -MaximumRetryCount 101");

        var record = run.TerminatingRecord ?? Assert.Single(run.Errors);
        Assert.StartsWith("ParameterArgumentValidationError,", record.FullyQualifiedErrorId, StringComparison.Ordinal);
    }
}
