namespace OpenTofuOci.Core.Auditing;

/// <summary>Totals of an audit: what was looked at and what was found.</summary>
public sealed record AuditSummary(int Repositories, int Versions, int Platforms, int Modules, int Errors, int Warnings, int Fixed)
{
    /// <summary>True when nothing found would make <c>tofu init</c> fail.</summary>
    public bool Passed => Errors == 0;
}
