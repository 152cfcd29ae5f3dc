using OpenTofuOci.Core.Oci.Targets;

namespace OpenTofuOci.Core.Auditing;

/// <summary>
/// Repairs what is safe and content-preserving among an audit's findings (docs/opentofu-compatibility.md §12):
/// re-pushes an index with the right <c>artifactType</c> and re-tags; never changes a package's bytes.
/// </summary>
public static class AuditFixer
{
    /// <summary>
    /// Repairs each <see cref="AuditFinding.Fixable"/> finding in <paramref name="findings"/> on <paramref name="target"/>;
    /// <paramref name="shouldProcess"/> is asked before each change (false: report it as planned only).
    /// </summary>
    public static Task<IReadOnlyList<AuditFix>> FixAsync(ITarget target, IReadOnlyList<AuditFinding> findings, Func<AuditFix, bool> shouldProcess, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(findings);
        ArgumentNullException.ThrowIfNull(shouldProcess);
        cancellationToken.ThrowIfCancellationRequested();
        throw new NotImplementedException("contract stub: built in issue 13");
    }
}
