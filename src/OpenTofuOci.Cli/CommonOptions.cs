using System.CommandLine;
using OpenTofuOci.Core.Credentials;
using OpenTofuOci.Core.Credentials.Policy;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci.Targets;

namespace OpenTofuOci.Cli;

/// <summary>Options every command accepts, and how they become Core's <see cref="TargetOptions"/>.</summary>
internal sealed class CommonOptions
{
    public Option<bool> PlainHttp { get; } = new("--plain-http")
    {
        Description = "Talk to the registries named on this command over plain HTTP instead of HTTPS (only for registries you trust on a trusted network).",
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
        Description = "The registry host[:port] the --username credentials are for, when the command names two registries.",
        Recursive = true,
    };

    public Option<bool> Debug { get; } = new("--debug")
    {
        Description = "Write one line per HTTP exchange (method, URL without query, status) to standard error; never credentials.",
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
        root.Options.Add(Json);
    }

    /// <summary>
    /// Builds target options for the registries named on the command. Explicit credentials go to
    /// exactly one registry: the only one named, or the one --credential-registry picks; every other
    /// registry gets the credentials <c>tofu</c> would find (spec/opentofu-compat.md §5).
    /// </summary>
    public TargetOptions ToTargetOptions(ParseResult parse, CliConsole console, params TargetAddress[] addresses) =>
        ToTargetOptions(parse, console, registriesKnown: true, addresses);

    private TargetOptions ToTargetOptions(ParseResult parse, CliConsole console, bool registriesKnown, params TargetAddress[] addresses)
    {
        var registries = addresses.Where(a => !a.IsLayout).Select(a => a.Remote!.Registry)
            .Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var username = parse.GetValue(Username);
        var passwordStdin = parse.GetValue(PasswordStdin);
        ICredentialProvider credentials = Discovered(console);
        if (username is not null || passwordStdin)
        {
            if (username is null || !passwordStdin)
            {
                throw Usage("--username and --password-stdin go together: give the user name with --username and pipe the password or token to standard input.");
            }

            var registry = parse.GetValue(CredentialRegistry);
            if (registry is null)
            {
                if (registries.Count != 1)
                {
                    throw Usage(registries.Count == 0
                        ? "--username was given but no registry is named on this command."
                        : $"This command names {registries.Count} registries ({string.Join(", ", registries)}); say which one the credentials are for with --credential-registry.");
                }

                registry = registries[0];
            }
            else if (!registries.Contains(registry, StringComparer.OrdinalIgnoreCase))
            {
                throw Usage($"--credential-registry {registry} is not one of the registries named on this command ({string.Join(", ", registries)}).");
            }

            var password = console.In.ReadLine()
                ?? throw Usage("--password-stdin was given but standard input is empty; pipe the password or token in, e.g. `printenv REG_PASSWORD | tofu-oci ... --password-stdin`.");
            credentials = new ExplicitCredentialProvider(registry, RegistryCredential.Basic(username, password.TrimEnd('\r'), "--username/--password-stdin"), credentials);
        }

        return new TargetOptions
        {
            PlainHttp = parse.GetValue(PlainHttp),
            Credentials = credentials,
            Transport = Tls.ToSettings(parse, registriesKnown ? registries : null, console.TransportEnvironment),
            Warning = TlsOptions.Warnings(console),
            Log = parse.GetValue(Debug) ? line => TlsOptions.WriteLine(console, "debug: " + line) : null,
        };
    }

    /// <summary>
    /// How to reach <paramref name="registry"/> (plain HTTP, TLS trust and client certificate, debug
    /// log) without credentials: for commands that bring their own, such as login.
    /// </summary>
    public TargetOptions ToTransportOptions(ParseResult parse, CliConsole console, string registry) => new()
    {
        PlainHttp = parse.GetValue(PlainHttp),
        Transport = Tls.ToSettings(parse, [registry], console.TransportEnvironment),
        Warning = TlsOptions.Warnings(console),
        Log = parse.GetValue(Debug) ? line => TlsOptions.WriteLine(console, "debug: " + line) : null,
    };

    /// <summary>
    /// Target options for commands whose registries are known only later (from a repository
    /// template or the CLI configuration): --plain-http applies to every registry the command
    /// reaches, and explicit credentials need --credential-registry to say which one they are for.
    /// </summary>
    public TargetOptions ToTargetOptionsForAnyRegistry(ParseResult parse, CliConsole console)
    {
        var registry = parse.GetValue(CredentialRegistry);
        if (registry is null && (parse.GetValue(Username) is not null || parse.GetValue(PasswordStdin)))
        {
            throw Usage("The registries of this command come from a repository template or the CLI configuration, so say which one --username is for with --credential-registry <host[:port]>.");
        }

        if (registry is null)
        {
            return ToTargetOptions(parse, console, registriesKnown: false);
        }

        var address = TargetAddress.Parse(registry + "/credential-registry");
        return ToTargetOptions(parse, console, registriesKnown: false, address);
    }

    /// <summary>
    /// The credentials <c>tofu</c> would pick (oci_credentials blocks, Docker-style files, helpers), found
    /// lazily on a registry's first challenge; its warnings go to stderr.
    /// </summary>
    public static DiscoveredCredentialProvider Discovered(CliConsole console) =>
        new(console.Environment, notice =>
        {
            if (notice.IsWarning)
            {
                console.Warn(notice.Message);
            }
        });

    private static TofuOciException Usage(string message) =>
        new(ErrorIds.InvalidArgument, ErrorKind.InvalidArgument, message);
}
