using System.Text;
using OpenTofuOci.Core.Hcl;

namespace OpenTofuOci.Core.Configuration;

/// <summary>
/// Reads and merges OpenTofu's CLI configuration files (docs/opentofu-compatibility.md §10), then validates
/// the merged result (§5.2, §6). All problems from all files are reported together in one
/// <see cref="CliConfigException"/>, as OpenTofu collects its diagnostics.
/// </summary>
public static class CliConfigLoader
{
    public const string PluginCacheDirVariable = "TF_PLUGIN_CACHE_DIR";

    /// <summary>Locates the files the way OpenTofu does for <paramref name="environment"/> and loads them.</summary>
    public static Task<CliConfig> LoadAsync(CliConfigEnvironment environment, CancellationToken cancellationToken = default) =>
        LoadAsync(CliConfigLocator.Locate(environment), environment, cancellationToken);

    /// <summary>Loads <paramref name="files"/> in order, merges and validates them.</summary>
    /// <exception cref="CliConfigException">A file cannot be read or parsed, or the configuration breaks a rule.</exception>
    public static async Task<CliConfig> LoadAsync(CliConfigFiles files, CliConfigEnvironment environment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(environment);
        var problems = new List<CliConfigProblem>();
        var fragments = new List<CliConfigFragment>();
        var read = new List<string>();
        var missing = new List<CliConfigWarning>();
        foreach (var path in files.All)
        {
            string text;
            try
            {
                text = await File.ReadAllTextAsync(path, Encoding.UTF8, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException && path == files.MainFile)
            {
                if (files.MainFileFromEnvironment)
                {
                    // OpenTofu warns ("Unable to open CLI configuration file") and goes on without it.
                    missing.Add(new CliConfigWarning(new Hcl.HclPosition(path, 0, 0),
                        $"Unable to open CLI configuration file: {path}, named by {CliConfigLocator.ConfigFileVariable} (or {CliConfigLocator.LegacyConfigFileVariable}), does not exist, so no CLI configuration is used (as tofu does). Create it, or unset the variable."));
                }

                continue;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                problems.Add(new CliConfigProblem(path, null, "Failed to read CLI configuration", $"Cannot read {path}: {ex.Message}"));
                continue;
            }

            read.Add(path);
            var fragment = Parse(text, path, environment, out var parseProblem);
            if (parseProblem is not null)
            {
                problems.Add(parseProblem);
                continue;
            }

            problems.AddRange(fragment!.Problems);
            fragments.Add(fragment);
        }

        var config = Merge(fragments, read, environment, problems);
        if (problems.Count > 0)
        {
            throw new CliConfigException(problems);
        }

        return missing.Count == 0 ? config : config with { Warnings = [.. missing, .. config.Warnings] };
    }

    /// <summary>
    /// Parses one file. JSON when the name ends in <c>.json</c> or, as HCL1 decides, when the first
    /// non-blank character is <c>{</c>; HCL native syntax otherwise.
    /// </summary>
    internal static CliConfigFragment? Parse(string text, string path, CliConfigEnvironment environment, out CliConfigProblem? problem)
    {
        problem = null;
        var json = path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || text.TrimStart().StartsWith('{');
        HclBody body;
        try
        {
            body = json ? HclJsonReader.Parse(text, path, CliConfigDecoder.JsonSchema) : HclParser.Parse(text, path);
        }
        catch (HclParseException ex)
        {
            problem = new CliConfigProblem(path, ex.Position, "Failed to parse CLI configuration", ex.Message);
            return null;
        }

        return new CliConfigDecoder(path, json, environment).Decode(body);
    }

    private static CliConfig Merge(List<CliConfigFragment> fragments, List<string> files, CliConfigEnvironment environment, List<CliConfigProblem> problems)
    {
        string? cacheDir = null;
        foreach (var f in fragments)
        {
            cacheDir = f.PluginCacheDir ?? cacheDir;
        }

        cacheDir = environment.Variable(PluginCacheDirVariable) ?? cacheDir;

        var installations = fragments.SelectMany(f => f.ProviderInstallations).ToList();
        if (installations.Count > 1)
        {
            problems.Add(new CliConfigProblem(installations[1].Position.File, installations[1].Position, "Invalid provider_installation block",
                $"No more than one provider_installation block may be specified (found one at {installations[0].Position} and another at {installations[1].Position})."));
        }

        var defaults = fragments.SelectMany(f => f.OciDefaultCredentials).ToList();
        if (defaults.Count > 1)
        {
            problems.Add(new CliConfigProblem(defaults[1].Position.File, defaults[1].Position, "Invalid oci_default_credentials block",
                $"No more than one oci_default_credentials block may be specified (found one at {defaults[0].Position} and another at {defaults[1].Position})."));
        }

        var credentials = fragments.SelectMany(f => f.OciCredentials).ToList();
        var firstByLabel = new Dictionary<string, OciCredentialsConfig>(StringComparer.Ordinal);
        foreach (var c in credentials)
        {
            if (!firstByLabel.TryAdd(c.RepositoryPrefix, c))
            {
                problems.Add(new CliConfigProblem(c.Position.File, c.Position, "Duplicate oci_credentials block",
                    $"Duplicate oci_credentials block for \"{c.RepositoryPrefix}\" at {c.Position}; the first is at {firstByLabel[c.RepositoryPrefix].Position}."));
            }
        }

        // Later files replace a host's credentials, as OpenTofu's Config.Merge does.
        var hostCredentials = new Dictionary<string, HostCredentialsConfig>(StringComparer.Ordinal);
        foreach (var c in fragments.SelectMany(f => f.HostCredentials))
        {
            hostCredentials[c.Host] = c;
        }

        return new CliConfig(
            cacheDir,
            installations.FirstOrDefault(),
            credentials,
            defaults.FirstOrDefault(),
            fragments.SelectMany(f => f.Warnings).ToList(),
            files)
        {
            HostCredentials = [.. hostCredentials.Values.OrderBy(c => c.Host, StringComparer.Ordinal)],
        };
    }
}
