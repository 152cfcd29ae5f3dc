namespace OpenTofuOci.Core.Auditing;

/// <summary>Builds a report from findings: a stable order and the totals.</summary>
public static class AuditReports
{
    /// <summary>Orders <paramref name="findings"/> by subject, version, platform, rule and message, and counts them.</summary>
    public static AuditReport Create(IEnumerable<AuditFinding> findings, int repositories, int versions, int platforms, int modules, int fixedCount = 0)
    {
        ArgumentNullException.ThrowIfNull(findings);
        var ordered = findings
            .OrderBy(f => f.Subject, StringComparer.Ordinal)
            .ThenBy(f => f.Version ?? string.Empty, StringComparer.Ordinal)
            .ThenBy(f => f.Platform ?? string.Empty, StringComparer.Ordinal)
            .ThenBy(f => f.Rule, StringComparer.Ordinal)
            .ThenBy(f => f.Message, StringComparer.Ordinal)
            .ToList();
        var errors = ordered.Count(f => f.Severity == AuditSeverity.Error);
        return new AuditReport(ordered, new AuditSummary(repositories, versions, platforms, modules, errors, ordered.Count - errors, fixedCount));
    }
}
