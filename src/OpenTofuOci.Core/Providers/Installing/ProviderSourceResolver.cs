using OpenTofuOci.Core.Configuration;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci.Stores;
using OpenTofuOci.Core.Oci.Targets;

namespace OpenTofuOci.Core.Providers.Installing;

/// <summary>
/// Decides which OCI repository holds a provider: one repository named explicitly, a repository
/// template, or the <c>oci_mirror</c> blocks of OpenTofu's CLI configuration
/// (docs/opentofu-compatibility.md §6), where the first block whose <c>include</c>/<c>exclude</c> patterns
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
            // The same id the access plan gives a repository address with a tag (OpenTofuOci.Core.Access).
            throw new TofuOciException(ErrorIds.InvalidReference, ErrorKind.InvalidArgument,
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
        return ForMapping(template.Map, Opener(options));
    }

    /// <summary>Providers are mapped with a <c>tofu providers lock -oci-mirror</c>-style <c>{…}</c> URI template.</summary>
    public static ProviderSourceResolver ForTemplate(UriRepositoryTemplate template, TargetOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(template);
        return ForMapping(template.Map, Opener(options));
    }

    /// <summary>
    /// Parses a template written either way: with <c>${</c> it is an <c>oci_mirror</c> template,
    /// otherwise an RFC 6570 URI template (<c>tofu providers lock -oci-mirror</c>). The providers
    /// named act as the <c>oci_mirror</c> block's <c>include</c>, so a template may leave out a
    /// symbol they all share (e.g. <c>${hostname}</c> when all are on one registry), and a provider
    /// not named cannot be resolved.
    /// </summary>
    public static ProviderSourceResolver ForTemplate(string template, IReadOnlyList<ProviderAddress> providers, TargetOptions? options = null) =>
        ForMapping(TemplateMapping(template, providers), Opener(options));

    /// <summary>
    /// Parses and validates a template written either way (see <see cref="ForTemplate(string, IReadOnlyList{ProviderAddress}, TargetOptions?)"/>)
    /// and returns what it maps a provider to: a registry and a repository, both valid.
    /// </summary>
    public static Func<ProviderAddress, (string Registry, string Repository)> TemplateMapping(string template, IReadOnlyList<ProviderAddress> providers)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(providers);
        return template.Contains("${", StringComparison.Ordinal)
            ? RepositoryTemplate.Parse(template, providers.Select(p => ProviderPattern.Parse(p.ToString())).ToList()).Map
            : UriRepositoryTemplate.Parse(template).Map;
    }

    /// <summary>
    /// Providers are read from the repository <paramref name="map"/> gives them, opened by
    /// <paramref name="open"/> (registry, repository): the caller decides how a registry is reached.
    /// </summary>
    public static ProviderSourceResolver ForMapping(Func<ProviderAddress, (string Registry, string Repository)> map, Func<string, string, IReadOnlyTarget> open)
    {
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(open);
        return new ProviderSourceResolver(a =>
        {
            var (registry, repository) = map(a);
            return open(registry, repository);
        });
    }

    /// <summary>
    /// Providers are mapped by the configuration's <c>oci_mirror</c> blocks, in order. Templates and
    /// patterns are validated now, so a broken block fails before anything is fetched. Other
    /// installation methods are ignored: this tool installs only from OCI mirrors.
    /// </summary>
    public static ProviderSourceResolver ForConfiguration(CliConfig config, TargetOptions? options = null) => ForConfiguration(config, Opener(options));

    /// <summary>
    /// <see cref="ForConfiguration(CliConfig, TargetOptions?)"/>, with the repositories opened by
    /// <paramref name="open"/> (registry, repository).
    /// </summary>
    public static ProviderSourceResolver ForConfiguration(CliConfig config, Func<string, string, IReadOnlyTarget> open)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(open);
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
                    var (registry, repository) = mirror.Template.Map(address);
                    return open(registry, repository);
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

    // The mapping validated registry and repository; they are opened as they are, not re-parsed.
    private static Func<string, string, IReadOnlyTarget> Opener(TargetOptions? options) =>
        (registry, repository) => TargetFactory.OpenRemote(registry, repository, options);
}
