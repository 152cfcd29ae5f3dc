using OpenTofuOci.Core.Credentials;
using OpenTofuOci.Core.Oci.Targets;

namespace OpenTofuOci.PowerShell.Mapping;

/// <summary>What <c>Get-TofuOciTag</c> was asked for, after its parameters were checked and resolved.</summary>
internal sealed class TagListRequest
{
    public required TargetAddress Address { get; init; }

    /// <summary>Registries the user allowed over plain HTTP (only the one named, with -PlainHttp).</summary>
    public required IReadOnlySet<string> PlainHttpRegistries { get; init; }

    public required ICredentialProvider Credentials { get; init; }

    /// <summary>-Credential, for the repository's registry; null when credentials are discovered.</summary>
    public RegistryCredential? ExplicitCredential { get; init; }

    /// <summary>Where the credentials come from, for -Verbose; never the secret.</summary>
    public required string CredentialSource { get; init; }

    public required TagNameFilter Filter { get; init; }

    public required bool VersionOnly { get; init; }

    /// <summary>Parameters given that do not apply to this address, to warn about.</summary>
    public required IReadOnlyList<string> IgnoredParameters { get; init; }

    /// <summary>The repository as output objects carry it: <c>host/repo</c> or <c>oci-layout:&lt;absolute dir&gt;</c>.</summary>
    public string RepositoryText => Address.RepositoryText;

    /// <summary>The TLS parameters, set by the cmdlet after mapping (they are shared by every registry cmdlet).</summary>
    public TransportRequest Transport { get; set; } = TransportRequest.None;

    /// <param name="log">Receives the HTTP debug lines.</param>
    /// <param name="warning">Receives warnings shown on every use (skipped certificate verification).</param>
    public TargetOptions CreateTargetOptions(Action<string>? log, Action<string>? warning = null) => new()
    {
        Transport = Transport.Settings,
        Warning = warning,
        PlainHttpRegistries = PlainHttpRegistries,
        Credentials = Credentials,
        Log = log,
    };

    /// <summary>How the repository is reached, for the output objects to carry.</summary>
    public Output.TofuOciConnection Connection() => ConnectionMapping.Capture(Address, CreateTargetOptions(null),
        ExplicitCredential is null ? null : (ExplicitCredential, Address.Remote!.Registry));

    /// <summary>The -Verbose line naming what will be contacted and with which credential source.</summary>
    public string Describe() => Address.IsLayout
        ? $"Listing tags of the OCI image layout {Address.LayoutDirectory}."
        : $"Listing tags of repository {Address.Remote!.Repository} at registry {Address.Remote.Registry} over " +
          $"{(PlainHttpRegistries.Contains(Address.Remote.Registry) ? "plain HTTP (-PlainHttp)" : "HTTPS")}; credentials: {CredentialSource}.";
}
