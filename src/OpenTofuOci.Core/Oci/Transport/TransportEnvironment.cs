namespace OpenTofuOci.Core.Oci.Transport;

/// <summary>
/// The process facts transport security reads: environment variables and whether the platform
/// honours <c>SSL_CERT_FILE</c>. Injected so tests never depend on the machine's environment.
/// </summary>
public sealed class TransportEnvironment
{
    /// <summary>The variable naming a PEM bundle of trusted roots, as in Go's crypto/x509 on Unix.</summary>
    public const string SslCertFileVariable = "SSL_CERT_FILE";

    /// <summary>Directories of CA certificates, separated by ':' (read where <see cref="SslCertFileVariable"/> is).</summary>
    public const string SslCertDirVariable = "SSL_CERT_DIR";

    private readonly Func<string, string?> _variable;

    /// <param name="variable">Reads one environment variable.</param>
    /// <param name="honoursSslCertFile">True where Go reads <c>SSL_CERT_FILE</c> (Unix other than macOS).</param>
    public TransportEnvironment(Func<string, string?> variable, bool honoursSslCertFile)
    {
        ArgumentNullException.ThrowIfNull(variable);
        _variable = variable;
        HonoursSslCertFile = honoursSslCertFile;
    }

    /// <summary>The real process environment.</summary>
    public static TransportEnvironment System { get; } = new(Environment.GetEnvironmentVariable,
        !OperatingSystem.IsWindows() && !OperatingSystem.IsMacOS() && !OperatingSystem.IsIOS());

    /// <summary>An environment with exactly these variables (for tests); SSL_CERT_FILE honoured.</summary>
    public static TransportEnvironment FromVariables(IReadOnlyDictionary<string, string> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        return new TransportEnvironment(name => variables.TryGetValue(name, out var v) ? v : null, honoursSslCertFile: true);
    }

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
