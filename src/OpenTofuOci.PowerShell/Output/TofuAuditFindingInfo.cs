namespace OpenTofuOci.PowerShell.Output;

/// <summary>
/// One reason <c>tofu init</c> would refuse or misbehave, found by <c>Test-TofuProviderMirror</c>
/// (docs/opentofu-compatibility.md §12): which rule, about what, and how to fix it.
/// </summary>
public sealed class TofuAuditFindingInfo
{
    internal TofuAuditFindingInfo(string severity, string rule, string subject, string repository, string? version, string? platform,
        string? digest, string message, string fix, bool fixable)
    {
        Severity = severity;
        Rule = rule;
        Subject = subject;
        Repository = repository;
        Version = version;
        Platform = platform;
        Digest = digest;
        Message = message;
        Fix = fix;
        Fixable = fixable;
    }

    /// <summary><c>Error</c> (tofu init fails or installs something else) or <c>Warning</c> (a surprise that does not fail).</summary>
    public string Severity { get; }

    /// <summary>The stable rule id, e.g. <c>IndexMissingArtifactType</c>.</summary>
    public string Rule { get; }

    /// <summary>The provider address or module source the finding is about.</summary>
    public string Subject { get; }

    /// <summary>The repository, <c>host/repo</c> or <c>oci-layout:dir</c>.</summary>
    public string Repository { get; }

    /// <summary>The version or tag concerned, or null for the whole repository.</summary>
    public string? Version { get; }

    /// <summary>The platform <c>os_arch</c> concerned, or null.</summary>
    public string? Platform { get; }

    /// <summary>The digest of the index, manifest or blob concerned, or null.</summary>
    public string? Digest { get; }

    /// <summary>What is wrong.</summary>
    public string Message { get; }

    /// <summary>What to do about it.</summary>
    public string Fix { get; }

    /// <summary>True when <c>-Fix</c> repairs it without changing any package's bytes.</summary>
    public bool Fixable { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{Severity} {Rule} {Subject} {Version} {Platform}".TrimEnd();
}
