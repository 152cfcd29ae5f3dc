using OpenTofuOci.Core.Auditing;

namespace OpenTofuOci.PowerShell.Output;

/// <summary>One finding of <c>Test-TofuBundle</c>, in the mirror audit's shape (docs/opentofu-compatibility.md §13.7).</summary>
public sealed class TofuBundleFindingInfo
{
    internal TofuBundleFindingInfo(AuditFinding finding)
    {
        Severity = finding.Severity.ToString();
        Rule = finding.Rule;
        Subject = finding.Subject;
        Repository = finding.Repository;
        Version = finding.Version;
        Platform = finding.Platform;
        Digest = finding.Digest;
        Message = finding.Message;
        Fix = finding.Fix;
    }

    /// <summary><c>Error</c> (the bundle fails) or <c>Warning</c>.</summary>
    public string Severity { get; }

    /// <summary>The stable rule id.</summary>
    public string Rule { get; }

    /// <summary>The provider address or module source.</summary>
    public string Subject { get; }

    /// <summary>The bundle and the repository view inside it.</summary>
    public string Repository { get; }

    /// <summary>The version or tag, or null.</summary>
    public string? Version { get; }

    /// <summary>The platform, or null.</summary>
    public string? Platform { get; }

    /// <summary>The digest concerned, or null.</summary>
    public string? Digest { get; }

    /// <summary>What is wrong.</summary>
    public string Message { get; }

    /// <summary>What to do about it.</summary>
    public string Fix { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{Severity} {Rule} {Subject}";
}
