using OpenTofuOci.Core.Configuration;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci.Targets;

namespace OpenTofuOci.Core.Providers.Installing;

/// <summary>
/// Decides which OCI repository holds a provider: one repository named explicitly, a repository
/// template, or the <c>oci_mirror</c> blocks of OpenTofu's CLI configuration
/// (spec/opentofu-compat.md §6), where the first block whose <c>include</c>/<c>exclude</c> patterns
/// select the provider wins, as in OpenTofu's <c>provider_installation</c>.
/// </summary>
public sealed class ProviderSourceResolver
{
    private readonly Func<ProviderAddress, IReadOnlyTarget> _resolve;

    private ProviderSourceResolver(Func<ProviderAddress, IReadOnlyTarget> resolve) => _resolve = resolve;

    /// <summary>Every provider is read from <paramref name="repository"/> (a registry repository or an <c>oci-layout:</c> directory).</summary>
    public static ProviderSourceResolver ForRepository(TargetAddress repository, TargetOptions? options = null, string? baseDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(repository);
        if (repository.Selector is not null)
        {
            throw new TofuOciException(ErrorIds.InvalidArgument, ErrorKind.InvalidArgument,
                $"\"{repository.Text}\" names a tag or digest; give only the repository, e.g. {repository.RepositoryText}. The version is chosen from its tags.",
                repository.Text);
        }

        var target = TargetFactory.Open(repository, options, baseDirectory);
        return new ProviderSourceResolver(_ => target);
    }

    /// <summary>Providers are mapped to repositories with an <c>oci_mirror</c>-style <c>${…}</c> template.</summary>
    public static ProviderSourceResolver ForTemplate(RepositoryTemplate template, TargetOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(template);
        return new ProviderSourceResolver(a => Open(template.Map(a), options));
    }

    /// <summary>Providers are mapped with a <c>tofu providers lock -oci-mirror</c>-style <c>{…}</c> URI template.</summary>
    public static ProviderSourceResolver ForTemplate(UriRepositoryTemplate template, TargetOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(template);
        return new ProviderSourceResolver(a => Open(template.Map(a), options));
    }

    /// <summary>
    /// Parses a template written either way: with <c>${</c> it is an <c>oci_mirror</c> template,
    /// otherwise an RFC 6570 URI template (<c>tofu providers lock -oci-mirror</c>). The providers
    /// named act as the <c>oci_mirror</c> block's <c>include</c>, so a template may leave out a
    /// symbol they all share (e.g. <c>${hostname}</c> when all are on one registry), and a provider
    /// not named cannot be resolved.
    /// </summary>
    public static ProviderSourceResolver ForTemplate(string template, IReadOnlyList<ProviderAddress> providers, TargetOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(providers);
        return template.Contains("${", StringComparison.Ordinal)
            ? ForTemplate(RepositoryTemplate.Parse(template, providers.Select(p => ProviderPattern.Parse(p.ToString())).ToList()), options)
            : ForTemplate(UriRepositoryTemplate.Parse(template), options);
    }

    /// <summary>
    /// Providers are mapped by the configuration's <c>oci_mirror</c> blocks, in order. Templates and
    /// patterns are validated now, so a broken block fails before anything is fetched. Other
    /// installation methods are ignored: this tool installs only from OCI mirrors.
    /// </summary>
    public static ProviderSourceResolver ForConfiguration(CliConfig config, TargetOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        var mirrors = (config.ProviderInstallation?.Methods ?? []).OfType<OciMirrorMethod>()
            .Select(m =>
            {
                var include = ProviderPattern.ParseAll(m.Include);
                return (Method: m, Include: include, Exclude: ProviderPattern.ParseAll(m.Exclude), Template: RepositoryTemplate.Parse(m.RepositoryTemplate, include));
            })
            .ToList();
        return new ProviderSourceResolver(address =>
        {
            foreach (var mirror in mirrors)
            {
                if ((mirror.Include.Count == 0 || mirror.Include.Any(p => p.Matches(address))) && !mirror.Exclude.Any(p => p.Matches(address)))
                {
                    return Open(mirror.Template.Map(address), options);
                }
            }

            var files = config.Files.Count == 0 ? "no CLI configuration file was found" : "read " + string.Join(", ", config.Files);
            var why = mirrors.Count == 0
                ? "the CLI configuration has no provider_installation block with an oci_mirror method"
                : $"none of the {mirrors.Count} oci_mirror block(s) includes it";
            throw new TofuOciException(ErrorIds.ProviderNotFound, ErrorKind.NotFound,
                $"Provider {address} has no OCI mirror: {why} ({files}). Add an oci_mirror block whose include matches \"{address}\", or name the repository with {UserOption.Repository} or {UserOption.RepositoryTemplate}.",
                address.ToString());
        });
    }

    /// <summary>Providers are read from whatever target <paramref name="resolve"/> returns (tests, custom front ends).</summary>
    public static ProviderSourceResolver FromFunction(Func<ProviderAddress, IReadOnlyTarget> resolve)
    {
        ArgumentNullException.ThrowIfNull(resolve);
        return new ProviderSourceResolver(resolve);
    }

    /// <summary>The repository that holds <paramref name="address"/>; throws <see cref="ErrorIds.ProviderNotFound"/> when none does.</summary>
    public IReadOnlyTarget Resolve(ProviderAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return _resolve(address);
    }

    private static ITarget Open((string Registry, string Repository) mapped, TargetOptions? options) =>
        TargetFactory.Open(TargetAddress.Parse($"{mapped.Registry}/{mapped.Repository}"), options);
}
