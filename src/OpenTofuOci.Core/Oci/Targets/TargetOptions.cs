using OpenTofuOci.Core.Credentials;
using OpenTofuOci.Core.Oci.Transport;

namespace OpenTofuOci.Core.Oci.Targets;

/// <summary>How front ends want targets opened: transport, trust and credentials.</summary>
public sealed class TargetOptions
{
    /// <summary>Registries (host[:port]) the user allowed to be reached over plain HTTP.</summary>
    public IReadOnlySet<string> PlainHttpRegistries { get; init; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>True to allow plain HTTP for every registry named on this command (the CLI's --plain-http).</summary>
    public bool PlainHttp { get; init; }

    /// <summary>Credential source for registries.</summary>
    public ICredentialProvider Credentials { get; init; } = AnonymousCredentialProvider.Instance;

    /// <summary>Handler to share between remote repositories (e.g. one trusting a private CA).</summary>
    public HttpMessageHandler? Handler { get; init; }

    /// <summary>Debug log sink for HTTP exchanges.</summary>
    public Action<string>? Log { get; init; }

    /// <summary>Where each retry is told; null sends retries to <see cref="Log"/>.</summary>
    public Action<string>? RetryLog { get; init; }

    /// <summary>TLS trust, client certificates and skipped verification, per registry (ignored when <see cref="Handler"/> is set).</summary>
    public RegistryTransportSettings Transport { get; init; } = RegistryTransportSettings.Default;

    /// <summary>Receives warnings the user must see every time (e.g. certificate verification turned off).</summary>
    public Action<string>? Warning { get; init; }

    /// <summary>
    /// Retries and idle timeout for registries; null for <see cref="RetrySettings.FromEnvironment"/> of
    /// <see cref="Transport"/>'s environment (so <c>TOFU_OCI_MAX_RETRIES</c> applies), falling back to the defaults.
    /// </summary>
    public RetrySettings? Retries { get; init; }

    /// <summary>A copy of these options with <paramref name="transport"/> and <paramref name="warning"/>.</summary>
    public TargetOptions WithTransport(RegistryTransportSettings transport, Action<string>? warning) => new()
    {
        PlainHttpRegistries = PlainHttpRegistries,
        PlainHttp = PlainHttp,
        Credentials = Credentials,
        Handler = Handler,
        Log = Log,
        RetryLog = RetryLog,
        Transport = transport ?? throw new ArgumentNullException(nameof(transport)),
        Warning = warning,
        Retries = Retries,
    };
}
