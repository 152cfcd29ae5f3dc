using OpenTofuOci.Core.Providers;

namespace OpenTofuOci.Core.Auditing.Scopes;

/// <summary>
/// What one audit covers, as the user said it (docs/opentofu-compatibility.md §12.1): one repository, a repository
/// template with the providers it maps, or every <c>oci_mirror</c> block of the CLI configuration for the providers
/// named or found in a configuration directory and its lock file; with a configuration, its <c>oci://</c> modules too.
/// </summary>
public sealed class MirrorAuditScope
{
    /// <summary>One repository (<c>host/repo</c> or <c>oci-layout:dir</c>) holding one provider's version tags; null for a template or the CLI configuration.</summary>
    public string? Repository { get; init; }

    /// <summary>A repository template (<c>oci_mirror</c> <c>${…}</c> or <c>-oci-mirror</c> <c>{…}</c> syntax); only without <see cref="Repository"/>.</summary>
    public string? Template { get; init; }

    /// <summary>
    /// The providers to audit. With <see cref="Repository"/> at most one (none: read from the repository's path);
    /// with <see cref="Template"/> at least one unless a configuration or lock file names them; added to a
    /// configuration's providers.
    /// </summary>
    public IReadOnlyList<ProviderAddress> Providers { get; init; } = [];

    /// <summary>A root module directory: its providers are audited, its lock file checked and its <c>oci://</c> module sources audited.</summary>
    public string? ConfigurationDirectory { get; init; }

    /// <summary>A <c>.terraform.lock.hcl</c> to check against (it must exist); null: the configuration's own, if any.</summary>
    public string? LockFilePath { get; init; }

    /// <summary>Platforms every version must have; empty for no expectation.</summary>
    public IReadOnlyList<ProviderPlatform> ExpectedPlatforms { get; init; } = [];

    /// <summary>Only versions this allows; null: every version tag.</summary>
    public VersionConstraint? Versions { get; init; }

    /// <summary>Also download every zip and module layer and verify them.</summary>
    public bool Deep { get; init; }
}
