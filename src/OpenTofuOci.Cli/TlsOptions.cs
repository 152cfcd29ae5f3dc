using System.CommandLine;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci.Transport;

namespace OpenTofuOci.Cli;

/// <summary>
/// The transport-security options every command accepts (docs/cli.md "TLS"). A value may be scoped to
/// one registry as <c>host[:port]=value</c>; an unscoped value applies to every registry the command
/// reaches. The client-certificate password is never on the command line: it is read from the
/// environment variable <c>--client-cert-password-env</c> names.
/// </summary>
internal sealed class TlsOptions
{
    private static readonly object StderrLock = new();

    public Option<string[]> CaFile { get; } = new("--ca-file")
    {
        Description = "PEM file of CA certificates trusted in addition to the system roots; prefix host[:port]= to scope it to one registry. Repeatable.",
        Recursive = true,
        Arity = ArgumentArity.OneOrMore,
    };

    public Option<string[]> ClientCert { get; } = new("--client-cert")
    {
        Description = "Client certificate for mutual TLS: a PEM file (key in --client-key or in the same file) or a PKCS#12/PFX file; prefix host[:port]= to scope it. Repeatable.",
        Recursive = true,
        Arity = ArgumentArity.OneOrMore,
    };

    public Option<string[]> ClientKey { get; } = new("--client-key")
    {
        Description = "PEM private key (RSA or ECDSA, optionally encrypted) of --client-cert; prefix host[:port]= to scope it. Repeatable.",
        Recursive = true,
        Arity = ArgumentArity.OneOrMore,
    };

    public Option<string[]> ClientCertPasswordEnv { get; } = new("--client-cert-password-env")
    {
        Description = "Name of the environment variable holding the password of a PFX file or encrypted key; prefix host[:port]= to scope it. Repeatable.",
        Recursive = true,
        Arity = ArgumentArity.OneOrMore,
    };

    public Option<string[]> InsecureSkipTlsVerify { get; } = new("--insecure-skip-tls-verify")
    {
        Description = "Do not verify the TLS certificate of this registry (host[:port]); for throwaway test registries only. Warns every time. Repeatable.",
        Recursive = true,
        Arity = ArgumentArity.OneOrMore,
    };

    public void AddTo(Command root)
    {
        root.Options.Add(CaFile);
        root.Options.Add(ClientCert);
        root.Options.Add(ClientKey);
        root.Options.Add(ClientCertPasswordEnv);
        root.Options.Add(InsecureSkipTlsVerify);
    }

    /// <summary>
    /// The TLS settings the options give: for every registry, and scoped to one registry each. Whether
    /// a scoped registry is one the command reaches is the access plan's rule, checked there.
    /// </summary>
    public (TlsSettings All, IReadOnlyDictionary<string, TlsSettings> Scoped) ToRequest(ParseResult parse, TransportEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(environment);
        var all = TlsSettings.None;
        var scoped = new Dictionary<string, TlsSettings>(StringComparer.OrdinalIgnoreCase);

        void Apply(Option<string[]> option, Func<TlsSettings, string, TlsSettings> set, bool path)
        {
            var seenUnscoped = false;
            foreach (var raw in parse.GetValue(option) ?? [])
            {
                var (registry, value) = Split(raw);
                if (value.Length == 0)
                {
                    throw Usage($"{option.Name} \"{raw}\" has no value.");
                }

                if (path)
                {
                    value = Path.GetFullPath(value);
                }

                if (registry is null)
                {
                    if (seenUnscoped)
                    {
                        throw Usage($"{option.Name} was given twice for every registry; scope each to its registry as host[:port]=value.");
                    }

                    seenUnscoped = true;
                    all = set(all, value);
                    continue;
                }

                scoped[registry] = set(scoped.TryGetValue(registry, out var s) ? s : TlsSettings.None, value);
            }
        }

        Apply(CaFile, (s, v) => s with { CaFile = v }, path: true);
        Apply(ClientCert, (s, v) => s with { ClientCertificateFile = v }, path: true);
        Apply(ClientKey, (s, v) => s with { ClientKeyFile = v }, path: true);
        Apply(ClientCertPasswordEnv, (s, v) => s with { ClientCertificatePassword = environment.Variable(v) ?? throw Usage(
            $"--client-cert-password-env names the environment variable {v}, which is not set. Set it to the password of the PFX file or key."), }, path: false);
        foreach (var registry in parse.GetValue(InsecureSkipTlsVerify) ?? [])
        {
            if (!RegistryName.IsValid(registry))
            {
                throw Usage($"--insecure-skip-tls-verify takes one registry as host[:port], not \"{registry}\".");
            }

            scoped[registry] = (scoped.TryGetValue(registry, out var s) ? s : TlsSettings.None) with { SkipVerify = true };
        }

        return (all, scoped);
    }

    /// <summary>Writes the warnings the user must see each time (skipped verification) to stderr.</summary>
    public static Action<string> Warnings(CliConsole console) => line => WriteLine(console, "warning: " + line);

    /// <summary>Writes one line to stderr; parallel transfers log concurrently and a test's StringWriter is not thread-safe.</summary>
    internal static void WriteLine(CliConsole console, string line)
    {
        lock (StderrLock)
        {
            console.Error.WriteLine(line);
        }
    }

    /// <summary><c>host[:port]=value</c> → (host[:port], value); anything else is unscoped.</summary>
    private static (string? Registry, string Value) Split(string raw)
    {
        var eq = raw.IndexOf('=', StringComparison.Ordinal);
        if (eq > 0)
        {
            var head = raw[..eq];
            // A registry has no path separators; a path with '=' in a directory name stays a path.
            if (RegistryName.IsValid(head))
            {
                return (head, raw[(eq + 1)..]);
            }
        }

        return (null, raw);
    }

    private static TofuOciException Usage(string message) => new(ErrorIds.InvalidArgument, ErrorKind.InvalidArgument, message);
}
