using OpenTofuOci.Core.Errors;

namespace OpenTofuOci.Core.Auditing.Scopes;

/// <summary>
/// What an audit found and, when asked to fix, what it repaired: <see cref="Report"/> is the audit after the
/// repairs (the first audit when nothing was applied), so it says whether <c>tofu init</c> would work now
/// (docs/opentofu-compatibility.md §12.1).
/// </summary>
/// <param name="Report">The findings and totals.</param>
/// <param name="Fixes">Each repair made or planned, in finding order; empty without a fix.</param>
public sealed record MirrorAuditResult(AuditReport Report, IReadOnlyList<AuditFix> Fixes)
{
    /// <summary>
    /// Null when no error-severity finding remains; otherwise <see cref="ErrorIds.MirrorAuditFailed"/> counting them
    /// (each finding says what and how to fix it), for a front end that ends a failed run with one error.
    /// </summary>
    public TofuOciException? Failed => Report.Summary.Passed
        ? null
        : new TofuOciException(ErrorIds.MirrorAuditFailed, ErrorKind.InvalidData,
            $"The audit found {Report.Summary.Errors} problem(s) that would make tofu init fail (and {Report.Summary.Warnings} warning(s)); each finding says what is wrong and how to fix it.",
            Report.Findings.First(f => f.Severity == AuditSeverity.Error).Repository);
}
