using OpenTofuOci.Core.LockFiles;
using OpenTofuOci.Core.Oci.Targets;
using OpenTofuOci.Core.Providers;

namespace OpenTofuOci.Core.Auditing;

/// <summary>What to audit in one provider repository.</summary>
/// <param name="Target">The repository or layout holding the provider's version tags.</param>
/// <param name="Provider">The provider address the repository serves (for messages and lock-file lookups).</param>
public sealed record ProviderAuditRequest(IReadOnlyTarget Target, ProviderAddress Provider)
{
    /// <summary>
    /// Platforms every version must have (<c>--platform</c>); empty for no expectation. When given, they are the platforms
    /// wanted: a release platform outside them that the index lacks is not reported.
    /// </summary>
    public IReadOnlyList<ProviderPlatform> ExpectedPlatforms { get; init; } = [];

    /// <summary>The lock file entry for this provider, whose version must exist and whose hashes must match.</summary>
    public LockedProvider? Locked { get; init; }

    /// <summary>Only these versions (null: every version tag).</summary>
    public VersionConstraint? Versions { get; init; }

    /// <summary>Also download every zip and verify digest, package and <c>h1:</c>.</summary>
    public bool Deep { get; init; }

    /// <summary>The registry is spoken to over plain HTTP (adds the <see cref="AuditRules.PlainHttpRegistry"/> warning).</summary>
    public bool PlainHttp { get; init; }
}
