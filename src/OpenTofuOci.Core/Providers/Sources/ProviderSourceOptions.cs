using OpenTofuOci.Core.Oci.Transport;

namespace OpenTofuOci.Core.Providers.Sources;

/// <summary>How to reach a provider source (docs/opentofu-compatibility.md §9, §9.4).</summary>
public sealed record ProviderSourceOptions
{
    /// <summary>The kind of source.</summary>
    public ProviderSourceKind Kind { get; init; } = ProviderSourceKind.Registry;

    /// <summary>
    /// For a registry: the base URL to run service discovery at (e.g. <c>https://registry.example.com</c>);
    /// null means the provider address's own hostname. For a network mirror: its base URL. For a directory: its path.
    /// </summary>
    public string? Location { get; init; }

    /// <summary>TLS for https sources (a CA file adds roots for the source's hosts).</summary>
    public TlsSettings Tls { get; init; } = TlsSettings.None;

    /// <summary>Allow plain http sources and download URLs (tests, trusted networks); off by default.</summary>
    public bool AllowInsecureHttp { get; init; }

    /// <summary>Where OpenTofu's CLI configuration and environment are read from for credentials (§9.4); null reads none.</summary>
    public Configuration.CliConfigEnvironment? CliConfiguration { get; init; }

    /// <summary>Retries for source requests.</summary>
    public RetrySettings? Retry { get; init; }

    /// <summary>For tests: the handler requests go through instead of the TLS handler built from <see cref="Tls"/>.</summary>
    public HttpMessageHandler? Handler { get; init; }
}
