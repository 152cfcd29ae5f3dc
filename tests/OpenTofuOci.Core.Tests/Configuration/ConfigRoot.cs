using OpenTofuOci.Core.Configuration;
using OpenTofuOci.Core.Tests.Fixtures;

namespace OpenTofuOci.Core.Tests.Configuration;

/// <summary>A temp root with home/, appdata/ and xdg/ folders and an injected environment over them.</summary>
internal sealed class ConfigRoot : IDisposable
{
    private readonly TempDirectory _temp = new("tofuoci-cfg-");

    public ConfigRoot()
    {
        Directory.CreateDirectory(Home);
        Directory.CreateDirectory(AppData);
        Directory.CreateDirectory(Xdg);
    }

    public Dictionary<string, string> Variables { get; } = new(StringComparer.Ordinal);

    public string Home => _temp.Combine("home");

    public string AppData => _temp.Combine("appdata");

    public string Xdg => _temp.Combine("xdg");

    public string Path(params string[] parts) => _temp.Combine(parts);

    /// <summary>Writes <paramref name="text"/> (with "\n" line ends) under the root; returns the full path.</summary>
    public string Write(string relative, string text)
    {
        var path = _temp.Combine(relative.Split('/'));
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text.Replace("\r\n", "\n", StringComparison.Ordinal));
        return path;
    }

    public CliConfigEnvironment Unix(string? userHome = null) =>
        new(CliConfigPlatform.Unix, n => Variables.GetValueOrDefault(n), userHome, null);

    public CliConfigEnvironment Windows() =>
        new(CliConfigPlatform.Windows, n => Variables.GetValueOrDefault(n), Home, AppData);

    /// <summary>Loads exactly one file, the way <c>TF_CLI_CONFIG_FILE</c> does.</summary>
    public Task<CliConfig> LoadOnly(string path, CliConfigPlatform platform = CliConfigPlatform.Unix)
    {
        Variables["TF_CLI_CONFIG_FILE"] = path;
        return CliConfigLoader.LoadAsync(platform == CliConfigPlatform.Unix ? Unix() : Windows());
    }

    public void Dispose() => _temp.Dispose();
}
