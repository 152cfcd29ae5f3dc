using System.Collections.Concurrent;
using OpenTofuOci.Core.Configuration;
using OpenTofuOci.Core.Credentials;
using OpenTofuOci.Core.Oci.Targets;
using OpenTofuOci.Core.Providers;
using OpenTofuOci.Core.Providers.Installing;

namespace OpenTofuOci.PowerShell.Mapping;

/// <summary>How a provider cmdlet finds a provider's repository.</summary>
internal enum ProviderSourceKind
{
    /// <summary>-Repository: one repository or layout named explicitly.</summary>
    Repository,

    /// <summary>-RepositoryTemplate: an <c>oci_mirror</c> or <c>-oci-mirror</c> template mapped with the address.</summary>
    Template,

    /// <summary>Neither: the <c>oci_mirror</c> blocks of OpenTofu's CLI configuration.</summary>
    Configuration,
}

/// <summary>Where the providers of <c>Get-TofuProviderVersion</c>, <c>Install-TofuProvider</c> and <c>Update-TofuLockFile</c> are read from.</summary>
internal sealed class ProviderSourceRequest
{
    public required ProviderSourceKind Kind { get; init; }

    /// <summary>The explicit repository (layout directories absolute), for <see cref="ProviderSourceKind.Repository"/>.</summary>
    public TargetAddress? Repository { get; init; }

    /// <summary>The template text, for <see cref="ProviderSourceKind.Template"/>.</summary>
    public string? Template { get; init; }

    /// <summary>Registries allowed over plain HTTP: the one named (explicit repository).</summary>
    public required IReadOnlySet<string> PlainHttpRegistries { get; init; }

    /// <summary>-PlainHttp with a template or the configuration: every registry they lead to.</summary>
    public required bool PlainHttpEverywhere { get; init; }

    public required ICredentialProvider Credentials { get; init; }

    /// <summary>True for a version piped from Get-TofuProviderVersion, read the way it was listed.</summary>
    public bool Piped { get; init; }

    /// <summary>-Credential and the registry it is for; null when credentials are discovered.</summary>
    public (RegistryCredential Credential, string Registry)? ExplicitCredential { get; init; }

    /// <summary>Where the credentials come from, for -Verbose; never the secret.</summary>
    public required string CredentialSource { get; init; }

    /// <summary>Parameters given that do not apply, to warn about.</summary>
    public required IReadOnlyList<string> IgnoredParameters { get; init; }

    /// <summary>The TLS parameters, set by the cmdlet after mapping (they are shared by every registry cmdlet).</summary>
    public TransportRequest Transport { get; set; } = TransportRequest.None;

    /// <param name="log">Receives the HTTP debug lines.</param>
    /// <param name="warning">Receives warnings shown on every use (skipped certificate verification).</param>
    public TargetOptions CreateTargetOptions(Action<string>? log, Action<string>? warning = null) => new()
    {
        Transport = Transport.Settings,
        Warning = warning,
        PlainHttpRegistries = PlainHttpRegistries,
        PlainHttp = PlainHttpEverywhere,
        Credentials = Credentials,
        Log = log,
    };

    /// <summary>
    /// The resolver for <paramref name="providers"/>; <paramref name="config"/> is needed only for
    /// <see cref="ProviderSourceKind.Configuration"/>. <paramref name="verbose"/> hears once per provider
    /// which repository it is read from.
    /// </summary>
    public ProviderSourceResolver CreateResolver(IReadOnlyList<ProviderAddress> providers, CliConfig? config, Action<string>? log, Action<string>? verbose = null,
        Action<string>? warning = null)
    {
        var options = CreateTargetOptions(log, warning);
        var inner = Kind switch
        {
            ProviderSourceKind.Repository => ProviderSourceResolver.ForRepository(Repository!, options),
            ProviderSourceKind.Template => ProviderSourceResolver.ForTemplate(Template!, providers, options),
            _ => ProviderSourceResolver.ForConfiguration(config ?? throw new ArgumentNullException(nameof(config)), options),
        };
        if (verbose is null)
        {
            return inner;
        }

        var told = new ConcurrentDictionary<ProviderAddress, bool>();
        return ProviderSourceResolver.FromFunction(address =>
        {
            var target = inner.Resolve(address);
            if (told.TryAdd(address, true))
            {
                verbose($"Provider {address} is read from {target.DisplayName}.");
            }

            return target;
        });
    }

    /// <summary>The cmdlet invocation's CLI configuration, shared by every item it processes.</summary>
    public CliConfigurationOnce Configuration { get; init; } = new();

    /// <summary>
    /// OpenTofu's CLI configuration when the providers are mapped by it (null otherwise); the first
    /// item of an invocation tells <paramref name="verbose"/> which files were read and
    /// <paramref name="warning"/> what OpenTofu would warn about.
    /// </summary>
    public async Task<CliConfig?> LoadConfigurationAsync(Action<string> verbose, Action<string> warning, CancellationToken cancellationToken) =>
        Kind != ProviderSourceKind.Configuration ? null : await LoadAnyConfigurationAsync(verbose, warning, cancellationToken).ConfigureAwait(false);

    /// <summary>OpenTofu's CLI configuration whatever the source (e.g. for its plugin cache directory).</summary>
    public Task<CliConfig> LoadAnyConfigurationAsync(Action<string> verbose, Action<string> warning, CancellationToken cancellationToken) =>
        Configuration.GetAsync(verbose, warning, cancellationToken);

    /// <summary>How <paramref name="target"/> (a repository this request resolved to) is reached, for the output objects to carry.</summary>
    public Output.TofuOciConnection Connection(IReadOnlyTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return ConnectionMapping.Capture(TargetAddress.Parse(target.DisplayName), CreateTargetOptions(null), ExplicitCredential);
    }

    /// <summary>The -Verbose line naming where providers are read and with which credential source.</summary>
    public string Describe() => Kind switch
    {
        ProviderSourceKind.Repository when Repository!.IsLayout => $"Reading providers from the OCI image layout {Repository.LayoutDirectory}.",
        ProviderSourceKind.Repository when Piped =>
            $"Reading the piped version from {ConnectionMapping.Describe(Repository!, CreateTargetOptions(null), CredentialSource)}, as it was listed.",
        ProviderSourceKind.Repository =>
            $"Reading providers from repository {Repository!.Remote!.Repository} at registry {Repository.Remote.Registry} over " +
            $"{(PlainHttpRegistries.Contains(Repository.Remote.Registry) ? "plain HTTP (-PlainHttp)" : "HTTPS")}; credentials: {CredentialSource}.",
        ProviderSourceKind.Template =>
            $"Mapping provider addresses to repositories with the template {Template} over {(PlainHttpEverywhere ? "plain HTTP (-PlainHttp)" : "HTTPS")}; credentials: {CredentialSource}.",
        _ => $"Mapping provider addresses to repositories with the oci_mirror blocks of the OpenTofu CLI configuration over {(PlainHttpEverywhere ? "plain HTTP (-PlainHttp)" : "HTTPS")}; credentials: {CredentialSource}.",
    };
}
