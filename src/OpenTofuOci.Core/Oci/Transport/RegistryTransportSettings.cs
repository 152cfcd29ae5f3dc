using OpenTofuOci.Core.Oci.Stores;
namespace OpenTofuOci.Core.Oci.Transport;

/// <summary>
/// The TLS settings of one command: settings for every registry it reaches, overlaid per
/// registry (host[:port]) by settings scoped to that registry, plus the environment
/// (<c>SSL_CERT_FILE</c>). Front ends build one; <c>TargetFactory</c> turns it into
/// one HTTP handler per distinct configuration.
/// </summary>
public sealed class RegistryTransportSettings
{
    /// <summary>No options given; the real environment.</summary>
    public static RegistryTransportSettings Default { get; } = new();

    /// <summary>Settings for every registry of the command.</summary>
    public TlsSettings AllRegistries { get; init; } = TlsSettings.None;

    /// <summary>Settings scoped to one registry (host[:port]), overlaid on <see cref="AllRegistries"/>.</summary>
    public IReadOnlyDictionary<string, TlsSettings> Registries { get; init; } = new Dictionary<string, TlsSettings>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Where <c>SSL_CERT_FILE</c> is read from.</summary>
    public TransportEnvironment Environment { get; init; } = TransportEnvironment.System;

    /// <summary>The effective settings for <paramref name="registry"/> (host[:port]).</summary>
    public TlsSettings For(string registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return Registries.TryGetValue(registry, out var scoped) ? AllRegistries.OverlaidWith(scoped) : AllRegistries;
    }
}
