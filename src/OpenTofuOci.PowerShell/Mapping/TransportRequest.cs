using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci.Transport;

namespace OpenTofuOci.PowerShell.Mapping;

/// <summary>The TLS parameters of a cmdlet (-CertificateAuthorityPath, -ClientCertificatePath, -ClientKeyPath, -ClientCertificatePassword, -SkipCertificateCheck), mapped.</summary>
internal sealed class TransportRequest
{
    /// <summary>No TLS parameters: system trust (and SSL_CERT_FILE where honoured).</summary>
    public static TransportRequest None { get; } = new() { Settings = RegistryTransportSettings.Default };

    public required RegistryTransportSettings Settings { get; init; }

    /// <summary>The -Verbose line about TLS, or null when no TLS parameter was given; never the password.</summary>
    public string? Describe()
    {
        var all = Settings.AllRegistries;
        var parts = new List<string>();
        if (all.CaFile is not null)
        {
            parts.Add($"CA certificates from {all.CaFile} are trusted in addition to the system roots");
        }

        if (all.ClientCertificateFile is not null)
        {
            parts.Add($"client certificate {all.ClientCertificateFile}" + (all.ClientKeyFile is null ? string.Empty : $" with key {all.ClientKeyFile}"));
        }

        var skipped = Settings.Registries.Where(r => r.Value.SkipVerify).Select(r => r.Key).ToList();
        if (all.SkipVerify)
        {
            parts.Add("certificate verification is OFF for every registry reached");
        }
        else if (skipped.Count > 0)
        {
            parts.Add($"certificate verification is OFF for {string.Join(", ", skipped)}");
        }

        return parts.Count == 0 ? null : "TLS: " + string.Join("; ", parts) + ".";
    }
}

/// <summary>Maps the TLS parameters the cmdlet base classes share.</summary>
internal static class TransportMapping
{
    /// <param name="caPath">-CertificateAuthorityPath (resolved), or null.</param>
    /// <param name="clientCertificatePath">-ClientCertificatePath (resolved), or null.</param>
    /// <param name="clientKeyPath">-ClientKeyPath (resolved), or null.</param>
    /// <param name="password">-ClientCertificatePassword as plain text, or null.</param>
    /// <param name="skipCertificateCheck">-SkipCertificateCheck.</param>
    /// <param name="registries">The registries the command names (verification is skipped for these only); null when a
    /// template or the CLI configuration chooses them, and -SkipCertificateCheck then applies to every registry reached.</param>
    public static TransportRequest Create(string? caPath, string? clientCertificatePath, string? clientKeyPath, string? password, bool skipCertificateCheck,
        IReadOnlyCollection<string>? registries, TransportEnvironment? environment = null)
    {
        if (clientKeyPath is not null && clientCertificatePath is null)
        {
            throw new TofuOciException(ErrorIds.InvalidArgument, ErrorKind.InvalidArgument,
                "-ClientKeyPath was given without -ClientCertificatePath; give the client certificate too.", clientKeyPath);
        }

        var all = new TlsSettings
        {
            CaFile = caPath,
            ClientCertificateFile = clientCertificatePath,
            ClientKeyFile = clientKeyPath,
            ClientCertificatePassword = password,
            SkipVerify = skipCertificateCheck && registries is null,
        };
        var scoped = new Dictionary<string, TlsSettings>(StringComparer.OrdinalIgnoreCase);
        if (skipCertificateCheck && registries is not null)
        {
            foreach (var registry in registries)
            {
                scoped[registry] = new TlsSettings { SkipVerify = true };
            }
        }

        if (all.IsDefault && scoped.Count == 0 && environment is null)
        {
            return TransportRequest.None;
        }

        return new TransportRequest
        {
            Settings = new RegistryTransportSettings { AllRegistries = all, Registries = scoped, Environment = environment ?? TransportEnvironment.System },
        };
    }
}
