using System.CommandLine;
using OpenTofuOci.Core.Configuration;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci.Targets;
using OpenTofuOci.Core.Providers;
using OpenTofuOci.Core.Providers.Installing;

namespace OpenTofuOci.Cli.Commands.Provider;

/// <summary>The arguments <c>provider install</c> and <c>provider lock</c> share: which providers, which versions and platforms, and where the mirror is.</summary>
internal sealed class ProviderSourceOptions
{
    public Argument<string[]> Addresses { get; } = new("address")
    {
        Description = "Provider source address [hostname/]namespace/type, e.g. hashicorp/aws; several may be given.",
        Arity = ArgumentArity.OneOrMore,
    };

    public Option<string?> Version { get; } = new("--version")
    {
        Description = "Version constraint, e.g. \"~> 1.2\" (applies to every address); default: the newest released version, or the version the lock file already selects.",
    };

    public Option<string[]> Platforms { get; } = new("--platform")
    {
        Description = "Target platform os_arch, e.g. linux_amd64; repeat for several. Default: this machine's.",
        AllowMultipleArgumentsPerToken = false,
    };

    public Option<string?> Repository { get; } = new("--repository")
    {
        Description = "The mirror repository: host[:port]/repository or oci-layout:<directory> (one provider only).",
    };

    public Option<string?> Template { get; } = new("--template")
    {
        Description = "Repository template, e.g. \"registry.example.com/providers/${namespace}/${type}\" (oci_mirror syntax) or \"…/{namespace}/{type}\" (tofu providers lock -oci-mirror syntax).",
    };

    public void AddTo(Command command)
    {
        command.Arguments.Add(Addresses);
        command.Options.Add(Version);
        command.Options.Add(Platforms);
        command.Options.Add(Repository);
        command.Options.Add(Template);
    }

    public IReadOnlyList<ProviderRequirement> Requirements(ParseResult parse)
    {
        var version = parse.GetValue(Version);
        var constraint = version is null ? VersionConstraint.Any : VersionConstraint.Parse(version);
        return parse.GetValue(Addresses)!.Select(a => new ProviderRequirement(ProviderAddress.Parse(a), constraint)).ToList();
    }

    public IReadOnlyList<ProviderPlatform> PlatformList(ParseResult parse) =>
        (parse.GetValue(Platforms) ?? []).Select(ProviderPlatform.Parse).ToList();

    /// <summary>An explicit repository, a template, or else the CLI configuration's oci_mirror blocks (loaded on demand).</summary>
    public async Task<ProviderSourceResolver> ResolverAsync(ParseResult parse, CommonOptions common, CliConsole console,
        IReadOnlyList<ProviderRequirement> providers, Func<Task<CliConfig>> loadConfig)
    {
        var repository = parse.GetValue(Repository);
        var template = parse.GetValue(Template);
        if (repository is not null && template is not null)
        {
            throw Usage("Give either --repository or --template, not both.");
        }

        if (repository is not null)
        {
            if (providers.Count != 1)
            {
                throw Usage($"--repository names the repository of one provider, but {providers.Count} addresses were given; install them one by one or use --template.");
            }

            var address = TargetAddress.Parse(repository);
            return ProviderSourceResolver.ForRepository(address, common.ToTargetOptions(parse, console, address));
        }

        var options = common.ToTargetOptionsForAnyRegistry(parse, console);
        if (template is not null)
        {
            return ProviderSourceResolver.ForTemplate(template, providers.Select(p => p.Address).ToList(), options);
        }

        return ProviderSourceResolver.ForConfiguration(await loadConfig(), options);
    }

    public static Func<Task<CliConfig>> ConfigLoader(CliConsole console, CancellationToken cancellationToken)
    {
        Task<CliConfig>? loaded = null;
        return () => loaded ??= LoadAsync();

        // What OpenTofu would warn about (other installation methods, a missing TF_CLI_CONFIG_FILE) goes to stderr.
        async Task<CliConfig> LoadAsync()
        {
            var config = await CliConfigLoader.LoadAsync(console.Environment.CliConfig, cancellationToken).ConfigureAwait(false);
            foreach (var warning in config.Warnings)
            {
                console.Warn(warning.ToString());
            }

            return config;
        }
    }

    public static TofuOciException Usage(string message) => new(ErrorIds.InvalidArgument, ErrorKind.InvalidArgument, message);
}
