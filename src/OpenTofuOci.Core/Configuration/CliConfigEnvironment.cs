namespace OpenTofuOci.Core.Configuration;

/// <summary>
/// Everything outside the files that decides which CLI configuration OpenTofu reads: the OS rules,
/// environment variables and the two well-known folders. Injected so each OS's rules can be
/// exercised anywhere (docs/opentofu-compatibility.md §10).
/// </summary>
/// <param name="Platform">Which OS's rules apply.</param>
/// <param name="GetVariable">Environment variable lookup; null or empty means unset.</param>
/// <param name="UserHomeDirectory">The OS user's home directory, used on Unix when <c>HOME</c> is unset.</param>
/// <param name="AppDataDirectory">Windows' roaming application data folder (what <c>%APPDATA%</c> names).</param>
public sealed record CliConfigEnvironment(
    CliConfigPlatform Platform,
    Func<string, string?> GetVariable,
    string? UserHomeDirectory,
    string? AppDataDirectory)
{
    /// <summary>The running process's OS, environment and folders.</summary>
    public static CliConfigEnvironment Current() => new(
        OperatingSystem.IsWindows() ? CliConfigPlatform.Windows : CliConfigPlatform.Unix,
        Environment.GetEnvironmentVariable,
        NullIfEmpty(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile)),
        NullIfEmpty(Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData)));

    /// <summary>The variable's value, or null when it is unset or empty (Go treats both alike here).</summary>
    public string? Variable(string name) => NullIfEmpty(GetVariable(name));

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
