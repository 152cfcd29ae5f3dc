using OpenTofuOci.Core.Errors;

namespace OpenTofuOci.Core.Auditing;

/// <summary>
/// Collects the findings about one subject (a provider repository or a module source), optionally narrowed to
/// one version and tag, so every check fills in the same subject, repository, version and tag.
/// Thread-safe: the platform checks of one version run in parallel.
/// </summary>
internal sealed class FindingScope(string subject, string repository, string? version = null, string? tag = null)
{
    private readonly List<AuditFinding> _findings = [];

    public string Subject => subject;

    public string Repository => repository;

    public string? Version => version;

    public string? Tag => tag;

    /// <summary>A new, empty scope for one version read through <paramref name="versionTag"/>.</summary>
    public FindingScope ForVersion(string versionText, string versionTag) => new(subject, repository, versionText, versionTag);

    public void Error(string rule, string? platform, string? digest, string message, string fix, bool fixable = false) =>
        Add(AuditSeverity.Error, rule, platform, digest, message, fix, fixable);

    public void Warning(string rule, string? platform, string? digest, string message, string fix, bool fixable = false) =>
        Add(AuditSeverity.Warning, rule, platform, digest, message, fix, fixable);

    /// <summary>A snapshot of what was found.</summary>
    public IReadOnlyList<AuditFinding> Findings
    {
        get
        {
            lock (_findings)
            {
                return [.. _findings];
            }
        }
    }

    /// <summary>Replaces every finding <paramref name="change"/> changes (e.g. to decide <see cref="AuditFinding.Fixable"/> once all is known).</summary>
    public void Update(Func<AuditFinding, AuditFinding> change)
    {
        lock (_findings)
        {
            for (var i = 0; i < _findings.Count; i++)
            {
                _findings[i] = change(_findings[i]);
            }
        }
    }

    private void Add(AuditSeverity severity, string rule, string? platform, string? digest, string message, string fix, bool fixable)
    {
        // Platforms, digests and tags come from the registry's JSON and listings, and messages quote them: anything that
        // could drive a terminal is escaped here once, for every check (text already escaped has no control characters left).
        var finding = new AuditFinding(severity, rule, subject, repository, Clean(version), Clean(platform), Clean(digest),
            UntrustedText.EscapeMessage(message), UntrustedText.EscapeMessage(fix), fixable) { Tag = Clean(tag) };
        lock (_findings)
        {
            _findings.Add(finding);
        }
    }

    private static string? Clean(string? text) => text is null ? null : UntrustedText.EscapeMessage(text);
}
