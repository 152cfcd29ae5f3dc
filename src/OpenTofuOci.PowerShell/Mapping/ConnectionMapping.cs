using OpenTofuOci.Core.Credentials;
using OpenTofuOci.Core.Credentials.Policy;
using OpenTofuOci.Core.Oci.Targets;
using OpenTofuOci.Core.Oci.Transport;
using OpenTofuOci.PowerShell.Output;

namespace OpenTofuOci.PowerShell.Mapping;

/// <summary>
/// What a receiving cmdlet's own parameters say about the registry a piped object came from: they
/// win over what the object carries (docs/design.md, "Pipelines carry their connection").
/// </summary>
/// <param name="Credential">-Credential / -SourceCredential, or null.</param>
/// <param name="PlainHttp">-PlainHttp given to the receiving cmdlet.</param>
/// <param name="Tls">The receiving cmdlet's TLS parameters for every registry it reaches.</param>
internal sealed record ConnectionOverrides(RegistryCredential? Credential, bool PlainHttp, TlsSettings Tls)
{
    public static ConnectionOverrides None { get; } = new(null, false, TlsSettings.None);
}

/// <summary>Captures how a repository was reached (<see cref="TofuOciConnection"/>) and reopens it the same way.</summary>
internal static class ConnectionMapping
{
    public const string LayoutCredentialSource = "none (a layout directory needs none)";

    public const string DiscoveredCredentialSource = "as tofu finds them";

    public static TofuOciConnection Layout { get; } = new(null, false, null, null, null, false, LayoutCredentialSource, null, null);

    /// <param name="address">The repository the object names.</param>
    /// <param name="options">The options it was opened with.</param>
    /// <param name="explicitCredential">-Credential, and the registry it was given for.</param>
    public static TofuOciConnection Capture(TargetAddress address, TargetOptions options, (RegistryCredential Credential, string Registry)? explicitCredential)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(options);
        if (address.IsLayout)
        {
            return Layout;
        }

        var registry = address.Remote!.Registry;
        var tls = options.Transport.For(registry);
        var credential = explicitCredential is { } e && string.Equals(e.Registry, registry, StringComparison.OrdinalIgnoreCase) ? e.Credential : null;
        return new TofuOciConnection(registry, options.PlainHttp || options.PlainHttpRegistries.Contains(registry), tls.CaFile,
            tls.ClientCertificateFile, tls.ClientKeyFile, tls.SkipVerify, credential?.ToString() ?? DiscoveredCredentialSource, credential,
            tls.ClientCertificatePassword);
    }

    /// <summary>
    /// Options to open <paramref name="address"/> as <paramref name="connection"/> says, with
    /// <paramref name="overrides"/> taking precedence; registries other than the connection's get
    /// nothing from it. Credentials not given explicitly are found as tofu would (<paramref name="discovered"/>).
    /// </summary>
    public static TargetOptions Reopen(TargetAddress address, TofuOciConnection? connection, ConnectionOverrides overrides, ICredentialProvider discovered,
        Action<string>? log, Action<string>? warning)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(overrides);
        ArgumentNullException.ThrowIfNull(discovered);
        if (address.IsLayout)
        {
            return new TargetOptions { Log = log, Warning = warning };
        }

        var registry = address.Remote!.Registry;
        // A connection captured for another registry (an object edited by hand) says nothing about this one.
        var carried = connection is not null && string.Equals(connection.Registry, registry, StringComparison.OrdinalIgnoreCase) ? connection : null;
        var tls = new TlsSettings
        {
            CaFile = carried?.CertificateAuthorityPath,
            ClientCertificateFile = carried?.ClientCertificatePath,
            ClientKeyFile = carried?.ClientKeyPath,
            ClientCertificatePassword = carried?.ClientCertificatePassword,
            SkipVerify = carried?.SkipCertificateCheck ?? false,
        }.OverlaidWith(overrides.Tls);
        var credential = overrides.Credential ?? carried?.Credential;
        return new TargetOptions
        {
            PlainHttpRegistries = overrides.PlainHttp || carried?.PlainHttp == true
                ? new HashSet<string>([registry], StringComparer.OrdinalIgnoreCase)
                : new HashSet<string>(StringComparer.OrdinalIgnoreCase),
            Credentials = credential is null ? discovered : new ExplicitCredentialProvider(registry, credential, discovered),
            Transport = tls.IsDefault && tls.ClientCertificatePassword is null
                ? RegistryTransportSettings.Default
                : new RegistryTransportSettings { Registries = new Dictionary<string, TlsSettings>(StringComparer.OrdinalIgnoreCase) { [registry] = tls } },
            Log = log,
            Warning = warning,
        };
    }

    /// <summary>The -Verbose text for a reopened connection; never a secret.</summary>
    public static string Describe(TargetAddress address, TargetOptions options, string credentialSource)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(options);
        if (address.IsLayout)
        {
            return $"the OCI image layout {address.LayoutDirectory}";
        }

        var registry = address.Remote!.Registry;
        var tls = options.Transport.For(registry);
        var parts = new List<string> { options.PlainHttpRegistries.Contains(registry) ? "plain HTTP" : "HTTPS" };
        if (tls.CaFile is not null)
        {
            parts.Add("CA " + tls.CaFile);
        }

        if (tls.ClientCertificateFile is not null)
        {
            parts.Add("client certificate " + tls.ClientCertificateFile);
        }

        if (tls.SkipVerify)
        {
            parts.Add("certificate verification OFF");
        }

        parts.Add("credentials: " + credentialSource);
        return $"repository {address.Remote.Repository} at registry {registry} ({string.Join("; ", parts)})";
    }
}
