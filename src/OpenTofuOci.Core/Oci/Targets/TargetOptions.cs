using OpenTofuOci.Core.Credentials;

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
}
