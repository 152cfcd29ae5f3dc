namespace OpenTofuOci.Core.Auditing;

/// <summary>
/// One reason <c>tofu init</c> would refuse or misbehave (docs/opentofu-compatibility.md §12).
/// </summary>
/// <param name="Severity">Error or warning.</param>
/// <param name="Rule">One of <see cref="AuditRules"/>.</param>
/// <param name="Subject">The provider address (<c>host/ns/type</c>) or module source the finding is about.</param>
/// <param name="Repository">The repository as users write it (<c>host/repo</c> or <c>oci-layout:dir</c>).</param>
/// <param name="Version">The version (or tag) concerned, or null for the whole repository.</param>
/// <param name="Platform">The platform (<c>os_arch</c>) concerned, or null.</param>
/// <param name="Digest">The digest of the index, manifest or blob concerned, or null.</param>
/// <param name="Message">What is wrong, in one sentence naming the object.</param>
/// <param name="Fix">What to do about it.</param>
/// <param name="Fixable">True when the audit's fix can repair it without changing any package's bytes.</param>
public sealed record AuditFinding(
    AuditSeverity Severity,
    string Rule,
    string Subject,
    string Repository,
    string? Version,
    string? Platform,
    string? Digest,
    string Message,
    string Fix,
    bool Fixable)
{
    /// <summary>
    /// The tag the finding was read through (a version's tag, or the odd tag itself), when there is one; the
    /// fix moves or adds tags by it, and reports can show it where it differs from the version.
    /// </summary>
    public string? Tag { get; init; }
}
