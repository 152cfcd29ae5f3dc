using OpenTofuOci.Core.Credentials.Policy;

namespace OpenTofuOci.Core.Credentials.Docker;

/// <summary>
/// Where OpenTofu looks for Docker-style credential files, in order (spec/opentofu-compat.md §5.3,
/// <c>dockerCLIStyleAuthFileSearchLocations</c>).
/// </summary>
public static class DockerConfigLocations
{
    /// <summary>
    /// The search list for <paramref name="environment"/>: Linux <c>$XDG_RUNTIME_DIR/containers/auth.json</c>
    /// (Windows/macOS <c>~/.config/containers/auth.json</c> instead), then
    /// <c>${XDG_CONFIG_HOME:-~/.config}/containers/auth.json</c>, <c>~/.docker/config.json</c>,
    /// <c>~/.dockercfg</c>. Consecutive duplicates are listed once.
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

    /// <summary><c>~/.docker/config.json</c>: where <c>docker login</c> writes and where login/logout here write.</summary>
    public static string DockerConfigPath(CredentialEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return Path.Join(environment.HomeDirectory, ".docker", "config.json");
    }
}
