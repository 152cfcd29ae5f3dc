namespace OpenTofuOci.PowerShell.Output;

/// <summary>
/// The totals of one <c>Test-TofuProviderMirror</c> run, written to the information stream (tag <c>Summary</c>), so
/// <c>-InformationVariable</c> holds it for a runbook (docs/en-US/Test-TofuProviderMirror.md).
/// </summary>
public sealed class TofuAuditSummaryInfo
{
    internal TofuAuditSummaryInfo(int repositories, int versions, int platforms, int modules, int errors, int warnings, int @fixed)
    {
        Repositories = repositories;
        Versions = versions;
        Platforms = platforms;
        Modules = modules;
        Errors = errors;
        Warnings = warnings;
        Fixed = @fixed;
    }

    /// <summary>Provider repositories audited.</summary>
    public int Repositories { get; }

    /// <summary>Version tags audited.</summary>
    public int Versions { get; }

    /// <summary>Platform entries the audited versions' indexes offer.</summary>
    public int Platforms { get; }

    /// <summary>Module sources audited.</summary>
    public int Modules { get; }

    /// <summary>Error-severity findings (after <c>-Fix</c>, those that remain).</summary>
    public int Errors { get; }

    /// <summary>Warning-severity findings.</summary>
    public int Warnings { get; }

    /// <summary>Repairs <c>-Fix</c> made.</summary>
    public int Fixed { get; }

    /// <summary>True when no error remains: what <c>-Quiet</c> returns.</summary>
    public bool Passed => Errors == 0;

    /// <inheritdoc/>
    public override string ToString() =>
        $"Audited {Repositories} provider repositories ({Versions} versions, {Platforms} platforms) and {Modules} module sources: {Errors} errors, {Warnings} warnings, {Fixed} fixed.";
}
