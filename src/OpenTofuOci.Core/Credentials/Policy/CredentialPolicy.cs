using OpenTofuOci.Core.Configuration;
using OpenTofuOci.Core.Credentials.Docker;
using OpenTofuOci.Core.Errors;

namespace OpenTofuOci.Core.Credentials.Policy;

/// <summary>
/// OpenTofu's credentials policy (docs/opentofu-compatibility.md §5.1, §5.6): the <c>oci_credentials</c> blocks,
/// then the <c>oci_default_credentials</c> helper, then the Docker-style files in search order. For a
/// repository the most specific source wins; on a tie the first one met. No fallback once chosen.
/// </summary>
public sealed class CredentialPolicy
{
    private readonly IReadOnlyList<CredentialConfig> _configs;
    private readonly string? _configurationError;

    private CredentialPolicy(IReadOnlyList<CredentialConfig> configs, string? configurationError, IReadOnlyList<CredentialNotice> notices)
    {
        _configs = configs;
        _configurationError = configurationError;
        Notices = notices;
    }

    /// <summary>Every configuration consulted, in priority order.</summary>
    public IReadOnlyList<string> Locations => _configs.Select(c => c.Location).ToList();

    /// <summary>Warnings and details met while loading (files dropped, keys ignored).</summary>
    public IReadOnlyList<CredentialNotice> Notices { get; }

    /// <summary>Loads OpenTofu's CLI configuration for <paramref name="environment"/> and builds the policy from it.</summary>
    /// <exception cref="CliConfigException">The CLI configuration breaks one of OpenTofu's rules.</exception>
    public static async Task<CredentialPolicy> LoadAsync(CredentialEnvironment environment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var config = await CliConfigLoader.LoadAsync(environment.CliConfig, cancellationToken).ConfigureAwait(false);
        return await FromConfigAsync(config, environment, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Builds the policy from an already loaded CLI configuration.</summary>
    public static async Task<CredentialPolicy> FromConfigAsync(CliConfig config, CredentialEnvironment environment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(environment);
        var configs = new List<CredentialConfig>();
        var notices = new List<CredentialNotice>();
        configs.AddRange(config.OciCredentials.Select(b => new ExplicitBlockConfig(b, environment)));
        var defaults = config.OciDefaultCredentials;
        if (!string.IsNullOrEmpty(defaults?.DockerCredentialsHelper))
        {
            configs.Add(new DefaultHelperConfig(defaults.DockerCredentialsHelper, environment));
        }

        string? error = null;
        if (defaults?.DiscoverAmbientCredentials ?? true)
        {
            var explicitFiles = defaults?.DockerStyleConfigFiles;
            var paths = explicitFiles ?? DockerConfigLocations.SearchList(environment);
            if (explicitFiles is null && DockerConfigNotices.Discovery(environment) is { } dockerConfig)
            {
                notices.Add(dockerConfig);
            }

            var files = new List<DockerConfigFile>();
            var problems = new List<string>();
            foreach (var path in paths)
            {
                try
                {
                    var file = await DockerConfigFile.ReadAsync(path, cancellationToken).ConfigureAwait(false);
                    if (file is not null)
                    {
                        files.Add(file);
                    }
                    else if (explicitFiles is not null)
                    {
                        problems.Add($"reading {path}: the file does not exist");
                    }
                }
                catch (TofuOciException ex) when (ex.Code == ErrorCode.InvalidDockerConfig)
                {
                    problems.Add(ex.Message);
                }
            }

            if (problems.Count > 0 && explicitFiles is not null)
            {
                error = "invalid credentials configuration for OCI registries: discovering ambient OCI registry credentials: failed to read Docker-style config files: "
                    + string.Join("; ", problems) + " Fix docker_style_config_files in the oci_default_credentials block, or the files it names.";
            }
            else if (problems.Count > 0)
            {
                // OpenTofu only logs this at WARN level and then uses none of the files.
                notices.Add(new CredentialNotice(true,
                    "Problems during OCI registry ambient credentials discovery, so no Docker-style credentials file is used (as OpenTofu does): "
                    + string.Join("; ", problems)));
            }
            else
            {
                foreach (var file in files)
                {
                    configs.Add(new DockerFileConfig(file, environment));
                    foreach (var entry in file.Auths.Where(e => CredentialSpecificity.IsUnusableKey(e.Key)))
                    {
                        notices.Add(new CredentialNotice(false,
                            $"{file.Path}: auths key \"{entry.Key}\" is not a registry host or host/repository prefix and is ignored (OpenTofu ignores it too)."));
                    }
                }
            }
        }

        return new CredentialPolicy(configs, error, notices);
    }

    /// <summary>Picks the source for <paramref name="registry"/> (host[:port]) and <paramref name="repository"/>.</summary>
    /// <exception cref="TofuOciException"><see cref="ErrorIds.InvalidCredentialsConfiguration"/> when explicitly named files are missing or malformed.</exception>
    public CredentialSelection Select(string registry, string repository)
    {
        if (_configurationError is not null)
        {
            throw new TofuOciException(ErrorIds.InvalidCredentialsConfiguration, ErrorKind.InvalidArgument, _configurationError, registry);
        }

        var candidates = new List<CredentialCandidate>();
        var problems = new List<string>();
        CredentialCandidate? best = null;
        foreach (var config in _configs)
        {
            foreach (var (candidate, problem) in config.Lookup(registry, repository))
            {
                if (problem is not null)
                {
                    problems.Add($"from {config.Location}: {problem}");
                    continue;
                }

                candidates.Add(candidate!);
                if (candidate!.Specificity > (best?.Specificity ?? CredentialSpecificity.None))
                {
                    best = candidate;
                }
            }
        }

        return new CredentialSelection(registry, repository, Locations, candidates, best, problems);
    }
}
