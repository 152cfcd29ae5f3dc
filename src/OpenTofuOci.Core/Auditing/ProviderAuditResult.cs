namespace OpenTofuOci.Core.Auditing;

/// <summary>What one provider repository's audit looked at and found (docs/opentofu-compatibility.md §12).</summary>
/// <param name="Findings">Every finding, unsorted (<see cref="AuditReports"/> orders them).</param>
/// <param name="Versions">Version tags audited (after the version filter).</param>
/// <param name="Platforms">Platform entries the audited indexes offer, summed over the versions.</param>
public sealed record ProviderAuditResult(IReadOnlyList<AuditFinding> Findings, int Versions, int Platforms);
