using OpenTofuOci.Core.LockFiles;
using OpenTofuOci.Core.Modules;
using OpenTofuOci.Core.Providers;
using OpenTofuOci.Core.RootModules;

namespace OpenTofuOci.Core.Auditing.Scopes;

/// <summary>
/// A scope with its configuration and lock file read: which providers and module sources the audit covers, and what
/// the front end must plan access for (<see cref="Accesses"/>, in order) before <see cref="MirrorAudit.RunAsync(MirrorAuditPreparation, IReadOnlyList{Access.AccessPlan}, Access.AccessSinks, Func{AuditFix, bool}?, CancellationToken)"/>.
/// </summary>
public sealed class MirrorAuditPreparation
{
    internal MirrorAuditPreparation(MirrorAuditScope scope, RootModule? root, DependencyLockFile? lockFile, IReadOnlyList<ProviderAddress> providers,
        IReadOnlyList<ModuleAddress> modules, AuditAccess? providerAccess, AuditAccess? moduleAccess)
    {
        Scope = scope;
        Root = root;
        LockFile = lockFile;
        Providers = providers;
        Modules = modules;
        ProviderAccess = providerAccess;
        ModuleAccess = moduleAccess;
    }

    /// <summary>What the user asked.</summary>
    public MirrorAuditScope Scope { get; }

    /// <summary>The configuration read, or null without one.</summary>
    public RootModule? Root { get; }

    /// <summary>The lock file checked against, or null.</summary>
    public DependencyLockFile? LockFile { get; }

    /// <summary>The providers mapped through a template or the CLI configuration (empty for one named repository).</summary>
    public IReadOnlyList<ProviderAddress> Providers { get; }

    /// <summary>The configuration's <c>oci://</c> module sources, each once.</summary>
    public IReadOnlyList<ModuleAddress> Modules { get; }

    /// <summary>How the provider repositories are reached, or null when no provider is audited.</summary>
    public AuditAccess? ProviderAccess { get; }

    /// <summary>How the module sources are reached, or null when there are none.</summary>
    public AuditAccess? ModuleAccess { get; }

    /// <summary>What to plan, in order: <see cref="ProviderAccess"/> then <see cref="ModuleAccess"/>, those that are not null.</summary>
    public IReadOnlyList<AuditAccess> Accesses => new[] { ProviderAccess, ModuleAccess }.OfType<AuditAccess>().ToList();
}
