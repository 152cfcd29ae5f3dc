namespace OpenTofuOci.Core.Auditing;

/// <summary>
/// Walks every version tag of a provider repository and reports, per version and platform, each reason
/// OpenTofu's OCI mirror source would refuse or misbehave (docs/opentofu-compatibility.md §12).
/// Reads manifests and checks blobs with HEAD; downloads zips only when asked to go deep.
/// </summary>
public static class ProviderMirrorAuditor
{
    /// <summary>The findings for one repository (unsorted is fine: <see cref="AuditReports"/> orders them).</summary>
    public static Task<IReadOnlyList<AuditFinding>> AuditAsync(ProviderAuditRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        throw new NotImplementedException("contract stub: built in issue 13");
    }
}
