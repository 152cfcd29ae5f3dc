namespace OpenTofuOci.PowerShell.Tests.Runspaces;

/// <summary>
/// The cmdlets read the process environment (credentials in <c>~/.docker</c>, the CLI configuration,
/// CA bundles). Before the first runspace opens, this test process gets a home directory of its own
/// and none of the variables that would point elsewhere, so no test reads or changes the machine
/// user's credentials or configuration, and every test sees the same empty start.
/// </summary>
public static class TestEnvironment
{
    private static readonly Lazy<string> Home = new(Isolate);

    /// <summary>The home directory every runspace test sees (HOME and USERPROFILE).</summary>
    public static string HomeDirectory => Home.Value;

    public static void EnsureIsolated() => _ = Home.Value;

    private static string Isolate()
    {
        var home = Directory.CreateTempSubdirectory("tofuoci-ps-home-").FullName;
        Environment.SetEnvironmentVariable("HOME", home);
        Environment.SetEnvironmentVariable("USERPROFILE", home);
        Environment.SetEnvironmentVariable("APPDATA", Path.Combine(home, "appdata"));
        foreach (var name in new[]
                 {
                     "XDG_CONFIG_HOME", "XDG_RUNTIME_DIR", "TF_CLI_CONFIG_FILE", "TF_PLUGIN_CACHE_DIR", "SSL_CERT_FILE", "SSL_CERT_DIR",
                     "DOCKER_CONFIG", "REGISTRY_AUTH_FILE", "TOFU_OCI_CREDENTIAL_HELPER_TIMEOUT",
                 })
        {
            Environment.SetEnvironmentVariable(name, null);
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(home, recursive: true);
            }
            catch (IOException)
            {
            }
        };
        return home;
    }
}
