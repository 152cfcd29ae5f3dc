using OpenTofuOci.Core.Credentials.Policy;

namespace OpenTofuOci.Core.Credentials.Docker;

/// <summary>
/// Where OpenTofu looks for Docker-style credential files, in order (<c>dockerCLIStyleAuthFileSearchLocations</c>),
/// with one deliberate difference: when <c>DOCKER_CONFIG</c> is set, its <c>config.json</c> takes the place of
/// <c>~/.docker/config.json</c>, as in docker and oras (docs/design.md "Credentials").
/// </summary>
public static class DockerConfigLocations
{
    /// <summary>The variable docker, oras and this tool read for the directory of <c>config.json</c>; OpenTofu ignores it.</summary>
    public const string DockerConfigVariable = "DOCKER_CONFIG";

    /// <summary>
    /// The search list for <paramref name="environment"/>: Linux <c>$XDG_RUNTIME_DIR/containers/auth.json</c>
    /// (Windows/macOS <c>~/.config/containers/auth.json</c> instead), then
    /// <c>${XDG_CONFIG_HOME:-~/.config}/containers/auth.json</c>, <see cref="DockerConfigPath"/> (OpenTofu:
    /// always <c>~/.docker/config.json</c>), <c>~/.dockercfg</c>. Consecutive duplicates are listed once.
    /// </summary>
    public static IReadOnlyList<string> SearchList(CredentialEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var home = environment.HomeDirectory;
        var list = new List<string>();
        if (environment.Platform == CredentialPlatform.Linux)
        {
            if (environment.Variable("XDG_RUNTIME_DIR") is { } run)
            {
                list.Add(Path.Join(run, "containers", "auth.json"));
            }
        }
        else if (environment.Platform is CredentialPlatform.Windows or CredentialPlatform.MacOS)
        {
            list.Add(Path.Join(home, ".config", "containers", "auth.json"));
        }

        var config = environment.Variable("XDG_CONFIG_HOME") ?? Path.Join(home, ".config");
        list.Add(Path.Join(config, "containers", "auth.json"));
        list.Add(DockerConfigPath(environment));
        list.Add(Path.Join(home, ".dockercfg"));
        var distinct = new List<string>();
        foreach (var path in list)
        {
            if (distinct.Count == 0 || !string.Equals(distinct[^1], path, StringComparison.Ordinal))
            {
                distinct.Add(path);
            }
        }

        return distinct;
    }

    /// <summary>
    /// Where <c>docker login</c> writes, and so where login/logout here write and discovery reads:
    /// <c>$DOCKER_CONFIG/config.json</c> when <c>DOCKER_CONFIG</c> is set, else <see cref="OpenTofuDockerConfigPath"/>.
    /// </summary>
    public static string DockerConfigPath(CredentialEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return DockerConfigDirectory(environment) is { } directory
            ? Path.Join(directory, "config.json")
            : OpenTofuDockerConfigPath(environment);
    }

    /// <summary><c>~/.docker/config.json</c>, the docker file OpenTofu reads whatever <c>DOCKER_CONFIG</c> says.</summary>
    public static string OpenTofuDockerConfigPath(CredentialEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return Path.Join(environment.HomeDirectory, ".docker", "config.json");
    }

    /// <summary>The directory <c>DOCKER_CONFIG</c> names, or null when it is unset or empty.</summary>
    public static string? DockerConfigDirectory(CredentialEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return environment.Variable(DockerConfigVariable);
    }
}
