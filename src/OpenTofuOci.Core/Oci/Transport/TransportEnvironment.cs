namespace OpenTofuOci.Core.Oci.Transport;

/// <summary>
/// The process facts transport security reads: environment variables, whether the platform
/// honours <c>SSL_CERT_FILE</c>, and the system bundle files and directories those variables replace.
/// Injected so tests never depend on the machine's environment.
/// </summary>
public sealed class TransportEnvironment
{
    /// <summary>The variable naming a PEM bundle of trusted roots, as in Go's crypto/x509 on Unix.</summary>
    public const string SslCertFileVariable = "SSL_CERT_FILE";

    /// <summary>Directories of CA certificates, separated by ':' (read where <see cref="SslCertFileVariable"/> is).</summary>
    public const string SslCertDirVariable = "SSL_CERT_DIR";

    // Go's crypto/x509 lists for Linux (root_linux.go): the first bundle file that exists is read,
    // and every file of every directory.
    private static readonly string[] GoCertFiles =
    [
        "/etc/ssl/certs/ca-certificates.crt",
        "/etc/pki/tls/certs/ca-bundle.crt",
        "/etc/ssl/ca-bundle.pem",
        "/etc/pki/tls/cacert.pem",
        "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem",
        "/etc/ssl/cert.pem",
    ];

    private static readonly string[] GoCertDirectories = ["/etc/ssl/certs", "/etc/pki/tls/certs"];

    private readonly Func<string, string?> _variable;

    /// <param name="variable">Reads one environment variable.</param>
    /// <param name="honoursSslCertFile">True where Go reads <c>SSL_CERT_FILE</c> (Unix other than macOS).</param>
    /// <param name="defaultCertFiles">The system bundle files, in order, that <c>SSL_CERT_FILE</c> replaces.</param>
    /// <param name="defaultCertDirectories">The system certificate directories that <c>SSL_CERT_DIR</c> replaces.</param>
    public TransportEnvironment(Func<string, string?> variable, bool honoursSslCertFile,
        IReadOnlyList<string>? defaultCertFiles = null, IReadOnlyList<string>? defaultCertDirectories = null)
    {
        ArgumentNullException.ThrowIfNull(variable);
        _variable = variable;
        HonoursSslCertFile = honoursSslCertFile;
        DefaultCertFiles = defaultCertFiles ?? [];
        DefaultCertDirectories = defaultCertDirectories ?? [];
    }

    /// <summary>The real process environment.</summary>
    public static TransportEnvironment System { get; } = new(Environment.GetEnvironmentVariable,
        !OperatingSystem.IsWindows() && !OperatingSystem.IsMacOS() && !OperatingSystem.IsIOS(), GoCertFiles, GoCertDirectories);

    /// <summary>An environment with exactly these variables and no system bundle files or directories (for tests); SSL_CERT_FILE honoured.</summary>
    public static TransportEnvironment FromVariables(IReadOnlyDictionary<string, string> variables) => FromVariables(variables, [], []);

    /// <summary>An environment with exactly these variables and these system bundle files and directories (for tests); SSL_CERT_FILE honoured.</summary>
    public static TransportEnvironment FromVariables(IReadOnlyDictionary<string, string> variables,
        IReadOnlyList<string> defaultCertFiles, IReadOnlyList<string> defaultCertDirectories)
    {
        ArgumentNullException.ThrowIfNull(variables);
        return new TransportEnvironment(name => variables.TryGetValue(name, out var v) ? v : null, honoursSslCertFile: true,
            defaultCertFiles, defaultCertDirectories);
    }

    /// <summary>The system bundle files, in order, that <c>SSL_CERT_FILE</c> replaces; the first that exists is read.</summary>
    public IReadOnlyList<string> DefaultCertFiles { get; }

    /// <summary>The system certificate directories that <c>SSL_CERT_DIR</c> replaces.</summary>
    public IReadOnlyList<string> DefaultCertDirectories { get; }

    /// <summary>
    /// True when <c>SSL_CERT_FILE</c> or <c>SSL_CERT_DIR</c> is set where honoured: the roots are then read
    /// as Go reads them, instead of asking the platform's own trust store.
    /// </summary>
    public bool ReplacesSystemRoots => SslCertFile is not null || SslCertDirectories.Count > 0;

    /// <summary>True where <c>SSL_CERT_FILE</c> is read.</summary>
    public bool HonoursSslCertFile { get; }

    /// <summary>One environment variable, or null when unset.</summary>
    public string? Variable(string name) => _variable(name);

    /// <summary>The CA bundle <c>SSL_CERT_FILE</c> names, or null (unset, empty, or not honoured here).</summary>
    public string? SslCertFile => HonoursSslCertFile && _variable(SslCertFileVariable) is { Length: > 0 } path ? path : null;

    /// <summary>The directories <c>SSL_CERT_DIR</c> names, in order; empty when unset or not honoured here.</summary>
    public IReadOnlyList<string> SslCertDirectories => HonoursSslCertFile && _variable(SslCertDirVariable) is { Length: > 0 } dirs
        ? dirs.Split(':', StringSplitOptions.RemoveEmptyEntries)
        : [];
}
