using OpenTofuOci.Core.Access;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.LockFiles;
using OpenTofuOci.Core.Modules;
using OpenTofuOci.Core.Oci.Targets;
using OpenTofuOci.Core.Providers;
using OpenTofuOci.Core.RootModules;

namespace OpenTofuOci.Core.Auditing.Scopes;

/// <summary>
/// Runs one audit over its scope (docs/opentofu-compatibility.md §12.1): decides which provider repositories and
/// module sources it covers, audits each with <see cref="ProviderMirrorAuditor"/> and <see cref="ModulePackageAuditor"/>,
/// and gathers one <see cref="AuditReport"/>; when asked, repairs what <see cref="AuditFixer"/> can and audits again,
/// so the report says whether <c>tofu init</c> works now.
/// </summary>
public static class MirrorAudit
{
    /// <summary>
    /// Audits <paramref name="scope"/> in one call: <see cref="PrepareAsync"/>, then each access planned by
    /// <paramref name="plan"/> (the front end's credentials, TLS and plain HTTP), then
    /// <see cref="RunAsync(MirrorAuditPreparation, IReadOnlyList{AccessPlan}, AccessSinks, Func{AuditFix, bool}?, CancellationToken)"/>.
    /// </summary>
    public static async Task<MirrorAuditResult> RunAsync(MirrorAuditScope scope, Func<AuditAccess, CancellationToken, Task<AccessPlan>> plan,
        AccessSinks sinks, Func<AuditFix, bool>? shouldFix = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(plan);
        var prepared = await PrepareAsync(scope, cancellationToken).ConfigureAwait(false);
        var plans = new List<AccessPlan>();
        foreach (var access in prepared.Accesses)
        {
            plans.Add(await plan(access, cancellationToken).ConfigureAwait(false));
        }

        return await RunAsync(prepared, plans, sinks, shouldFix, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads the scope's configuration and lock file and says what must be reached; a front end that must plan on
    /// one thread (the cmdlets) plans <see cref="MirrorAuditPreparation.Accesses"/> there.
    /// </summary>
    public static Task<MirrorAuditPreparation> PrepareAsync(MirrorAuditScope scope, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return ScopeUnits.PrepareAsync(scope, cancellationToken);
    }

    /// <summary>
    /// Audits what <paramref name="prepared"/> covers, reached through <paramref name="plans"/> (one per
    /// <see cref="MirrorAuditPreparation.Accesses"/>, in order); <paramref name="sinks"/> hear what is opened and warned
    /// about. With <paramref name="shouldFix"/>, fixable findings are repaired when it answers true (false: planned only),
    /// and everything is audited again when anything was repaired.
    /// </summary>
    public static async Task<MirrorAuditResult> RunAsync(MirrorAuditPreparation prepared, IReadOnlyList<AccessPlan> plans, AccessSinks sinks,
        Func<AuditFix, bool>? shouldFix = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prepared);
        ArgumentNullException.ThrowIfNull(plans);
        ArgumentNullException.ThrowIfNull(sinks);
        var units = await ScopeUnits.OpenAsync(prepared, plans, sinks, cancellationToken).ConfigureAwait(false);
        var deep = prepared.Scope.Deep;
        var first = await AuditAllAsync(units, deep, cancellationToken).ConfigureAwait(false);
        if (shouldFix is null)
        {
            return new MirrorAuditResult(Report(units, first, 0), []);
        }

        var fixes = new List<AuditFix>();
        for (var i = 0; i < units.Count; i++)
        {
            var fixable = first[i].Findings.Where(f => f.Fixable).ToList();
            if (fixable.Count > 0)
            {
                // Every unit's target was opened by the plan, which opens writable targets.
                var target = units[i].Target as ITarget
                    ?? throw new InvalidOperationException($"{units[i].Target.DisplayName} was not opened for writing.");
                fixes.AddRange(await AuditFixer.FixAsync(target, fixable, shouldFix, cancellationToken).ConfigureAwait(false));
            }
        }

        var applied = fixes.Count(f => f.Applied);
        // Only a change needs a second look; planned fixes leave the first audit true.
        var final = applied == 0 ? first : await AuditAllAsync(units, deep, cancellationToken).ConfigureAwait(false);
        return new MirrorAuditResult(Report(units, final, applied), fixes);
    }

    // One pass over every unit: its findings, and for a provider repository the versions and platforms it looked at.
    private static async Task<List<(IReadOnlyList<AuditFinding> Findings, int Versions, int Platforms)>> AuditAllAsync(IReadOnlyList<AuditUnit> units, bool deep,
        CancellationToken cancellationToken)
    {
        var all = new List<(IReadOnlyList<AuditFinding>, int, int)>(units.Count);
        foreach (var unit in units)
        {
            if (unit.Provider is { } request)
            {
                var result = await ProviderMirrorAuditor.RunAsync(request, cancellationToken).ConfigureAwait(false);
                all.Add((result.Findings, result.Versions, result.Platforms));
            }
            else
            {
                all.Add((await ModulePackageAuditor.AuditAsync(unit.Target, unit.Module!, deep, cancellationToken).ConfigureAwait(false), 0, 0));
            }
        }

        return all;
    }

    private static AuditReport Report(IReadOnlyList<AuditUnit> units, List<(IReadOnlyList<AuditFinding> Findings, int Versions, int Platforms)> audited, int fixedCount) =>
        AuditReports.Create(audited.SelectMany(a => a.Findings), units.Count(u => u.Provider is not null), audited.Sum(a => a.Versions),
            audited.Sum(a => a.Platforms), units.Count(u => u.Module is not null), fixedCount);
}
