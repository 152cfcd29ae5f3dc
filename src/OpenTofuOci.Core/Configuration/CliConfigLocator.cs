namespace OpenTofuOci.Core.Configuration;

/// <summary>
/// Finds the CLI configuration files exactly as OpenTofu does (docs/opentofu-compatibility.md §10):
/// <c>TF_CLI_CONFIG_FILE</c> (or the legacy <c>TERRAFORM_CONFIG</c>) alone when set; otherwise the main
/// file (Unix <c>~/.tofurc</c>, legacy <c>~/.terraformrc</c>, else <c>$XDG_CONFIG_HOME/opentofu/tofurc</c>;
/// Windows <c>%APPDATA%\tofu.rc</c>, legacy <c>terraform.rc</c>) plus every <c>*.tfrc</c> and
/// <c>*.tfrc.json</c> in the configuration directory (Unix <c>~/.terraform.d</c>, or
/// <c>$XDG_CONFIG_HOME/opentofu</c> when that does not exist; Windows <c>%APPDATA%\terraform.d</c>).
/// </summary>
public static class CliConfigLocator
{
    public const string ConfigFileVariable = "TF_CLI_CONFIG_FILE";
    public const string LegacyConfigFileVariable = "TERRAFORM_CONFIG";

    public static CliConfigFiles Locate(CliConfigEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var overridden = environment.Variable(ConfigFileVariable) ?? environment.Variable(LegacyConfigFileVariable);
        if (overridden is not null)
        {
            return new CliConfigFiles(overridden, MainFileFromEnvironment: true, null, []);
        }

        var (main, directory) = environment.Platform == CliConfigPlatform.Windows ? Windows(environment) : Unix(environment);
        return new CliConfigFiles(
            main is not null && File.Exists(main) ? main : null,
            MainFileFromEnvironment: false,
            directory,
            directory is null ? [] : ListDirectory(directory));
    }

    private static (string? Main, string? Directory) Unix(CliConfigEnvironment environment)
    {
        var home = environment.Variable("HOME") ?? environment.UserHomeDirectory;
        var xdg = environment.Variable("XDG_CONFIG_HOME");
        if (home is null)
        {
            // OpenTofu gives up on both locations when it cannot find a home directory.
            return (null, null);
        }

        var tofurc = Path.Join(home, ".tofurc");
        var legacy = Path.Join(home, ".terraformrc");
        string main;
        if (File.Exists(tofurc) || File.Exists(legacy))
        {
            main = File.Exists(tofurc) ? tofurc : legacy;
        }
        else
        {
            // A fresh install with XDG set uses the XDG location, never the terraform-named one.
            main = xdg is null ? tofurc : Path.Join(xdg, "opentofu", "tofurc");
        }

        var directory = Path.Join(home, ".terraform.d");
        if (xdg is not null && !Path.Exists(directory))
        {
            directory = Path.Join(xdg, "opentofu");
        }

        return (main, directory);
    }

    private static (string? Main, string? Directory) Windows(CliConfigEnvironment environment)
    {
        var appData = environment.AppDataDirectory;
        if (appData is null)
        {
            return (null, null);
        }

        var main = Path.Join(appData, "tofu.rc");
        if (!File.Exists(main))
        {
            main = Path.Join(appData, "terraform.rc");
        }

        return (main, Path.Join(appData, "terraform.d"));
    }

    /// <summary>
    /// Regular files whose names end in <c>.tfrc</c> or <c>.tfrc.json</c>, ordered by name. OpenTofu
    /// would also try to read a directory so named and fail; we skip it.
    /// </summary>
    private static string[] ListDirectory(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return [];
        }

        return Directory.EnumerateFiles(directory)
            .Where(f =>
            {
                var name = Path.GetFileName(f);
                return name.EndsWith(".tfrc", StringComparison.Ordinal) || name.EndsWith(".tfrc.json", StringComparison.Ordinal);
            })
            .OrderBy(f => Path.GetFileName(f), StringComparer.Ordinal)
            .ToArray();
    }
}
