namespace OpenTofuOci.Cli;

/// <summary>The streams a command writes to; tests pass their own.</summary>
/// <param name="Out">Results (tables or JSON).</param>
/// <param name="Error">Errors, warnings and progress.</param>
/// <param name="In">Secrets read with --password-stdin.</param>
/// <param name="ErrorIsTerminal">True when stderr is an interactive terminal: progress is drawn only then.</param>
internal sealed record CliConsole(TextWriter Out, TextWriter Error, TextReader In, bool ErrorIsTerminal)
{
    /// <summary>Where SSL_CERT_FILE and --client-cert-password-env variables are read; tests pass their own.</summary>
    public OpenTofuOci.Core.Oci.Transport.TransportEnvironment Environment { get; init; } = OpenTofuOci.Core.Oci.Transport.TransportEnvironment.System;

    /// <summary>Sees every exception a command reports (tests check that none carries a secret).</summary>
    public Action<Exception>? ReportedException { get; init; }
}
