using System.CommandLine;
using System.Text.Json.Nodes;
using OpenTofuOci.Core.Access;
using OpenTofuOci.Core.Credentials.Login;
using OpenTofuOci.Core.Errors;

namespace OpenTofuOci.Cli.Commands.Credentials;

/// <summary>
/// <c>tofu-oci login &lt;registry&gt; -u &lt;user&gt; --password-stdin</c> and <c>tofu-oci logout &lt;registry&gt;</c>:
/// verify and store credentials where <c>docker login</c> would, or remove them.
/// </summary>
internal static class LoginCommand
{
    public static Command CreateLogin(CommonOptions common, CliConsole console)
    {
        var registry = new Argument<string>("registry") { Description = "host[:port] of the registry" };
        var command = new Command("login", "Check a user name and password (or token) against a registry and store them where docker login would (credential helper, or ~/.docker/config.json; $DOCKER_CONFIG/config.json when DOCKER_CONFIG is set, which tofu does not read), so tofu and tofu-oci find them.")
        {
            registry,
        };
        CommandAction.Set(command, common, console, async (parse, json, cancellationToken) =>
        {
            var host = parse.GetValue(registry)!;
            var username = parse.GetValue(common.Username);
            if (username is null || !parse.GetValue(common.PasswordStdin))
            {
                throw Usage($"Give the user name with --username and pipe the password or token to --password-stdin, e.g. `printenv REG_PASSWORD | tofu-oci login {host} -u <user> --password-stdin`.");
            }

            var password = console.In.ReadLine()?.TrimEnd('\r')
                ?? throw Usage("--password-stdin was given but standard input is empty; pipe the password or token in.");
            // The login brings its own credential: the plan is only how to reach the registry.
            var plan = await common.PlanAsync(parse, console, [new AddressInput(host, AddressUse.Registry)], cancellationToken, withCredential: false);
            var sinks = common.Sinks(parse, console);
            var result = await RegistryLogin.LoginAsync(host, username, password, plan.Environment.Credentials,
                plan.RemoteOptions(plan.Repository, sinks.Log, sinks.Warning), cancellationToken);
            Write(result, console, json, $"Login succeeded for {username} at {host}{(result.Verified ? string.Empty : " (the registry asked for no credentials)")}; stored in {string.Join(", ", result.Store)}.");
            return 0;
        });
        return command;
    }

    public static Command CreateLogout(CommonOptions common, CliConsole console)
    {
        var registry = new Argument<string>("registry") { Description = "host[:port] of the registry" };
        var command = new Command("logout", "Remove the credentials stored for a registry (credential helper entry and ~/.docker/config.json entry; $DOCKER_CONFIG/config.json when DOCKER_CONFIG is set).")
        {
            registry,
        };
        CommandAction.Set(command, common, console, async (parse, json, cancellationToken) =>
        {
            var host = parse.GetValue(registry)!;
            var result = await RegistryLogin.LogoutAsync(host, console.Environment, cancellationToken);
            Write(result, console, json, result.Changed
                ? $"Removed the credentials for {host} from {string.Join(", ", result.Store)}."
                : $"Not logged in to {host}: nothing was stored for it.");
            return 0;
        });
        return command;
    }

    private static void Write(RegistryLoginResult result, CliConsole console, bool json, string text)
    {
        foreach (var notice in result.Notices)
        {
            console.Warn(notice.Message);
        }

        if (json)
        {
            console.Out.WriteLine(CliJson.Write(new JsonObject
            {
                ["registry"] = result.Registry,
                ["username"] = result.Username,
                ["store"] = CliJson.Strings(result.Store),
                ["verified"] = result.Verified,
                ["changed"] = result.Changed,
            }));
            return;
        }

        console.Out.WriteLine(text);
    }

    private static TofuOciException Usage(string message) => new(ErrorIds.InvalidArgument, ErrorKind.InvalidArgument, message);
}
