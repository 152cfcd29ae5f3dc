namespace OpenTofuOci.Core.Auditing;

/// <summary>The findings of an audit, in a stable order (subject, version, platform, rule), and their totals.</summary>
public sealed record AuditReport(IReadOnlyList<AuditFinding> Findings, AuditSummary Summary);
