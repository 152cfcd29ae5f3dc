using OpenTofuOci.Core.Access;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci.Remote;
using OpenTofuOci.Core.Oci.Stores;
using OpenTofuOci.Core.Oci.Targets;
using OpenTofuOci.Core.Oci.Transport;
using static OpenTofuOci.Core.Tests.Remote.RemoteTestKit;

namespace OpenTofuOci.Core.Tests.Remote;

/// <summary>Where a command's retry count and idle timeout come from: its option, else TOFU_OCI_MAX_RETRIES / TOFU_OCI_IDLE_TIMEOUT, else the defaults.</summary>
public class RetrySettingsTests
{
    private static AccessPlan Plan(int? maxRetries, Dictionary<string, string>? variables = null) => AccessPlan.Create(new AccessRequest
    {
        Addresses = [new AddressInput("registry.example.com/p/aws")],
        MaxRetries = maxRetries,
        Environment = HermeticAccess.Environment(variables: variables),
    });

    [Fact]
    public void Without_option_or_variable_a_command_retries_five_times_and_stalls_for_sixty_seconds_at_most()
    {
        var retries = Plan(null).Retries;
        Assert.Equal((5, TimeSpan.FromSeconds(60), TimeSpan.FromMinutes(10)), (retries.MaxRetries, retries.IdleTimeout, retries.Deadline));
    }

    [Fact]
    public void The_environment_variables_set_the_default_and_the_option_overrides_it()
    {
        var variables = new Dictionary<string, string> { ["TOFU_OCI_MAX_RETRIES"] = "0", ["TOFU_OCI_IDLE_TIMEOUT"] = "7" };
        Assert.Equal((0, TimeSpan.FromSeconds(7)), (Plan(null, variables).Retries.MaxRetries, Plan(null, variables).Retries.IdleTimeout));
        Assert.Equal(9, Plan(9, variables).Retries.MaxRetries);
    }

    [Fact]
    public void A_variable_that_is_not_a_whole_number_in_range_is_refused_by_name()
    {
        var ex = Assert.Throws<TofuOciException>(() => Plan(null, new Dictionary<string, string> { ["TOFU_OCI_MAX_RETRIES"] = "many" }));
        Assert.Equal(ErrorCode.InvalidArgument, ex.Code);
        Assert.Equal("The environment variable TOFU_OCI_MAX_RETRIES is \"many\"; set it to a whole number from 0 to 100, or unset it for the default.", ex.Message);

        var idle = Assert.Throws<TofuOciException>(() => Plan(null, new Dictionary<string, string> { ["TOFU_OCI_IDLE_TIMEOUT"] = "0" }));
        Assert.Equal("The environment variable TOFU_OCI_IDLE_TIMEOUT is \"0\"; set it to a whole number from 1 to 86400, or unset it for the default.", idle.Message);
    }

    [Fact]
    public void An_option_out_of_range_is_refused_in_the_neutral_spelling()
    {
        var ex = Assert.Throws<TofuOciException>(() => Plan(101));
        Assert.Equal(ErrorCode.InvalidArgument, ex.Code);
        Assert.Equal("the maximum retry count option must be a whole number from 0 to 100, not 101.", ex.Message);
    }

    [Fact]
    public async Task A_target_opened_by_a_plan_with_no_retries_sends_a_request_that_gets_503_once()
    {
        await using var server = await InProcessServer.StartAsync((ctx, _) => WriteAsync(ctx, 503));
        var plan = AccessPlan.Create(new AccessRequest
        {
            Addresses = [new AddressInput($"{server.Authority}/{Repo}")],
            PlainHttp = true,
            Environment = HermeticAccess.Environment(variables: new Dictionary<string, string> { ["TOFU_OCI_MAX_RETRIES"] = "0" }),
        });
        using var repo = (RemoteRepository)plan.Open(plan.Repository, null, null);

        Assert.Equal(0, repo.Options.MaxRetries);
        var ex = await Assert.ThrowsAsync<TofuOciException>(() => repo.ExistsAsync(Blob([1, 2, 3])));
        Assert.Equal(ErrorCode.RegistryError, ex.Code);
        Assert.Single(server.Requests);
    }

    [Fact]
    public void Target_options_without_retries_take_the_variable_of_their_transport_environment()
    {
        var options = new TargetOptions
        {
            PlainHttp = true,
            Transport = new RegistryTransportSettings { Environment = TransportEnvironment.FromVariables(new Dictionary<string, string> { ["TOFU_OCI_MAX_RETRIES"] = "2" }) },
        };
        Assert.Equal(2, TargetFactory.RemoteOptions("localhost:5000", options).MaxRetries);
    }
}
