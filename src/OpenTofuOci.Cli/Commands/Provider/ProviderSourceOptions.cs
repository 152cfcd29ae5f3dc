using System.CommandLine;
using OpenTofuOci.Core.Access;
using OpenTofuOci.Core.Configuration;
using OpenTofuOci.Core.Errors;
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

    public Option<bool> RequireProvenance { get; } = new("--require-provenance")
    {
        Description = "Use a version only when a signed provenance artifact (kept by provider mirror from the origin registry) refers to it, its signature verifies and every package is the one its signed SHA256SUMS lists; lock also records zh: for every platform listed there.",
    };

    public Option<string[]> TrustedKeys { get; } = new("--trusted-key")
    {
        Description = "With --require-provenance: an OpenPGP public key file (armored or binary) whose keys are the only ones trusted to have signed; repeat for several. Default: the key stored with the provenance.",
        AllowMultipleArgumentsPerToken = false,
    };

    public void AddTo(Command command)
    {
        command.Arguments.Add(Addresses);
        command.Options.Add(Version);
        command.Options.Add(Platforms);
        command.Options.Add(Repository);
        command.Options.Add(Template);
        command.Options.Add(RequireProvenance);
        command.Options.Add(TrustedKeys);
    }

    public IReadOnlyList<ProviderRequirement> Requirements(ParseResult parse)
    {
        var version = parse.GetValue(Version);
        var constraint = version is null ? VersionConstraint.Any : VersionConstraint.Parse(version);
        return parse.GetValue(Addresses)!.Select(a => new ProviderRequirement(ProviderAddress.Parse(a), constraint)).ToList();
    }

    public IReadOnlyList<ProviderPlatform> PlatformList(ParseResult parse) =>
        (parse.GetValue(Platforms) ?? []).Select(ProviderPlatform.Parse).ToList();

    /// <summary>
    /// Which repository holds each provider: an explicit repository, a template, or else the CLI
    /// configuration's oci_mirror blocks (read once per command), planned by Core's access rules.
    /// </summary>
    public async Task<ProviderSourceResolver> ResolverAsync(ParseResult parse, CommonOptions common, CliConsole console,
        IReadOnlyList<ProviderRequirement> providers, CancellationToken cancellationToken)
    {
        var repository = parse.GetValue(Repository);
        var plan = await common.PlanAsync(parse, console, repository is null ? [] : [new AddressInput(repository)], cancellationToken,
            parse.GetValue(Template), providers.Select(p => p.Address).ToList());
        return await plan.CreateResolverAsync(common.Sinks(parse, console), cancellationToken);
    }

    /// <summary>The command's CLI configuration (for its plugin cache directory), read once; what OpenTofu would warn about goes to stderr.</summary>
    public static Func<Task<CliConfig>> ConfigLoader(CommonOptions common, CliConsole console, CancellationToken cancellationToken) =>
        () => common.Environment(console).GetCliConfigurationAsync(null, TlsOptions.Warnings(console), cancellationToken);

    public static TofuOciException Usage(string message) => new(ErrorIds.InvalidArgument, ErrorKind.InvalidArgument, message);
}
