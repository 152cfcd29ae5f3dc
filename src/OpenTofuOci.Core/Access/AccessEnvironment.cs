using OpenTofuOci.Core.Configuration;
using OpenTofuOci.Core.Credentials.Policy;
using OpenTofuOci.Core.Credentials;
using OpenTofuOci.Core.Oci.Transport;

namespace OpenTofuOci.Core.Access;

/// <summary>
/// What one command sees of its process: where credentials are found, where TLS reads
/// <c>SSL_CERT_FILE</c> and password variables, and which CLI configuration OpenTofu would read.
/// One per command (<c>tofu-oci</c>) or cmdlet invocation: the credential policy and the CLI
/// configuration are read at most once however many items the invocation processes, and what they
/// warn about is said once. Injected, so tests never read the machine's environment.
/// </summary>
public sealed class AccessEnvironment
{
    private readonly object _gate = new();
    private Task<CliConfig>? _cliConfiguration;

    /// <param name="credentials">OS, variables and folders credentials and the CLI configuration are found with.</param>
    /// <param name="transport">Where TLS reads its variables; null for the same variables as <paramref name="credentials"/>.</param>
    /// <param name="notices">Receives what credential discovery warns or notes (malformed entries, <c>DOCKER_CONFIG</c>); any thread.</param>
    public AccessEnvironment(CredentialEnvironment credentials, TransportEnvironment? transport = null, Action<CredentialNotice>? notices = null)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        Credentials = credentials;
        Transport = transport ?? credentials.Transport;
        DiscoveredCredentials = new DiscoveredCredentialProvider(credentials, notices);
    }

    /// <summary>The running process's environment.</summary>
    public static AccessEnvironment Current(Action<CredentialNotice>? notices = null) => new(CredentialEnvironment.Current(), null, notices);

    /// <summary>OS, variables and folders credentials are found with.</summary>
    public CredentialEnvironment Credentials { get; }

    /// <summary>Where TLS reads <c>SSL_CERT_FILE</c>, <c>SSL_CERT_DIR</c> and password variables.</summary>
    public TransportEnvironment Transport { get; }

    /// <summary>Which CLI configuration files OpenTofu would read.</summary>
    public CliConfigEnvironment CliConfiguration => Credentials.CliConfig;

    /// <summary>The credentials <c>tofu</c> would find, shared by everything this command does (one policy load).</summary>
    public DiscoveredCredentialProvider DiscoveredCredentials { get; }

    /// <summary>
    /// OpenTofu's CLI configuration, read once. The first caller's <paramref name="verbose"/> hears
    /// which files were read and its <paramref name="warning"/> what OpenTofu would warn about.
    /// </summary>
    public async Task<CliConfig> GetCliConfigurationAsync(Action<string>? verbose, Action<string>? warning, CancellationToken cancellationToken)
    {
        bool first;
        Task<CliConfig> loading;
        lock (_gate)
        {
            first = _cliConfiguration is null;
            // Not tied to the first caller's token: a later item must not inherit a cancelled load.
            loading = _cliConfiguration ??= CliConfigLoader.LoadAsync(CliConfiguration, CancellationToken.None);
        }

        var config = await loading.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (first)
        {
            verbose?.Invoke(config.Files.Count == 0
                ? "No OpenTofu CLI configuration file was found."
                : $"Read the OpenTofu CLI configuration from {string.Join(", ", config.Files)}.");
            foreach (var w in config.Warnings)
            {
                warning?.Invoke(w.ToString());
            }
        }

        return config;
    }
}
