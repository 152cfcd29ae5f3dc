using OpenTofuOci.Core.Credentials;
using OpenTofuOci.Core.Oci.Transport;
using OpenTofuOci.Core.Providers;

namespace OpenTofuOci.Core.Access;

/// <summary>
/// How a command wants to reach its repositories, as the user said it: what both front ends fill from
/// their parameters and nothing else. <see cref="AccessPlan.Create"/> checks it against one set of
/// rules and turns it into a plan (docs/design.md "Access: one way to reach a registry").
/// </summary>
/// <remarks>
/// Which repositories: the <see cref="Addresses"/> the command names, else a
/// <see cref="RepositoryTemplate"/>, else the <c>oci_mirror</c> blocks of OpenTofu's CLI configuration.
/// </remarks>
public sealed class AccessRequest
{
    /// <summary>The addresses the command names (a repository, a copy's source and destination, a registry to log in to).</summary>
    public IReadOnlyList<AddressInput> Addresses { get; init; } = [];

    /// <summary>
    /// An <c>oci_mirror</c> <c>${…}</c> or <c>-oci-mirror</c> <c>{…}</c> template mapping provider
    /// addresses to repositories; only without <see cref="Addresses"/>.
    /// </summary>
    public string? RepositoryTemplate { get; init; }

    /// <summary>
    /// The providers the command reads: a template's include (a symbol all of them share may be left
    /// out), and a repository may hold only one of them.
    /// </summary>
    public IReadOnlyList<ProviderAddress> Providers { get; init; } = [];

    /// <summary>The explicit credential, or null to find credentials as <c>tofu</c> would.</summary>
    public RegistryCredential? Credential { get; init; }

    /// <summary>The registry <see cref="Credential"/> is for, when the command does not name exactly one.</summary>
    public string? CredentialRegistry { get; init; }

    /// <summary>Plain HTTP for the registries the command names, or every registry a template or the CLI configuration leads to.</summary>
    public bool PlainHttp { get; init; }

    /// <summary>TLS settings for every registry the command reaches (paths absolute).</summary>
    public TlsSettings Tls { get; init; } = TlsSettings.None;

    /// <summary>TLS settings for one registry each (<c>host[:port]</c>), over <see cref="Tls"/>; each must be a registry the command names.</summary>
    public IReadOnlyDictionary<string, TlsSettings> RegistryTls { get; init; } = new Dictionary<string, TlsSettings>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Skip certificate verification for the registries the command names, or every registry a template or the CLI configuration leads to.</summary>
    public bool SkipCertificateCheck { get; init; }

    /// <summary>
    /// How many times a failed registry read is retried, when the user said (<c>--retries</c>,
    /// <c>-MaximumRetryCount</c>); null for <c>TOFU_OCI_MAX_RETRIES</c> or the default.
    /// </summary>
    public int? MaxRetries { get; init; }

    /// <summary>Makes a relative layout directory absolute: the front end's current location (PowerShell's, with <c>~</c> and drives). Null: the process's current directory.</summary>
    public Func<string, string>? ResolveLayoutPath { get; init; }

    /// <summary>What the command sees of its process (credentials, TLS variables, CLI configuration).</summary>
    public required AccessEnvironment Environment { get; init; }
}
