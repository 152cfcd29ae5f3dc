using OpenTofuOci.Core.Credentials.Policy;
using OpenTofuOci.Core.Credentials;

namespace OpenTofuOci.Cli;

/// <summary>The streams a command writes to; tests pass their own.</summary>
/// <param name="Out">Results (tables or JSON).</param>
/// <param name="Error">Errors, warnings and progress.</param>
/// <param name="In">Secrets read with --password-stdin.</param>
/// <param name="ErrorIsTerminal">True when stderr is an interactive terminal: progress is drawn only then.</param>
internal sealed record CliConsole(TextWriter Out, TextWriter Error, TextReader In, bool ErrorIsTerminal)
{
    /// <summary>OS, environment variables and folders used to find credentials and the CLI configuration; tests inject their own.</summary>
    public CredentialEnvironment Environment { get; init; } = CredentialEnvironment.Current();

    /// <summary>Writes a warning line to <see cref="Error"/>; safe from worker threads.</summary>
    public void Warn(string message)
    {
        lock (Error)
        {
            Error.WriteLine($"warning: {message}");
        }
    }

    /// <summary>
    /// Where SSL_CERT_FILE and --client-cert-password-env variables are read: by default the same
    /// variables as <see cref="Environment"/>, so one injected environment serves credentials and TLS.
    /// </summary>
    public OpenTofuOci.Core.Oci.Transport.TransportEnvironment TransportEnvironment
    {
        get => _transportEnvironment ??= Environment.Transport;
        init => _transportEnvironment = value;
    }

    private OpenTofuOci.Core.Oci.Transport.TransportEnvironment? _transportEnvironment;

    /// <summary>Sees every exception a command reports (tests check that none carries a secret).</summary>
    public Action<Exception>? ReportedException { get; init; }
}
