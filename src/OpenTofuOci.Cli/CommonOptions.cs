using System.CommandLine;
using OpenTofuOci.Core.Access;
using OpenTofuOci.Core.Credentials;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Providers;

namespace OpenTofuOci.Cli;

/// <summary>Options every command accepts, and how they become Core's <see cref="AccessRequest"/>.</summary>
internal sealed class CommonOptions
{
    private AccessEnvironment? _environment;

    public Option<bool> PlainHttp { get; } = new("--plain-http")
    {
        Description = "Talk to the registries named on this command (with --template or the CLI configuration: every registry reached) over plain HTTP instead of HTTPS (only for registries you trust on a trusted network).",
        Recursive = true,
    };

    public Option<string?> Username { get; } = new("--username", "-u")
    {
        Description = "User name for the registry; the password or token is read from standard input with --password-stdin.",
        Recursive = true,
    };

    public Option<bool> PasswordStdin { get; } = new("--password-stdin")
    {
        Description = "Read the password or token from the first line of standard input.",
        Recursive = true,
    };

    public Option<string?> CredentialRegistry { get; } = new("--credential-registry")
    {
        Description = "The registry host[:port] the --username credentials are for, when the command names two registries or a template or the CLI configuration chooses them.",
        Recursive = true,
    };

    public Option<bool> Debug { get; } = new("--debug")
    {
        Description = "Write what is reached and how, and one line per HTTP exchange (method, URL without query, status) to standard error; never credentials.",
        Recursive = true,
    };

    public Option<int?> Retries { get; } = new("--retries")
    {
        Description = "How many times a failed registry read (connection failure, stall, 429/502/503/504, body cut off or changed in transit) is retried, 0 to 100; default: TOFU_OCI_MAX_RETRIES, else 5.",
        HelpName = "N",
        Recursive = true,
    };

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Write machine-readable JSON to standard output instead of text.",
        Recursive = true,
    };

    /// <summary>CA bundles, client certificates and skipped verification (docs/cli.md "TLS").</summary>
    public TlsOptions Tls { get; } = new();

    public void AddTo(Command root)
    {
        Tls.AddTo(root);
        root.Options.Add(PlainHttp);
        root.Options.Add(Username);
        root.Options.Add(PasswordStdin);
        root.Options.Add(CredentialRegistry);
        root.Options.Add(Debug);
        root.Options.Add(Retries);
        root.Options.Add(Json);
    }

    /// <summary>
    /// What this command sees of its process: one per command, so the credential policy and the CLI
    /// configuration are read once; discovery's warnings go to stderr.
    /// </summary>
    public AccessEnvironment Environment(CliConsole console) =>
        _environment ??= new AccessEnvironment(console.Environment, console.TransportEnvironment, notice =>
        {
            if (notice.IsWarning)
            {
                console.Warn(notice.Message);
            }
        });

    /// <summary>
    /// Plans how this command reaches <paramref name="addresses"/> (or, without them, the
    /// <paramref name="template"/>'s or the CLI configuration's repositories) from the command's
    /// options, by Core's one set of rules; warns on stderr about options that do not apply and, with
    /// --debug, says what is reached and how.
    /// </summary>
    /// <param name="withCredential">False for commands that read their own credential (login) or need none (credentials).</param>
    public async Task<AccessPlan> PlanAsync(ParseResult parse, CliConsole console, IReadOnlyList<AddressInput> addresses, CancellationToken cancellationToken,
        string? template = null, IReadOnlyList<ProviderAddress>? providers = null, bool withCredential = true)
    {
        var (tls, registryTls) = Tls.ToRequest(parse, console.TransportEnvironment);
        var plan = AccessPlan.Create(new AccessRequest
        {
            Addresses = addresses,
            RepositoryTemplate = template,
            Providers = providers ?? [],
            Credential = withCredential ? ReadCredential(parse, console) : null,
            CredentialRegistry = withCredential ? parse.GetValue(CredentialRegistry) : null,
            PlainHttp = parse.GetValue(PlainHttp),
            Tls = tls,
            RegistryTls = registryTls,
            MaxRetries = parse.GetValue(Retries),
            Environment = Environment(console),
        });
        foreach (var warning in plan.Warnings())
        {
            console.Warn(warning.Text);
        }

        if (parse.GetValue(Debug))
        {
            TlsOptions.WriteLine(console, "debug: reaching " + (await plan.DescribeAsync(cancellationToken)).Text);
        }

        return plan;
    }

    /// <summary>Where a command's HTTP log, warnings and (with --debug) what it read and chose go.</summary>
    public AccessSinks Sinks(ParseResult parse, CliConsole console)
    {
        var debug = parse.GetValue(Debug);
        return new AccessSinks
        {
            Log = debug ? line => TlsOptions.WriteLine(console, "debug: " + line) : null,
            Warning = TlsOptions.Warnings(console),
            Verbose = debug ? line => TlsOptions.WriteLine(console, "debug: " + line) : null,
        };
    }

    // The password is read from stdin only when --username says there is one; it never goes on the command line.
    private RegistryCredential? ReadCredential(ParseResult parse, CliConsole console)
    {
        var username = parse.GetValue(Username);
        var passwordStdin = parse.GetValue(PasswordStdin);
        if (username is null && !passwordStdin)
        {
            return null;
        }

        if (username is null || !passwordStdin)
        {
            throw Usage("--username and --password-stdin go together: give the user name with --username and pipe the password or token to standard input.");
        }

        var password = console.In.ReadLine()
            ?? throw Usage("--password-stdin was given but standard input is empty; pipe the password or token in, e.g. `printenv REG_PASSWORD | tofu-oci ... --password-stdin`.");
        return RegistryCredential.Basic(username, password.TrimEnd('\r'), "--username/--password-stdin");
    }

    private static TofuOciException Usage(string message) =>
        new(ErrorIds.InvalidArgument, ErrorKind.InvalidArgument, message);
}
