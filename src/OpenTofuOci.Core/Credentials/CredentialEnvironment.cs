using OpenTofuOci.Core.Configuration;

namespace OpenTofuOci.Core.Credentials;

/// <summary>Which OS's credential-file rules apply: OpenTofu distinguishes Linux, macOS, Windows and the rest (docs/opentofu-compatibility.md §5.3).</summary>
public enum CredentialPlatform
{
    Linux,
    MacOS,
    Windows,
    /// <summary>Any other Unix: like Linux, but <c>XDG_RUNTIME_DIR</c> is not consulted.</summary>
    OtherUnix,
}

/// <summary>
/// Everything outside the files that decides where credentials are found and how helpers run: OS,
/// environment variables (<c>HOME</c>/<c>USERPROFILE</c>, <c>XDG_*</c>, <c>PATH</c>, the CLI configuration
/// variables) and the OS user's folders. Injected so tests are hermetic and each OS's rules can run anywhere.
/// </summary>
/// <param name="Platform">Which OS's rules apply.</param>
/// <param name="GetVariable">Environment variable lookup; null or empty means unset.</param>
/// <param name="UserHomeDirectory">The OS user's home directory, used when <c>HOME</c>/<c>USERPROFILE</c> is unset.</param>
/// <param name="AppDataDirectory">Windows' roaming application data folder (for the CLI configuration).</param>
public sealed record CredentialEnvironment(
    CredentialPlatform Platform,
    Func<string, string?> GetVariable,
    string? UserHomeDirectory,
    string? AppDataDirectory)
{
    /// <summary>Seconds a credential helper may run before it is stopped; overrides <see cref="DefaultHelperTimeout"/>.</summary>
    public const string HelperTimeoutVariable = "TOFU_OCI_CREDENTIAL_HELPER_TIMEOUT";

    /// <summary>
    /// How long a credential helper may take. Generous because helpers may wait for the user to unlock a
    /// keychain or a GPG key; a hung helper must still not hang the command forever.
    /// </summary>
    public static readonly TimeSpan DefaultHelperTimeout = TimeSpan.FromSeconds(60);

    /// <summary>The running process's OS, environment and folders.</summary>
    public static CredentialEnvironment Current() => new(
        OperatingSystem.IsWindows() ? CredentialPlatform.Windows
            : OperatingSystem.IsLinux() ? CredentialPlatform.Linux
            : OperatingSystem.IsMacOS() ? CredentialPlatform.MacOS
            : CredentialPlatform.OtherUnix,
        Environment.GetEnvironmentVariable,
        NullIfEmpty(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile)),
        NullIfEmpty(Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData)));

    /// <summary>The variable's value, or null when it is unset or empty.</summary>
    public string? Variable(string name) => NullIfEmpty(GetVariable(name));

    /// <summary>
    /// The home directory as OpenTofu finds it for Docker-style files: Windows <c>%USERPROFILE%</c>, else the
    /// OS user's home, else <c>nul:</c>; elsewhere <c>$HOME</c>, else the OS user's home, else <c>/</c>.
    /// </summary>
    public string HomeDirectory => Platform == CredentialPlatform.Windows
        ? Variable("USERPROFILE") ?? UserHomeDirectory ?? "nul:"
        : Variable("HOME") ?? UserHomeDirectory ?? "/";

    /// <summary>The same environment seen by the CLI configuration locator.</summary>
    public CliConfigEnvironment CliConfig => new(
        Platform == CredentialPlatform.Windows ? CliConfigPlatform.Windows : CliConfigPlatform.Unix,
        GetVariable, UserHomeDirectory, AppDataDirectory);

    /// <summary>
    /// The same environment seen by the TLS settings (<c>SSL_CERT_FILE</c>, honoured on Linux and other
    /// Unix as Go does, and the variables that hold client certificate passwords).
    /// </summary>
    public Oci.Transport.TransportEnvironment Transport =>
        new(Variable, Platform is CredentialPlatform.Linux or CredentialPlatform.OtherUnix);

    /// <summary>The directories of <c>PATH</c>, in order.</summary>
    public IReadOnlyList<string> SearchPath =>
        (Variable("PATH") ?? Variable("Path") ?? string.Empty)
            .Split(Platform == CredentialPlatform.Windows ? ';' : ':', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Executable suffixes tried on Windows (<c>PATHEXT</c>); one empty suffix elsewhere.</summary>
    public IReadOnlyList<string> ExecutableSuffixes => Platform == CredentialPlatform.Windows
        ? (Variable("PATHEXT") ?? ".COM;.EXE;.BAT;.CMD").Split(';', StringSplitOptions.RemoveEmptyEntries)
        : [string.Empty];

    /// <summary>
    /// How long a helper may run: <see cref="HelperTimeoutVariable"/> in seconds when it is a positive
    /// number, else <see cref="DefaultHelperTimeout"/>.
    /// </summary>
    public TimeSpan HelperTimeout =>
        double.TryParse(Variable(HelperTimeoutVariable), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var s) && s > 0
            ? TimeSpan.FromSeconds(s)
            : DefaultHelperTimeout;

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
